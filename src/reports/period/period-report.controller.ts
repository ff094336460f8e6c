import { Controller, Get, Query, type StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, API_PROBLEMS } from '../../http/api-docs';
import { PERIOD_REPORT, jsonOrWorkbook } from '../report-responses';
import { Roles } from '../../auth/roles.decorator';
import { parseMinPosition } from '../../read-models/min-position';
import { xlsxFile } from '../export/xlsx-reply';
import { fileStamp, unitsForExport } from '../export/units-for-export';
import { GetPeriodReportQuery } from './get-period-report';
import { checkPeriod } from './period-check';
import { PeriodReportParams } from './period-report.dto';
import type { PeriodReport } from './period-report.query';
import { writePeriodWorkbook } from './period.workbook';

/** `GET /api/reports/period` (API.md, "Period reports, ratings, exports"). */
@ApiTags('reports')
@ApiBearerAuth()
@ApiProblems(...API_PROBLEMS)
@Controller('api/reports')
export class PeriodReportController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('period')
  @Roles('leader', 'office', 'auditor')
  @ApiOperation({
    summary: 'Items carried over, received, completed, open and cancelled per unit over a period',
    description:
      'Per row and in the totals, carriedOver + received = completedOnTime + completedLate + ' +
      'openOnTime + openOverdue + openNoDeadline + cancelled. Any from/to (presets are the ' +
      "client's); format=xlsx answers the same numbers as a workbook.",
  })
  @ApiProblems(400, 503)
  @ApiOkResponse(jsonOrWorkbook(PERIOD_REPORT))
  async period(@Query() query: PeriodReportParams): Promise<PeriodReport | StreamableFile> {
    checkPeriod(query.from, query.to);
    const report = await this.queryBus.execute(
      new GetPeriodReportQuery({
        report: {
          from: query.from,
          to: query.to,
          groupBy: query.groupBy ?? 'lead-unit',
          basis: query.basis ?? 'effective',
          kind: query.kind,
          units: query.units ?? 'then',
        },
        minPosition: parseMinPosition(query.minPosition),
      }),
    );
    if (query.format !== 'xlsx') return report;
    const { issuer } = await unitsForExport(this.queryBus);
    const now = Date.now();
    return xlsxFile(`bao-cao-ky-${report.from}-${report.to}-${fileStamp(now)}.xlsx`, (out) =>
      writePeriodWorkbook(out, report, issuer, now),
    );
  }
}
