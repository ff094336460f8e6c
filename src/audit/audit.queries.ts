import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { jsonEventOf } from '../event-store/read-all-ndjson';
import { CheckpointsService } from './checkpoints/checkpoints.service';
import { enteredLater } from '../items/late-entry';
import { VerifyRunner, type TimedAuditReport } from './verify/verify-runner';

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
  /** Recorded on a later day than the act is dated (`metadata.occurredAt`): entered after the fact. */
  enteredLater: boolean;
}

export interface AuditEventsPage {
  events: AuditEvent[];
  /** Pass as `after` for the next page; null when this page reached the end of the log. */
  next: string | null;
}

/**
 * A page of the global log, straight from the store (not from a read model), as stored: the data
 * an auditor checks hashes against is the stored data, never an upcast copy.
 */
export class ListAuditEventsQuery extends Query<AuditEventsPage> {
  constructor(
    readonly after: bigint | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(ListAuditEventsQuery)
export class ListAuditEventsHandler implements IQueryHandler<ListAuditEventsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ after, limit }: ListAuditEventsQuery): Promise<AuditEventsPage> {
    const page = await this.store.readAll({ after, limit });
    return {
      events: page.map((e) => ({
        ...jsonEventOf(e),
        enteredLater: enteredLater(e.metadata.occurredAt, e.recordedAt),
      })),
      next: page.length === limit ? page[page.length - 1].position.toString() : null,
    };
  }
}

/**
 * Walks the whole log: every stream's hash chain, and every checkpoint against it (`auditLog`),
 * in a worker thread, one walk at a time (`VerifyRunner`).
 */
export class VerifyLogQuery extends Query<TimedAuditReport> {}

@QueryHandler(VerifyLogQuery)
export class VerifyLogHandler implements IQueryHandler<VerifyLogQuery> {
  constructor(
    private readonly runner: VerifyRunner,
    private readonly checkpoints: CheckpointsService,
  ) {}

  async execute(): Promise<TimedAuditReport> {
    const report = await this.runner.verify();
    this.checkpoints.rememberVerify({
      ok: report.ok,
      events: report.events,
      breaks: report.breaks.length + report.checkpoints.breaks.length,
    });
    return report;
  }
}
