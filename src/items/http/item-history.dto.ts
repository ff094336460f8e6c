import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { HISTORY_PAGE } from '../application/item-queries';

/** `GET /api/items/{id}/history` query string: a page of the item's events. */
export class ItemHistoryParams {
  @ApiPropertyOptional({
    description: 'Revision after which the page starts (the `after` of the `next` link)',
    minimum: -1,
    example: 499,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(-1)
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;

  @ApiPropertyOptional({
    description: 'Events per page',
    minimum: 1,
    maximum: HISTORY_PAGE.max,
    default: HISTORY_PAGE.default,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(HISTORY_PAGE.max)
  limit?: number;
}
