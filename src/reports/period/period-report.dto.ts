import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ITEM_KINDS, type ItemKind } from '../../items/item.events';
import { IsLocalDate } from '../../http/local-date.validator';
import { ReadYourWritesParams } from '../../read-models/read-your-writes.dto';
import type { UnitsAsOf } from '../../organisation/unit-lineage';
import type { ReportBasis, ReportGroupBy } from '../overdue/overdue-report.query';

export const REPORT_FORMATS = ['json', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `?from&to&basis&format`: a period of local days, shared by the period report and ratings. */
export class PeriodParams extends ReadYourWritesParams {
  @ApiProperty({ example: '2026-01-01', description: 'First day of the period (local date)' })
  @IsLocalDate()
  from!: string;

  @ApiProperty({
    example: '2026-03-31',
    description:
      'Last day of the period, included (its 24:00 is the cut-off); at most 10 years after from',
  })
  @IsLocalDate()
  to!: string;

  @ApiPropertyOptional({ enum: ['effective', 'recorded'], default: 'effective' })
  @IsOptional()
  @IsIn(['effective', 'recorded'])
  basis?: ReportBasis;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

/** `GET /api/reports/period` query string. */
export class PeriodReportParams extends PeriodParams {
  @ApiPropertyOptional({ enum: ['lead-unit', 'commune'], default: 'lead-unit' })
  @IsOptional()
  @IsIn(['lead-unit', 'commune'])
  groupBy?: ReportGroupBy;

  @ApiPropertyOptional({ enum: ITEM_KINDS })
  @IsOptional()
  @IsIn(ITEM_KINDS)
  kind?: ItemKind;

  @ApiPropertyOptional({
    enum: ['then', 'now'],
    default: 'then',
    description:
      'then: rows by the units as organised at the report date (a merged unit before its merger, ' +
      'its successor after); now: each row mapped to the unit that carries its work today',
  })
  @IsOptional()
  @IsIn(['then', 'now'])
  units?: UnitsAsOf;
}
