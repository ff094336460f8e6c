import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { verifyLog, type VerifyReport } from '../../event-sourcing/hash-chain';
import { AuditEventsQuery } from './audit.dto';

/** One event of the global log as auditors read it: positions and revisions as decimal strings. */
export interface AuditEvent {
  position: string;
  streamId: string;
  revision: string;
  id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
}

export interface AuditEventsPage {
  events: AuditEvent[];
  /** Pass as `after` for the next page; null when this page reached the end of the log. */
  next: string | null;
}

/** The log itself, for auditors: read straight from the store, not from a read model. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
@Roles('auditor')
export class AuditController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('events')
  async events(@Query() query: AuditEventsQuery): Promise<AuditEventsPage> {
    const limit = query.limit ?? 100;
    const page = await this.store.readAll({
      after: query.after === undefined ? undefined : BigInt(query.after),
      limit,
    });
    return {
      events: page.map((e) => ({
        position: e.position.toString(),
        streamId: e.streamId,
        revision: e.revision.toString(),
        id: e.id,
        type: e.type,
        data: e.data,
        metadata: e.metadata,
        recordedAt: e.recordedAt,
      })),
      next: page.length === limit ? page[page.length - 1].position.toString() : null,
    };
  }

  /** Walks the whole log and checks every stream's hash chain (see `verifyLog`). */
  @Get('verify')
  verify(): Promise<VerifyReport> {
    return verifyLog(this.store);
  }
}
