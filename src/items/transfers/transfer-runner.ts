import type { Database, Statement } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
  handleCommand,
  StreamCache,
  type CommandResult,
} from '../../event-sourcing/command-handler';
import type { EventStore } from '../../event-store/event-store.port';
import { DomainError } from '../../shared/domain-error';
import { uuidFromKey } from '../../shared/ids';
import { inParallel } from '../../shared/in-parallel';
import { CALENDAR_NOT_LOADED } from '../item.commands';
import { itemDecider } from '../item.decider';
import type { ItemState } from '../item.state';

/** Who the log names as the actor of a transfer. */
export const TRANSFER_ENGINE_ACTOR = {
  sub: 'transfer-engine',
  role: 'system',
  unit: null,
  name: 'Hệ thống chuyển giao',
};

interface PlannedTransfer {
  seq: number;
  key: string;
  change_id: string;
  item_id: string;
  stream_id: string;
  from_unit: string;
  to_unit: string;
  reason: 'merger' | 'dissolution';
  reference: string | null;
  effective_on: string;
  occurred_at: string;
}

export interface TransferRunnerOptions {
  /** Planned transfers read per round (default 500). */
  batch?: number;
  /** Items being transferred at once (default 8): their appends share group commits. */
  concurrency?: number;
}

export interface RoundResult {
  recorded: number;
  /** Already in the stream (a retry after a crash) or nothing left to carry over. */
  unchanged: number;
  failed: number;
  /** Left pending for the next round (the store was away). */
  retrying: number;
}

/**
 * Records the planned transfers, at least once each and in the order planned per item (A merged
 * into B, then B into C: the item goes to B, then to C). Each is one command on the item's stream
 * with an idempotency key derived from the plan, and the decider records nothing for a unit that
 * no longer holds a role in the item: a crash between the append and the "recorded" mark, or two
 * instances sharing one EventStoreDB, append it once.
 */
export class TransferRunner {
  private readonly statements: ReturnType<typeof prepare>;
  private readonly batch: number;
  private readonly concurrency: number;
  /** Each item stream folded once per round, then decided on from memory. */
  private readonly cache = new StreamCache<ItemState>(4_096);

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    options: TransferRunnerOptions = {},
  ) {
    this.statements = prepare(db);
    this.batch = options.batch ?? 500;
    this.concurrency = options.concurrency ?? 8;
  }

  /** How many transfers wait to be recorded. */
  pending(): number {
    return this.statements.countPending.get() as number;
  }

  /** Records one batch of planned transfers; resolves with what happened to them. */
  async round(): Promise<RoundResult> {
    const result: RoundResult = { recorded: 0, unchanged: 0, failed: 0, retrying: 0 };
    const planned = this.statements.pending.all(this.batch) as PlannedTransfer[];
    if (planned.length === 0) return result;
    const byItem = new Map<string, PlannedTransfer[]>();
    for (const t of planned) {
      const list = byItem.get(t.item_id);
      if (list) list.push(t);
      else byItem.set(t.item_id, [t]);
    }
    const done: [number, string | null][] = [];
    const failed: [number, string][] = [];
    await inParallel([...byItem.values()], this.concurrency, async (transfers) => {
      for (const t of transfers) {
        try {
          const { appended } = await this.record(t);
          if (appended > 0) result.recorded++;
          else result.unchanged++;
          done.push([t.seq, null]);
        } catch (error) {
          if (error instanceof DomainError) {
            // Refused for good (the item is gone): say so, and go on with the others.
            failed.push([t.seq, `${error.code}: ${error.message}`]);
            result.failed++;
          } else {
            // The store away: this item's later transfers wait too, to keep their order.
            this.statements.attempt.run((error as Error).message, t.seq);
            result.retrying += transfers.length - transfers.indexOf(t);
            return;
          }
        }
      }
    });
    this.db.transaction(() => {
      for (const [seq] of done) this.statements.recorded.run(seq);
      for (const [seq, error] of failed) this.statements.failed.run(error, seq);
    })();
    return result;
  }

  private record(t: PlannedTransfer): Promise<CommandResult<ItemState>> {
    return handleCommand({
      store: this.store,
      decider: itemDecider,
      streamId: t.stream_id,
      command: {
        type: 'TransferItem',
        data: {
          itemId: t.item_id,
          from: t.from_unit,
          to: t.to_unit,
          reason: t.reason,
          reference: t.reference,
          effectiveOn: t.effective_on,
        },
      },
      // A transfer computes no due date: the calendar is never consulted.
      context: { now: t.occurred_at, calendar: CALENDAR_NOT_LOADED },
      metadata: {
        actor: TRANSFER_ENGINE_ACTOR,
        occurredAt: t.occurred_at,
        // Every transfer of one change shares its correlation id; ids derive from the plan.
        correlationId: uuidFromKey('unit-change', t.change_id),
        causationId: t.change_id,
        commandId: uuidFromKey('transfer', t.key),
        idempotencyKey: `transfer/${t.key}`,
        requestHash: createHash('sha256').update(`transfer/${t.key}`).digest('hex'),
      },
      cache: this.cache,
    });
  }
}

function prepare(db: Database) {
  const statement = (sql: string): Statement => db.prepare(sql);
  return {
    pending: statement("SELECT * FROM transfers WHERE status = 'pending' ORDER BY seq LIMIT ?"),
    countPending: statement("SELECT COUNT(*) FROM transfers WHERE status = 'pending'").pluck(),
    recorded: statement(
      "UPDATE transfers SET status = 'recorded', attempts = attempts + 1 WHERE seq = ?",
    ),
    failed: statement(
      "UPDATE transfers SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE seq = ?",
    ),
    attempt: statement(
      'UPDATE transfers SET attempts = attempts + 1, last_error = ? WHERE seq = ?',
    ),
  };
}
