import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ITEM_KINDS, type ItemKind } from '../../items/item.events';
import { ReadYourWritesParams } from '../../read-models/read-your-writes.dto';
import type { UnitsAsOf } from '../../organisation/unit-lineage';
import type { ReportBasis, ReportGroupBy } from './overdue-report.query';

/** `GET /api/reports/overdue` query string. */
export class OverdueReportParams extends ReadYourWritesParams {
  @ApiPropertyOptional({ enum: ['lead-unit', 'commune'], default: 'lead-unit' })
  @IsOptional()
  @IsIn(['lead-unit', 'commune'])
  groupBy?: ReportGroupBy;

  @ApiPropertyOptional({ enum: ITEM_KINDS })
  @IsOptional()
  @IsIn(ITEM_KINDS)
  kind?: ItemKind;

  @ApiPropertyOptional({
    description:
      'A date (the end of that day, 24:00 Asia/Ho_Chi_Minh) or an ISO 8601 instant with offset; default now',
    example: '2026-03-31',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  asOf?: string;

  @ApiPropertyOptional({ enum: ['effective', 'recorded'], default: 'effective' })
  @IsOptional()
  @IsIn(['effective', 'recorded'])
  basis?: ReportBasis;

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

  @ApiPropertyOptional({ enum: ['json', 'xlsx'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'xlsx'])
  format?: 'json' | 'xlsx';
}
