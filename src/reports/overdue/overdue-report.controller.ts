import { Controller, Inject, Get, Query, type StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiRead, API_PROBLEMS } from '../../http/api-docs';
import { OVERDUE_REPORT, jsonOrWorkbook } from '../report-responses';
import { Roles } from '../../auth/roles.decorator';
import { ProblemException } from '../../http/problem';
import {
  endOfLocalDayUtc,
  isValidInstant,
  isValidLocalDate,
} from '../../shared/calendar/local-date';
import { parseMinPosition } from '../../read-models/min-position';
import { fileStamp, unitsForExport } from '../export/units-for-export';
import { xlsxFile } from '../export/xlsx-reply';
import { GetOverdueReportQuery } from './get-overdue-report';
import { OVERDUE_REPORT_READER, type OverdueReportReader } from './overdue-report-reader';
import { writeOverdueWorkbook } from './overdue.workbook';
import { OverdueReportParams } from './overdue-report.dto';
import type { OverdueReport } from './overdue-report.query';

/**
 * `GET /api/reports/overdue`. Open to the leadership, its office and auditors: the report compares
 * every unit, so unit users (who see only their own items) do not get it.
 */
@ApiTags('reports')
@ApiBearerAuth()
@ApiProblems(...API_PROBLEMS)
@Controller('api/reports')
export class OverdueReportController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(OVERDUE_REPORT_READER) private readonly readSide: OverdueReportReader,
  ) {}

  @Get('overdue')
  @Roles('leader', 'office', 'auditor')
  @ApiRead('Open, overdue and completed items per lead unit or commune, now or at asOf', 503)
  @ApiOkResponse(jsonOrWorkbook(OVERDUE_REPORT))
  async overdue(@Query() query: OverdueReportParams): Promise<OverdueReport | StreamableFile> {
    const asOfMs = parseAsOf(query.asOf);
    const request = {
      report: {
        groupBy: query.groupBy ?? 'lead-unit',
        basis: query.basis ?? 'effective',
        kind: query.kind,
        asOfMs: asOfMs ?? Date.now(),
        units: query.units ?? 'then',
      },
      minPosition: parseMinPosition(query.minPosition),
    } as const;
    if (query.format !== 'xlsx') return this.queryBus.execute(new GetOverdueReportQuery(request));
    // format=xlsx: the same report, with the log position it reflects for the title block.
    const { report, position } = await this.readSide.overdueReportWithPosition(request);
    const { issuer } = await unitsForExport(this.queryBus);
    const now = Date.now();
    return xlsxFile(`bao-cao-qua-han-${fileStamp(now)}.xlsx`, (out) =>
      writeOverdueWorkbook(out, report, position, issuer, now),
    );
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
