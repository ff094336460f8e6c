import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import type { VerifyReport } from '../event-sourcing/hash-chain';
import { AuditEventsParams } from './audit.dto';
import { ListAuditEventsQuery, VerifyLogQuery, type AuditEventsPage } from './audit.queries';

/** The log itself, for auditors. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
@Roles('auditor')
export class AuditController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('events')
  events(@Query() query: AuditEventsParams): Promise<AuditEventsPage> {
    const after = query.after === undefined ? undefined : BigInt(query.after);
    return this.queryBus.execute(new ListAuditEventsQuery(after, query.limit ?? 100));
  }

  @Get('verify')
  verify(): Promise<VerifyReport> {
    return this.queryBus.execute(new VerifyLogQuery());
  }
}
