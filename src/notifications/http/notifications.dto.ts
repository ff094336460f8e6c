import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PagedReadParams } from '../../read-models/read-your-writes.dto';

/** `GET /api/notifications` query string. */
export class ListNotificationsParams extends PagedReadParams {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only the unread ones' })
  @IsOptional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';
}
