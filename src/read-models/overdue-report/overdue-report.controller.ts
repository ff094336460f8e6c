import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { ProblemException } from '../../http/problem';
import { ReferenceDataService } from '../../organisation/reference-data.service';
import {
  endOfLocalDayUtc,
  isValidInstant,
  isValidLocalDate,
} from '../../shared/calendar/local-date';
import { parseMinPosition } from '../min-position';
import { PROJECTIONS } from '../read-model-set';
import { ReadModels } from '../read-models.service';
import { readUnits } from '../units/units.projection';
import { OverdueReportQuery } from './overdue-report.dto';
import { overdueReport, type OverdueReport } from './overdue-report.query';

/**
 * `GET /api/reports/overdue`. Open to the leadership, its office and auditors: the report compares
 * every unit, so unit users (who see only their own items) do not get it.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class OverdueReportController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly referenceData: ReferenceDataService,
  ) {}

  @Get('overdue')
  @Roles('leader', 'office', 'auditor')
  async overdue(@Query() query: OverdueReportQuery): Promise<OverdueReport> {
    const asOfMs = parseAsOf(query.asOf);
    await this.readModels.caughtUp(parseMinPosition(query.minPosition), [
      PROJECTIONS.report,
      PROJECTIONS.units,
    ]);
    const calendar = await this.referenceData.calendar();
    const { db, report } = this.readModels.current;
    return overdueReport(report.reportIndex, readUnits(db), calendar, {
      groupBy: query.groupBy ?? 'lead-unit',
      basis: query.basis ?? 'effective',
      kind: query.kind,
      asOfMs: asOfMs ?? Date.now(),
    });
  }
}

/** A date means the end of that local day (24:00 Asia/Ho_Chi_Minh); an instant is taken as is. */
function parseAsOf(asOf: string | undefined): number | undefined {
  if (asOf === undefined || asOf === '') return undefined;
  if (isValidLocalDate(asOf)) return Date.parse(endOfLocalDayUtc(asOf));
  if (isValidInstant(asOf)) return Date.parse(asOf);
  throw new ProblemException(400, 'VALIDATION', 'The request is not valid', [
    { field: 'asOf', message: 'must be a YYYY-MM-DD date or an ISO 8601 time with an offset' },
  ]);
}
