import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';

export const AUDIT_PAGE_MAX = 1_000;

/** The largest position a log holds: SQLite keeps positions as signed 64-bit integers. */
const MAX_LOG_POSITION = 2n ** 63n - 1n;

/** A decimal log position from 0 to `MAX_LOG_POSITION`: beyond it a store could not compare. */
function IsLogPosition(): PropertyDecorator {
  return ValidateBy({
    name: 'isLogPosition',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_LOG_POSITION,
      defaultMessage: (args) =>
        `${args?.property ?? 'after'} must be a log position (0 to ${MAX_LOG_POSITION})`,
    },
  });
}

/** `GET /api/audit/events` query string. */
export class AuditEventsParams {
  @ApiPropertyOptional({
    description: 'Events after this log position (from the start when omitted)',
    example: '0',
  })
  @IsOptional()
  @IsLogPosition()
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;
}

/** `GET /api/audit/checkpoints` query string. */
export class AuditCheckpointsParams {
  @ApiPropertyOptional({ description: 'Checkpoints after this seq (from the first when omitted)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: AUDIT_PAGE_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;
}

/** `GET /api/audit/export` query string: positions of the first and last event, both included. */
export class AuditExportParams {
  @ApiPropertyOptional({
    description: 'Log position of the first event to export (the start of the log when omitted)',
    example: '0',
  })
  @IsOptional()
  @IsLogPosition()
  from?: string;

  @ApiPropertyOptional({
    description: 'Log position of the last event to export (the head when omitted)',
  })
  @IsOptional()
  @IsLogPosition()
  to?: string;
}
