import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ITEM_KINDS, type ItemKind } from '../item.events';
import type { ItemStatus } from '../item.state';
import { TIMELINESS_VALUES, type Timeliness } from '../timeliness';
import { PagedReadParams } from '../../read-models/read-your-writes.dto';

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
    enum: ['json', 'xlsx'],
    default: 'json',
    description:
      'xlsx: every page of the filtered list as one workbook (page and pageSize ignored)',
  })
  @IsOptional()
  @IsIn(['json', 'xlsx'])
  format?: 'json' | 'xlsx';
}
