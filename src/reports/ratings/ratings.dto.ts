import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PeriodParams } from '../period/period-report.dto';

/** `GET /api/reports/ratings` query string. */
export class RatingsParams extends PeriodParams {
  @ApiPropertyOptional({ example: 'so-noi-vu', description: "Only this lead unit's rating" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  unitId?: string;

  @ApiPropertyOptional({
    example: '0',
    description:
      'Rate with this version of the rules; default: the version in force at the end of the period',
  })
  @IsOptional()
  @Matches(/^\d{1,9}$/, { message: 'rulesRevision must be a revision of the rating rules' })
  rulesRevision?: string;
}
