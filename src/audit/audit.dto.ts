import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export const AUDIT_PAGE_MAX = 1_000;

/** `GET /api/audit/events` query string. */
export class AuditEventsParams {
  @ApiPropertyOptional({
    description: 'Events after this log position (from the start when omitted)',
    example: '0',
  })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'after must be a log position' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;
}
