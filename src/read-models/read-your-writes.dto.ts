import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** `?minPosition=`: every read-model query accepts it (API.md, read-your-writes). */
export class ReadYourWritesParams {
  @ApiPropertyOptional({
    description: 'Wait (up to 5 s) until the read models have applied this log position',
    example: '1024',
  })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'minPosition must be a log position' })
  minPosition?: string;
}

/** `?page&pageSize` of a paged read-model query, with `?minPosition`. */
export class PagedReadParams extends ReadYourWritesParams {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}
