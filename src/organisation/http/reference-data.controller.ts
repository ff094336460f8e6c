import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, S, API_PROBLEMS } from '../../http/api-docs';
import { CALENDAR_YEAR, SOURCE, UNIT_DETAIL, UNIT_LIST } from './reference-data.responses';
import { randomUUID } from 'node:crypto';
import type { HttpReply, HttpRequest } from '../../http/http-types';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { Principal } from '../../shared/principal';
import { commandMetadataFrom } from '../../http/command-metadata';
import { uuidFromKey } from '../../shared/ids';
import { ApiWrite, writeResult, type WriteResult } from '../../http/write-result';
import { toLocalDate } from '../../shared/calendar/local-date';
import { CalendarStatusDto } from './calendar-status.dto';
import {
  DeclareCalendarYearDto,
  DissolveUnitDto,
  MergeUnitsDto,
  RecordSourceDto,
  RegisterUnitDto,
  RenameUnitDto,
  UnitIdParam,
  YearParam,
} from './reference-data.dto';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ChangeUnitsCommand,
  DeclareCalendarYearCommand,
  RecordSourceCommand,
  RegisterUnitCommand,
} from '../application/reference-data.commands';
import {
  GetCalendarStatusQuery,
  GetCalendarYearQuery,
  GetSourceQuery,
  GetUnitQuery,
  ListSourcesQuery,
  ListUnitsQuery,
} from '../application/reference-data.queries';

@ApiTags('reference data')
@ApiBearerAuth()
@ApiProblems(...API_PROBLEMS)
@Controller('api')
export class ReferenceDataController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Get('units')
  @ApiOperation({ summary: 'Every unit: departments, communes, agencies, the province' })
  @ApiOkResponse({ schema: UNIT_LIST })
  units() {
    return this.queryBus.execute(new ListUnitsQuery());
  }

  @Post('units')
  @ApiWrite(201)
  @ApiOperation({ summary: 'Register a unit' })
  @Roles('admin')
  async registerUnit(
    @Body() body: RegisterUnitDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<WriteResult> {
    const result = await this.commandBus.execute(
      new RegisterUnitCommand(
        {
          id: body.id,
          name: body.name,
          kind: body.kind,
          ...(body.code ? { code: body.code } : {}),
          ...(body.validFrom ? { validFrom: body.validFrom } : {}),
        },
        commandMetadataFrom(request, principal),
      ),
    );
    void response.status(201).header('Location', `/api/units/${body.id}`);
    return writeResult(body.id, result, response);
  }

  @Get('units/:id')
  @ApiOperation({
    summary: 'A unit with its lineage',
    description:
      'validFrom/validTo: first and last day of the unit (null: unknown, or still active); ' +
      'names: oldest first, each from its first day; predecessors: units merged into it or ' +
      'dissolved with it as successor; successor: where its work went when it ended.',
  })
  @ApiProblems(404)
  @ApiOkResponse({ schema: UNIT_DETAIL })
  unit(@Param('id') id: string) {
    return this.queryBus.execute(new GetUnitQuery(id));
  }

  @Post('units/merge')
  @HttpCode(200)
  @ApiWrite()
  @Roles('admin')
  @ApiOperation({
    summary: 'Merge units into an existing or a new one',
    description:
      'From effectiveOn the merged units are inactive, and every item they lead, support or ' +
      'concern is carried over to `into` by an ItemTransferred event in its own stream (soon ' +
      'after, by the transfer engine). Refusals: UNIT.MERGE_INTO_ITSELF (400), UNIT.INACTIVE, ' +
      'UNIT.SUCCESSOR_CYCLE, UNIT.BEFORE_VALID_FROM, UNIT.CHANGE_OUT_OF_ORDER (409), VALIDATION.',
  })
  async mergeUnits(
    @Body() body: MergeUnitsDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<WriteResult> {
    const { id, name, kind, code } = body.into;
    const result = await this.commandBus.execute(
      new ChangeUnitsCommand(
        {
          type: 'MergeUnits',
          from: body.from,
          into: {
            id,
            ...(name !== undefined ? { name } : {}),
            ...(kind !== undefined ? { kind } : {}),
            ...(code !== undefined ? { code } : {}),
          },
          effectiveOn: body.effectiveOn,
          ...(body.reference !== undefined ? { reference: body.reference } : {}),
        },
        commandMetadataFrom(request, principal),
      ),
    );
    return writeResult(id, result, response);
  }

  @Post('units/:id/rename')
  @HttpCode(200)
  @ApiWrite()
  @Roles('admin')
  @ApiOperation({ summary: 'Rename a unit from a date (its earlier names are kept)' })
  @ApiParam({ name: 'id', example: 'so-noi-vu' })
  async renameUnit(
    @Param() { id }: UnitIdParam,
    @Body() body: RenameUnitDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<WriteResult> {
    const result = await this.commandBus.execute(
      new ChangeUnitsCommand(
        { type: 'RenameUnit', unitId: id, name: body.name, effectiveOn: body.effectiveOn },
        commandMetadataFrom(request, principal),
      ),
    );
    return writeResult(id, result, response);
  }

  @Post('units/:id/dissolve')
  @HttpCode(200)
  @ApiWrite()
  @Roles('admin')
  @ApiOperation({
    summary: 'Dissolve a unit, with or without a successor',
    description:
      'From effectiveOn the unit is inactive; with a successor, its items are carried over to it ' +
      'as in a merger.',
  })
  @ApiParam({ name: 'id', example: 'so-noi-vu' })
  async dissolveUnit(
    @Param() { id }: UnitIdParam,
    @Body() body: DissolveUnitDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<WriteResult> {
    const result = await this.commandBus.execute(
      new ChangeUnitsCommand(
        {
          type: 'DissolveUnit',
          unitId: id,
          ...(body.successor !== undefined ? { successor: body.successor } : {}),
          effectiveOn: body.effectiveOn,
          ...(body.reference !== undefined ? { reference: body.reference } : {}),
        },
        commandMetadataFrom(request, principal),
      ),
    );
    return writeResult(id, result, response);
  }

  @Get('sources/:id')
  @Roles('leader', 'office', 'admin', 'auditor')
  @ApiOperation({ summary: 'A source: conclusion notice, document or working session' })
  @ApiProblems(404)
  @ApiOkResponse({ schema: SOURCE })
  source(@Param('id') id: string) {
    return this.queryBus.execute(new GetSourceQuery(id));
  }

  @Get('sources')
  @Roles('leader', 'office', 'admin', 'auditor')
  @ApiOperation({ summary: 'Every source' })
  @ApiOkResponse({ schema: S.array(SOURCE) })
  sources() {
    return this.queryBus.execute(new ListSourcesQuery());
  }

  @Post('sources')
  @ApiWrite(201)
  @ApiOperation({ summary: 'Record a source (its id chosen by the server when omitted)' })
  @Roles('leader', 'office', 'admin')
  async recordSource(
    @Body() body: RecordSourceDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    const metadata = commandMetadataFrom(request, principal);
    // A retried request with the same key must name the same source, so the id comes from the key.
    const id =
      body.id ??
      (metadata.idempotencyKey
        ? uuidFromKey(principal.sub, 'source', metadata.idempotencyKey)
        : randomUUID());
    const source = { ...body, id };
    const result = await this.commandBus.execute(new RecordSourceCommand(source, metadata));
    void response.status(201).header('Location', `/api/sources/${source.id}`);
    return { ...source, ...writeResult(source.id, result, response) };
  }

  @Get('calendar')
  @ApiOperation({
    summary: 'Which years have declared days, and what is missing or unconfirmed',
    description:
      'Any signed-in user. Warnings: CALENDAR.YEAR_MISSING for the current year, or for the next ' +
      'year from 1 October (Asia/Ho_Chi_Minh); CALENDAR.UNCONFIRMED for the current or next year ' +
      'when declared but not confirmed.',
  })
  @ApiOkResponse({ type: CalendarStatusDto })
  calendarStatus(): Promise<CalendarStatusDto> {
    // The HTTP edge reads the clock; the status itself is computed from the day alone.
    return this.queryBus.execute(new GetCalendarStatusQuery(toLocalDate(new Date().toISOString())));
  }

  @Get('calendar/:year')
  @ApiParam({ name: 'year', type: Number, example: 2026 })
  @ApiOperation({ summary: "A year's declared holidays and working Saturdays" })
  @ApiProblems(400)
  @ApiOkResponse({ schema: CALENDAR_YEAR })
  calendar(@Param() { year }: YearParam) {
    return this.queryBus.execute(new GetCalendarYearQuery(year));
  }

  @Put('calendar/:year')
  @ApiWrite()
  @ApiOperation({ summary: "Replace a year's declared days (recorded as an event)" })
  @ApiParam({ name: 'year', type: Number, example: 2026 })
  @Roles('admin')
  async declareCalendarYear(
    @Param() { year }: YearParam,
    @Body() body: DeclareCalendarYearDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<WriteResult> {
    const result = await this.commandBus.execute(
      new DeclareCalendarYearCommand(
        {
          year,
          holidays: body.holidays,
          workingSaturdays: body.workingSaturdays,
          // A declaration not said to be confirmed is not: each one replaces the year entirely.
          confirmed: body.confirmed ?? false,
          reference: body.reference ?? null,
          dayReferences: (body.dayReferences ?? []).map((d) => ({
            date: d.date,
            reference: d.reference,
          })),
        },
        commandMetadataFrom(request, principal),
      ),
    );
    return writeResult(`calendar-${year}`, result, response);
  }
}
