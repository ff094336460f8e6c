import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
  StoreUnavailableError,
  Subscription,
  type ReadStreamOptions,
} from '../event-store.port';
import { CatchUpSubscription } from '../catch-up-subscription';
import { assertExpectedRevision } from '../expected-revision';

/** An event as kept in memory: JSON text, like the SQLite store, so readers get fresh copies. */
interface StoredEvent {
  id: string;
  streamId: string;
  revision: bigint;
  position: bigint;
  type: string;
  data: string;
  metadata: string;
  recordedAt: string;
}

/**
 * An event store in process memory, for fast unit tests. It keeps the semantics of the SQLite
 * store: positions from 1, unique event ids, JSON round-trip of data and metadata (so a caller
 * mutating its objects after an append, or a read event, changes nothing stored), and a
 * catch-up subscription woken on each append. Nothing survives the process.
 */
export class MemoryEventStore implements EventStore {
  /** The global log in commit order; `log[i].position === BigInt(i + 1)`. */
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly ids = new Set<string>();
  private readonly appendListeners = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    const stream = this.streams.get(streamId) ?? [];
    const current = BigInt(stream.length) - 1n; // -1n: no stream
    assertExpectedRevision(streamId, options.expectedRevision, current);
    // Build everything before touching the log, so a failure (bad JSON, duplicate id) leaves nothing.
    const recordedAt = new Date().toISOString();
    const batchIds = new Set<string>();
    const stored = events.map((event, index): StoredEvent => {
      if (this.ids.has(event.id) || batchIds.has(event.id)) {
        throw new Error(`An event with id ${event.id} is already stored`);
      }
      batchIds.add(event.id);
      return {
        id: event.id,
        streamId,
        revision: current + 1n + BigInt(index),
        position: BigInt(this.log.length + index + 1),
        type: event.type,
        data: JSON.stringify(event.data ?? null),
        metadata: JSON.stringify(event.metadata),
        recordedAt,
      };
    });
    for (const event of stored) {
      this.log.push(event);
      stream.push(event);
      this.ids.add(event.id);
    }
    if (stored.length > 0) {
      this.streams.set(streamId, stream);
      for (const listener of this.appendListeners) listener();
    }
    const last = stream.at(-1);
    return { nextRevision: current + BigInt(stored.length), position: last?.position ?? -1n };
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = options?.fromRevision ?? 0n;
    const stream = this.streams.get(streamId) ?? [];
    const read = stream.filter((event) => event.revision >= from);
    return read.slice(0, options?.maxCount ?? read.length).map(toRecordedEvent);
  }

  async readAll(options: { after?: bigint; limit: number }): Promise<RecordedEvent[]> {
    this.assertOpen();
    // Positions are 1-based and dense, so the first event after `after` is at index `after`.
    const start = options.after === undefined || options.after < 0n ? 0 : Number(options.after);
    return this.log.slice(start, start + Math.max(0, options.limit)).map(toRecordedEvent);
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.log.length === 0 ? -1n : BigInt(this.log.length);
  }

  subscribeToAll(options?: { after?: bigint }): Subscription {
    this.assertOpen();
    const subscription: Subscription = new CatchUpSubscription(
      {
        readAll: (readOptions) => this.readAll(readOptions),
        onAppend: (listener) => {
          this.appendListeners.add(listener);
          return () => this.appendListeners.delete(listener);
        },
      },
      { after: options?.after, onClose: () => this.subscriptions.delete(subscription) },
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Ends every subscription; the store refuses further calls. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('The memory event store is closed');
  }
}

function toRecordedEvent(event: StoredEvent): RecordedEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    type: event.type,
    data: JSON.parse(event.data),
    metadata: JSON.parse(event.metadata),
    recordedAt: event.recordedAt,
  };
}
