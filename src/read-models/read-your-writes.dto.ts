import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

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
