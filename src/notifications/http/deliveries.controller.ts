import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, API_PROBLEMS } from '../../http/api-docs';
import { DELIVERY_PAGE } from './notification-responses';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Roles } from '../../auth/roles.decorator';
import { Outbox } from '../outbox/outbox.service';
import type { DeliveryStatus, DeliveryView } from '../outbox/outbox-sender';

/** `GET /api/notifications/deliveries` query string. */
export class ListDeliveriesParams {
  @ApiPropertyOptional({ enum: ['pending', 'failed', 'sent'] })
  @IsOptional()
  @IsIn(['pending', 'failed', 'sent'])
  status?: DeliveryStatus;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

/** What left the building, what is waiting to, and what could not: for the admin. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiProblems(...API_PROBLEMS)
@Controller('api/notifications/deliveries')
@Roles('admin')
export class DeliveriesController {
  constructor(private readonly outbox: Outbox) {}

  @Get()
  @ApiOperation({ summary: 'Email and webhook deliveries, newest first (admin)' })
  @ApiProblems(400)
  @ApiOkResponse({ schema: DELIVERY_PAGE })
  list(@Query() query: ListDeliveriesParams): {
    items: DeliveryView[];
    total: number;
    page: number;
    pageSize: number;
  } {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    return { ...this.outbox.deliveries(query.status, page, pageSize), page, pageSize };
  }
}
