import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { UNIT_ID } from '../../organisation/http/reference-data.dto';
import type { DeadlineSpec } from '../deadline';
import {
  ITEM_KINDS,
  type ItemKind,
  type ItemOutcome,
  type ItemPriority,
  type ReviewVerdict,
} from '../item.events';
import { IsDeadlineSpec } from './deadline.validator';
import { IsLocalDate } from '../../http/local-date.validator';

const TITLE_MAX = 500;
const TEXT_MAX = 10_000;
const UNITS_MAX = 200;

const DEADLINE_SCHEMA: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: false,
  description:
    "{ type: 'date', date } | { type: 'working-days' | 'calendar-days', days } | { type: 'none' }",
  properties: {
    type: { type: 'string', enum: ['date', 'working-days', 'calendar-days', 'none'] },
    date: { type: 'string', format: 'date' },
    days: { type: 'integer', minimum: 1, maximum: 3650 },
  },
};

/** Every write may say when the act happened (business time); defaults to now. */
export class WriteRequest {
  @ApiPropertyOptional({
    description: 'Business time of the act, ISO 8601 with offset; not in the future',
  })
  @IsOptional()
  @IsISO8601(
    { strict: true, strictSeparator: true },
    { message: 'occurredAt must be an ISO 8601 time' },
  )
  occurredAt?: string;
}

export class RaiseItemRequest extends WriteRequest {
  @ApiProperty({ enum: ITEM_KINDS })
  @IsIn(ITEM_KINDS)
  kind!: ItemKind;

  @ApiProperty({ maxLength: TITLE_MAX })
  @IsString()
  @MinLength(1)
  @MaxLength(TITLE_MAX)
  title!: string;

  @ApiPropertyOptional({ maxLength: TEXT_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  sourceId?: string;

  @ApiPropertyOptional({ example: 'xa-thanh-ba' })
  @IsOptional()
  @Matches(UNIT_ID, { message: 'originUnit must be a unit id' })
  originUnit?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(UNITS_MAX)
  @Matches(UNIT_ID, { each: true, message: 'communes must be unit ids' })
  communes?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  topic?: string;

  @ApiPropertyOptional({ enum: ['normal', 'key'] })
  @IsOptional()
  @IsIn(['normal', 'key'])
  priority?: ItemPriority;

  @ApiPropertyOptional(DEADLINE_SCHEMA)
  @IsOptional()
  @IsDeadlineSpec()
  deadline?: DeadlineSpec;
}

export class AssignItemRequest extends WriteRequest {
  @ApiProperty({ example: 'so-noi-vu' })
  @Matches(UNIT_ID, { message: 'leadUnit must be a unit id' })
  leadUnit!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(UNITS_MAX)
  @Matches(UNIT_ID, { each: true, message: 'supportingUnits must be unit ids' })
  supportingUnits?: string[];

  @ApiPropertyOptional(DEADLINE_SCHEMA)
  @IsOptional()
  @IsDeadlineSpec()
  deadline?: DeadlineSpec;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  note?: string;
}

export class AcknowledgeItemRequest extends WriteRequest {}

class ReasonRequest extends WriteRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_MAX)
  reason!: string;
}

export class ReturnItemRequest extends ReasonRequest {}
export class ReopenItemRequest extends ReasonRequest {}
export class CancelItemRequest extends ReasonRequest {}

export class UrgeItemRequest extends WriteRequest {
  @ApiProperty({ example: 'Đề nghị báo cáo kết quả trước ngày 15/01' })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_MAX)
  note!: string;

  @ApiPropertyOptional({ example: '2026-01-15', description: 'The date to answer by' })
  @IsOptional()
  @IsLocalDate()
  respondBy?: string;
}

export class ReportProgressRequest extends WriteRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_MAX)
  note!: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  percent?: number;
}

export class RequestExtensionRequest extends ReasonRequest {
  @ApiProperty({ example: '2026-03-31' })
  @IsLocalDate()
  proposedDueDate!: string;
}

export class DecideExtensionRequest extends WriteRequest {
  @ApiProperty()
  @IsBoolean()
  approve!: boolean;

  @ApiPropertyOptional({ example: '2026-03-31' })
  @IsOptional()
  @IsLocalDate()
  dueDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  reason?: string;
}

export class AnswerRecommendationRequest extends WriteRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_MAX)
  response!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  onTheSpot?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  documentRef?: string;
}

export class ReportCompletionRequest extends WriteRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_MAX)
  summary!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  documentRef?: string;
}

export class ReviewCompletionRequest extends WriteRequest {
  @ApiProperty({ enum: ['accept', 'return'] })
  @IsIn(['accept', 'return'])
  verdict!: ReviewVerdict;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  comment?: string;
}

export class ResolveItemRequest extends WriteRequest {
  @ApiProperty({ enum: ['completed', 'not-feasible', 'forwarded', 'duplicate'] })
  @IsIn(['completed', 'not-feasible', 'forwarded', 'duplicate'])
  outcome!: ItemOutcome;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT_MAX)
  note!: string;
}
