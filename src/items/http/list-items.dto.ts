import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ITEM_KINDS, type ItemKind } from '../item.events';
import type { ItemStatus } from '../item.state';
import { TIMELINESS_VALUES, type Timeliness } from '../timeliness';
import { PagedReadParams, ReadYourWritesParams } from '../../read-models/read-your-writes.dto';
import { QUEUE_NAMES, type QueueName } from '../read-model/items.query';

const STATUSES: ItemStatus[] = [
  'raised',
  'assigned',
  'in-progress',
  'awaiting-review',
  'resolved',
  'cancelled',
];

/** `GET /api/items` query string. */
export class ListItemsParams extends PagedReadParams {
  @ApiPropertyOptional({ enum: ITEM_KINDS })
  @IsOptional()
  @IsIn(ITEM_KINDS)
  kind?: ItemKind;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: ItemStatus;

  @ApiPropertyOptional({ example: 'so-noi-vu' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  leadUnit?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: only items without a lead unit (with asOf: without one then)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  unassigned?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Items concerning this commune', example: 'xa-thanh-ba' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  commune?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sourceId?: string;

  @ApiPropertyOptional({ enum: TIMELINESS_VALUES, description: 'Judged as of now' })
  @IsOptional()
  @IsIn(TIMELINESS_VALUES)
  timeliness?: Timeliness;

  @ApiPropertyOptional({
    description:
      'Words to find in the title or description, with or without diacritics: at most 8 ' +
      'different words; one-letter words are ignored beside longer ones',
    example: 'giai ngan',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[^\0]*$/, { message: 'q must not contain a NUL character' })
  q?: string;

  @ApiPropertyOptional({
    enum: QUEUE_NAMES,
    description:
      "One of the caller's work queues (open items): for the office, leadership and auditors " +
      'extension-requests, to-review, unassigned; for a unit leading, supporting, named, returned',
  })
  @IsOptional()
  @IsIn(QUEUE_NAMES)
  queue?: QueueName;

  @ApiPropertyOptional({
    description:
      'The items as they stood then, judged as the overdue report counts them: a date (the end ' +
      'of that day, Asia/Ho_Chi_Minh) or an ISO 8601 instant, not in the future. Combines with ' +
      'kind, leadUnit, commune and timeliness only.',
    example: '2026-03-31',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  asOf?: string;

  @ApiPropertyOptional({
    enum: ['effective', 'recorded'],
    default: 'effective',
    description:
      'With asOf: business time (what was true then) or recording time (what the system showed then)',
  })
  @IsOptional()
  @IsIn(['effective', 'recorded'])
  basis?: 'effective' | 'recorded';

  @ApiPropertyOptional({
    enum: ['json', 'xlsx'],
    default: 'json',
    description:
      'xlsx: every page of the filtered list as one workbook (page and pageSize ignored)',
  })
  @IsOptional()
  @IsIn(['json', 'xlsx'])
  format?: 'json' | 'xlsx';
}

/** `GET /api/items/open-count` query string. */
export class OpenItemsOfUnitParams extends ReadYourWritesParams {
  @ApiProperty({
    example: 'xa-thanh-ba',
    description: 'The unit a merger or dissolution would end',
  })
  @IsString()
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'unit must be a unit id such as xa-thanh-ba' })
  @MaxLength(64)
  unit!: string;
}
