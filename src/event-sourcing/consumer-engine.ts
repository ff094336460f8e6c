import { Logger } from '@nestjs/common';
import {
  StoreAccessDeniedError,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '../event-store/event-store.port';
import type { EventRegistry } from '../shared/event-schema';
import { logIdentityOf, type ConsumedEvent, type Consumer, type ConsumerStorage } from './consumer';
import { liveBatches } from './live-batches';

export type ConsumerEngineState = 'idle' | 'catching-up' | 'live' | 'retrying' | 'stopped';

/** Why a consumer stopped: the event it could not apply and the error it threw. */
export interface ProjectionFailure {
  position: string;
  streamId: string;
  eventType: string;
  error: string;
  at: string;
}

export interface ConsumerStatus {
  name: string;
  status: 'running' | 'failed';
  /** Position of the last event applied, as a decimal string ("-1" before the first). */
  checkpoint: string;
  failure?: ProjectionFailure;
}

export interface ConsumerEngineStatus {
  state: ConsumerEngineState;
  /** The lowest checkpoint among the consumers: each holds at least the events up to it. */
  checkpoint: string;
  /** One entry per consumer (named `projections` in `/health`, where read models are shown). */
  projections: ConsumerStatus[];
  /** The last error that interrupted the engine as a whole (store unreachable, disk full). */
  lastError?: { error: string; at: string };
}

export interface ConsumerEngineOptions {
  /** Upcasts every event to its type's current schema before any consumer sees it. */
  registry: EventRegistry;
  /** Events per page read and per transaction while catching up (default 2,000). */
  batchSize?: number;
  /** Most events per transaction once live (default 500). */
  liveBatchSize?: number;
  /**
   * Leave secondary indexes to `buildAtomically`, which creates them once the tables are full
   * (a rebuild). Default false: indexes exist from the start.
   */
  deferIndexes?: boolean;
  /** Pause before retrying after a store or disk error (default 1,000 ms). */
  retryDelayMs?: number;
  logger?: Pick<Logger, 'log' | 'error' | 'warn'>;
}

/** Progress of one committed batch, for progress bars. */
export interface BatchProgress {
  events: number;
  position: bigint;
}

/** A consumer threw: on `event`, or while flushing a batch (then `event` is unknown). */
class ConsumerThrew<Db> extends Error {
  constructor(
    readonly projection: Consumer<Db>,
    readonly event: ConsumedEvent | undefined,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * The one engine for everything that follows the log (read models today; reminders, unit transfers
 * and audit checkpoints are consumers too). It reads pages from each consumer's checkpoint, then
 * follows live events (`subscribeToAll`). Every batch is one transaction of the consumers' storage
 * that holds both their effects and their new checkpoints, so whenever the process dies the
 * storage holds every event up to each checkpoint exactly once, and a restart resumes after it.
 *
 * A consumer that throws on an event is stopped at that event (its checkpoint stays on the event
 * before), logged, and shown in `status()`; the others go on. It is never skipped past.
 */
export class ConsumerEngine<Db> {
  private readonly db: Db;
  private readonly readPage: (options: {
    after: bigint;
    limit: number;
  }) => Promise<ConsumedEvent[]>;
  private readonly registry: EventRegistry;
  private readonly positions = new Map<string, bigint>();
  private readonly failures = new Map<string, ProjectionFailure>();
  /** Pending `waitFor` calls: each is told after every commit, and released on stop. */
  private readonly waiters = new Set<{ check(): void; abort(): void }>();
  private readonly batchSize: number;
  private readonly liveBatchSize: number;
  private readonly retryDelayMs: number;
  private readonly logger: Pick<Logger, 'log' | 'error' | 'warn'>;
  private state: ConsumerEngineState = 'idle';
  private lastError?: { error: string; at: string };
  private loop?: Promise<void>;
  private subscription?: Subscription;
  private stopping = false;
  private wakeRetry?: () => void;

  constructor(
    private readonly store: EventStore,
    private readonly storage: ConsumerStorage<Db>,
    private readonly projections: readonly Consumer<Db>[],
    options: ConsumerEngineOptions,
  ) {
    this.db = storage.db;
    this.registry = options.registry;
    this.batchSize = options.batchSize ?? 2_000;
    this.liveBatchSize = options.liveBatchSize ?? 500;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
    this.logger = options.logger ?? new Logger('ConsumerEngine');
    // Read without the metadata when no consumer needs it and the adapter can.
    const lean = !projections.some((c) => c.needsMetadata) && store.readLog !== undefined;
    this.readPage = lean
      ? async (page) => (await store.readLog!(page)).map((e) => this.registry.upcast(e))
      : async (page) => (await store.readAll(page)).map((e) => this.consumed(e));
    for (const projection of projections) {
      projection.setUp(this.db);
      if (!options.deferIndexes) projection.createIndexes(this.db);
      projection.open(this.db);
      this.positions.set(projection.name, storage.checkpoint(projection.name));
    }
  }

  /** Starts following the log in the background (catch-up, then live). */
  start(): void {
    this.stopping = false;
    this.loop ??= this.run().finally(() => (this.loop = undefined));
  }

  /** Stops after the batch in progress; resolves once nothing more will be written. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeRetry?.();
    for (const waiter of [...this.waiters]) waiter.abort();
    await this.subscription?.close();
    await this.loop;
    this.state = 'stopped';
  }

  /**
   * Applies every event after the checkpoints, page by page (one transaction each), until a page
   * comes back short: the head at that moment. `start()` does this before following live events.
   */
  async catchUp(onBatch?: (progress: BatchProgress) => void): Promise<void> {
    for (;;) {
      if (this.stopping || this.running().length === 0) return;
      const page = await this.readPage({ after: this.lowestCheckpoint(), limit: this.batchSize });
      if (page.length > 0) {
        this.applyBatch(page);
        onBatch?.({ events: page.length, position: page[page.length - 1].position });
      }
      if (page.length < this.batchSize) return;
    }
  }

  /**
   * Builds the read models of a fresh file from the log as ONE transaction, for a rebuild: the
   * file goes from empty to complete at COMMIT, so projections may buffer their writes across
   * pages (an item's row is written once, not once per page). Nothing may read the file meanwhile,
   * memory grows with the read models, and a projection that throws fails the whole build, with the
   * event's position in the error and in `status()`.
   */
  async buildAtomically(onBatch?: (progress: BatchProgress) => void): Promise<void> {
    const projections = this.running();
    const reached = new Map<string, bigint>();
    let after = this.lowestCheckpoint();
    // Not storage.transaction(): it cannot span the awaits of reading the log.
    this.storage.begin();
    try {
      for (;;) {
        const page = await this.readPage({ after, limit: this.batchSize });
        this.bindToLog(page);
        for (const projection of projections) {
          const last = this.applyTo(projection, page, undefined, 'none');
          if (last !== undefined) reached.set(projection.name, last);
        }
        if (page.length > 0) {
          after = page[page.length - 1].position;
          onBatch?.({ events: page.length, position: after });
        }
        if (page.length < this.batchSize) break;
      }
      for (const projection of projections) {
        try {
          projection.flush();
        } catch (error) {
          throw new ConsumerThrew(projection, undefined, error);
        }
      }
      for (const projection of projections) projection.createIndexes(this.db);
      for (const [name, position] of reached) this.storage.saveCheckpoint(name, position);
      this.storage.commit();
    } catch (error) {
      this.storage.rollback();
      for (const projection of projections) projection.rolledBack();
      if (error instanceof ConsumerThrew && error.event) {
        this.markFailed(error.projection, error.event, error.cause);
      }
      throw error;
    }
    for (const projection of projections) projection.committed();
    for (const [name, position] of reached) this.positions.set(name, position);
  }

  checkpointOf(projection: string): bigint {
    const position = this.positions.get(projection);
    if (position === undefined) throw new Error(`No consumer named ${projection}`);
    return position;
  }

  /**
   * Resolves true once every named projection has applied the event at `position` (read-your-
   * writes); false when `timeoutMs` passes first or the projector stops.
   */
  async waitFor(
    position: bigint,
    projections: readonly string[],
    timeoutMs: number,
  ): Promise<boolean> {
    const reached = () => projections.every((name) => this.checkpointOf(name) >= position);
    if (reached()) return true;
    if (this.stopping) return false;
    return new Promise((resolve) => {
      const waiter = {
        check: () => reached() && finish(true),
        abort: () => finish(false),
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (result: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(result);
      };
      this.waiters.add(waiter);
    });
  }

  status(): ConsumerEngineStatus {
    return {
      state: this.state,
      checkpoint: this.lowestCheckpoint(true).toString(),
      projections: this.projections.map((p) => ({
        name: p.name,
        status: this.failures.has(p.name) ? 'failed' : 'running',
        checkpoint: this.checkpointOf(p.name).toString(),
        ...(this.failures.has(p.name) ? { failure: this.failures.get(p.name) } : {}),
      })),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        this.state = 'catching-up';
        await this.catchUp();
        if (this.stopping || this.running().length === 0) break;
        this.state = 'live';
        // The subscription starts where the catch-up ended: no gap, and no event seen twice
        // because applyBatch skips anything at or below a projection's checkpoint.
        this.subscription = this.store.subscribeToAll({ after: this.lowestCheckpoint() });
        for await (const batch of liveBatches(this.subscription, this.liveBatchSize)) {
          this.applyBatch(batch.map((e) => this.consumed(e)));
          if (this.running().length === 0) break;
          // Let waiting queries run between batches: when the log runs ahead, the next batch is
          // ready at once, and the loop would otherwise keep the thread until it caught up.
          await new Promise((resolve) => setImmediate(resolve));
        }
      } catch (error) {
        if (this.stopping) break;
        this.lastError = { error: describe(error), at: new Date().toISOString() };
        if (error instanceof StoreAccessDeniedError) {
          // Only an operator can fix it (the store's ACL): stop and say so, in the log and in
          // /health, rather than retry every second for ever.
          this.logger.error(`Consumers stopped: ${this.lastError.error}`);
          break;
        }
        this.state = 'retrying';
        this.logger.error(`Consumers interrupted, retrying: ${this.lastError.error}`);
        await this.pause(this.retryDelayMs);
      } finally {
        await this.subscription?.close();
        this.subscription = undefined;
      }
    }
    this.state = this.stopping ? 'stopped' : 'idle';
  }

  /**
   * One transaction for the whole batch: every running projection's writes and checkpoint.
   * When a projection throws, the transaction rolls back and the batch is applied again with that
   * projection cut off just before the event that failed (or, when it failed while flushing, with
   * a flush after every event to find which one), so the others lose nothing.
   */
  private applyBatch(events: readonly ConsumedEvent[]): void {
    const limits = new Map<Consumer<Db>, bigint>();
    const precise = new Set<Consumer<Db>>();
    for (;;) {
      const running = this.projections.filter((p) => !this.failures.has(p.name) || limits.has(p));
      const reached = new Map<string, bigint>();
      try {
        this.storage.transaction(() => {
          this.bindToLog(events);
          for (const projection of running) {
            const last = this.applyTo(
              projection,
              events,
              limits.get(projection),
              precise.has(projection) ? 'event' : 'batch',
            );
            if (last !== undefined) {
              this.storage.saveCheckpoint(projection.name, last);
              reached.set(projection.name, last);
            }
          }
        });
      } catch (error) {
        for (const projection of running) projection.rolledBack();
        if (!(error instanceof ConsumerThrew)) throw error;
        if (error.event === undefined) precise.add(error.projection);
        else {
          limits.set(error.projection, error.event.position);
          this.markFailed(error.projection, error.event, error.cause);
        }
        continue;
      }
      for (const projection of running) projection.committed();
      for (const [name, position] of reached) this.positions.set(name, position);
      for (const waiter of [...this.waiters]) waiter.check();
      return;
    }
  }

  /**
   * Applies the events after the projection's checkpoint (and before `limit`); returns the last.
   * `flush`: after the batch (normally), after every event (to find which one a flush fails on),
   * or not at all (an atomic build flushes once at the end).
   */
  private applyTo(
    projection: Consumer<Db>,
    events: readonly ConsumedEvent[],
    limit: bigint | undefined,
    flush: 'batch' | 'event' | 'none',
  ): bigint | undefined {
    // Events are in position order: find the range once rather than compare bigints per event.
    const from = this.checkpointOf(projection.name);
    let start = 0;
    while (start < events.length && events[start].position <= from) start++;
    let end = events.length;
    if (limit !== undefined) while (end > start && events[end - 1].position >= limit) end--;
    for (let i = start; i < end; i++) {
      const event = events[i];
      try {
        projection.apply(event);
        if (flush === 'event') projection.flush();
      } catch (error) {
        throw new ConsumerThrew(projection, event, error);
      }
    }
    if (flush === 'batch') {
      try {
        projection.flush();
      } catch (error) {
        throw new ConsumerThrew(projection, undefined, error);
      }
    }
    return end > start ? events[end - 1].position : undefined;
  }

  /**
   * Inside the transaction of a batch: when the storage applies its first events (every
   * checkpoint at -1, so the batch starts at the log's first event), records which log they come
   * from, so that a start on another log is noticed (`ReadModels`) instead of resumed.
   */
  private bindToLog(events: readonly ConsumedEvent[]): void {
    if (!this.storage.saveLogIdentity || events.length === 0) return;
    if (this.lowestCheckpoint() !== -1n || this.storage.logIdentity?.() !== undefined) return;
    this.storage.saveLogIdentity(logIdentityOf(events[0]));
  }

  private markFailed(projection: Consumer<Db>, event: ConsumedEvent, cause: unknown): void {
    const failure: ProjectionFailure = {
      position: event.position.toString(),
      streamId: event.streamId,
      eventType: event.type,
      error: describe(cause),
      at: new Date().toISOString(),
    };
    this.failures.set(projection.name, failure);
    this.logger.error(
      `Projection ${projection.name} stopped at position ${failure.position} ` +
        `(${failure.eventType} in ${failure.streamId}): ${failure.error}`,
    );
  }

  private running(): Consumer<Db>[] {
    return this.projections.filter((p) => !this.failures.has(p.name));
  }

  /** Lowest checkpoint of the running projections (of all of them with `all`). */
  private lowestCheckpoint(all = false): bigint {
    const names = (all ? [...this.projections] : this.running()).map((p) => p.name);
    if (names.length === 0) return -1n;
    return names.map((n) => this.checkpointOf(n)).reduce((a, b) => (b < a ? b : a));
  }

  /** A full event as consumers see it: upcast, with its schema version beside the data. */
  private consumed(event: RecordedEvent): ConsumedEvent {
    return this.registry.upcast({ ...event, schemaVersion: event.metadata.schemaVersion });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeRetry = done;
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
