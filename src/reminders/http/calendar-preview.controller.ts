import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, API_PROBLEMS } from '../../http/api-docs';
import { CALENDAR_PREVIEW } from './calendar-preview.responses';
import { Roles } from '../../auth/roles.decorator';
import { DeclareCalendarYearDto, YearParam } from '../../organisation/http/reference-data.dto';
import {
  PreviewCalendarYearQuery,
  type CalendarPreview,
} from '../application/calendar-preview.query';

/**
 * `POST /api/calendar/{year}/preview`: what `PUT /api/calendar/{year}` with the same body would
 * change, recorded nowhere. It lives with the reminders because what a calendar still changes
 * is future computations (`calendar-effects.ts`); recorded due dates never move.
 */
@ApiTags('reference data')
@ApiBearerAuth()
@ApiProblems(...API_PROBLEMS)
@Controller('api/calendar/:year/preview')
@Roles('admin')
export class CalendarPreviewController {
  constructor(private readonly queries: QueryBus) {}

  @Post()
  @HttpCode(200)
  @ApiParam({ name: 'year', type: Number, example: 2027 })
  @ApiOperation({
    summary: 'Preview a declaration of the year (admin; records nothing)',
    description:
      'The same body and checks as PUT /api/calendar/{year}. Answers the days whose kind would ' +
      'change and the open items whose pending computations would differ: reminders not yet ' +
      'fired, the due date an unassigned item with a requested deadline would get if assigned ' +
      'today, the due date a pending extension would get if approved today. Recorded due dates ' +
      'never move and are not listed.',
  })
  @ApiProblems(400, 413, 415, 503)
  @ApiOkResponse({ schema: CALENDAR_PREVIEW })
  preview(
    @Param() { year }: YearParam,
    @Body() body: DeclareCalendarYearDto,
  ): Promise<CalendarPreview> {
    return this.queries.execute(
      new PreviewCalendarYearQuery(
        {
          year,
          holidays: body.holidays,
          workingSaturdays: body.workingSaturdays,
          confirmed: body.confirmed ?? false,
          reference: body.reference ?? null,
          dayReferences: (body.dayReferences ?? []).map((d) => ({
            date: d.date,
            reference: d.reference,
          })),
        },
        // The HTTP edge reads the clock; the preview is computed from the instant given.
        Date.now(),
      ),
    );
  }
}
