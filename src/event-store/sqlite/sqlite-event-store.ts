import Database from 'better-sqlite3';
import { ensurePrivateFile } from '../../shared/private-files';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  LogEntry,
  NewEvent,
  RecordedEvent,
  StoreUnavailableError,
  Subscription,
  type NdjsonPage,
  type ReadStreamOptions,
} from '../event-store.port';
import { CatchUpSubscription } from '../catch-up-subscription';
import {
  commitBatch,
  serializeEvent,
  type AppendOutcome,
  type AppendRequest,
} from './batch-commit';
import { prepareEventsSchema } from './schema';
import { SqliteWriterThread } from './sqlite-writer-thread';
import {
  EnvelopeRow,
  LeanLogRow,
  LogRow,
  prepareStatements,
  Statements,
  StreamRow,
} from './statements';

export interface SqliteEventStoreOptions {
  /**
   * How often a caught-up subscription re-reads the file to see events committed by another
   * process. Local appends wake subscriptions at once. Default 250 ms.
   */
  pollIntervalMs?: number;
  /**
   * Commit in a worker thread of its own (the server does): the fsync and b-tree writes of every
   * batch then happen off the event loop. Needs a file path, not `':memory:'` or a connection.
   * Default false: commit on this thread.
   */
  writerThread?: boolean;
}

/** The largest position SQLite can hand out (INTEGER PRIMARY KEY): no upper bound. */
const MAX_POSITION = 9_223_372_036_854_775_807n;

/** Counters for tests and benchmarks: group commit shows as `commits` well below `appends`. */
export interface SqliteEventStoreStats {
  /** Batch transactions committed. */
  commits: number;
  /** Append calls settled by those commits, successful or not. */
  appends: number;
}

interface PendingAppend {
  request: AppendRequest;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * The embedded, default event store: one SQLite file (WAL, `synchronous = FULL`) through
 * better-sqlite3. The same file may hold read models and checkpoints: pass an open `Database`, or
 * use `db` after construction.
 *
 * **Group commit.** better-sqlite3 is synchronous and every commit costs an fsync, so appends are
 * queued and flushed together on `setImmediate`: every append made before the event loop gets
 * there shares one transaction and one fsync. (Not a microtask: the writers woken by the previous
 * commit resume in microtasks, possibly several awaits deep, and should all join the next batch.)
 * Each append runs in its own SAVEPOINT, so its expected-revision check sees the appends before it
 * in the batch, and a failing append rolls back alone. Promises settle only after COMMIT has
 * returned, i.e. once the events are durable. With `writerThread`, batches are committed by a
 * {@link SqliteWriterThread} on its own connection, one at a time: appends made while a batch is
 * there form the next one.
 *
 * **Ordering.** Every batch takes the write lock (`BEGIN IMMEDIATE`) before AUTOINCREMENT hands out
 * positions, so positions rise in commit order even with several processes on one file, and a
 * reader never sees position n + 1 without n: catch-up subscriptions rely on this.
 */
export class SqliteEventStore implements EventStore {
  /** The connection; read models may share it (the store never holds a transaction open). */
  readonly db: Database.Database;
  private readonly ownsDb: boolean;
  private readonly statements: Statements;
  private readonly pollIntervalMs: number;
  private queue: PendingAppend[] = [];
  private flushHandle: NodeJS.Immediate | undefined;
  private readonly appendListeners = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly counters: SqliteEventStoreStats = { commits: 0, appends: 0 };
  private readonly writer?: SqliteWriterThread;
  /** The batch at the writer thread, until it is answered (one at a time, see `sendToWriter`). */
  private inFlight?: Promise<void>;
  private closed = false;

  /**
   * @param source a file path (`':memory:'` for a throwaway store) or an open connection. A
   *   connection passed in is switched to WAL + `synchronous = FULL` and is not closed by `close()`.
   */
  constructor(source: string | Database.Database, options: SqliteEventStoreOptions = {}) {
    this.ownsDb = typeof source === 'string';
    if (typeof source === 'string') ensurePrivateFile(source);
    this.db = typeof source === 'string' ? new Database(source) : source;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    prepareEventsSchema(this.db);
    this.statements = prepareStatements(this.db);
    if (options.writerThread) {
      if (typeof source !== 'string' || source === ':memory:') {
        throw new Error('writerThread needs the path of a file');
      }
      this.writer = new SqliteWriterThread(source);
    }
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    // Serialise now, outside the batch: a caller may mutate its objects after the call, and an
    // event that cannot be serialised fails this append only.
    const serialized = events.map(serializeEvent);
    return new Promise((resolve, reject) => {
      this.queue.push({
        request: { streamId, expectedRevision: options.expectedRevision, events: serialized },
        resolve,
        reject,
      });
      this.flushHandle ??= setImmediate(() => this.flush());
    });
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    // A negative LIMIT means no limit to SQLite.
    const rows = this.statements.readStream.all(
      streamId,
      options?.fromRevision ?? 0n,
      options?.maxCount ?? -1,
    );
    return (rows as StreamRow[]).map((row) => toRecordedEvent(row, streamId));
  }

  async readAll(options: { after?: bigint; limit: number }): Promise<RecordedEvent[]> {
    this.assertOpen();
    // A negative LIMIT means no limit to SQLite; to the port it means nothing to read.
    const rows = this.statements.readAll.all(options.after ?? -1n, Math.max(0, options.limit));
    return (rows as LogRow[]).map((row) => toRecordedEvent(row, row[7]));
  }

  /**
   * `readAll` without the event ids and metadata, for projections catching up or rebuilding. The
   * metadata (actor, ids, hash chain) is larger than most events' data, and decoding it into
   * strings and objects was most of the cost of reading a page; projections never look at it.
   */
  async readLog(options: { after?: bigint; limit: number }): Promise<LogEntry[]> {
    this.assertOpen();
    const rows = this.statements.readLog.all(options.after ?? -1n, Math.max(0, options.limit));
    return (rows as LeanLogRow[]).map(toLogEntry);
  }

  async readAllNdjson(options: {
    after?: bigint;
    upTo?: bigint;
    limit: number;
  }): Promise<NdjsonPage> {
    this.assertOpen();
    const after = options.after ?? -1n;
    // One read transaction: the lines are read over exactly the positions of the envelopes.
    const { rows, ndjson } = this.db.transaction(() => {
      const rows = this.statements.readEnvelopes.all(
        after,
        options.upTo ?? MAX_POSITION,
        Math.max(0, options.limit),
      ) as EnvelopeRow[];
      if (rows.length === 0) return { rows, ndjson: Buffer.alloc(0) };
      const last = rows[rows.length - 1][0];
      return { rows, ndjson: this.statements.readNdjson.get(after, last) as Buffer };
    })();
    return {
      ndjson,
      events: rows.map(([position, streamId, revision, id, hash, recordedAt]) => ({
        position,
        streamId,
        revision,
        id,
        hash,
        recordedAt,
      })),
    };
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return (this.statements.headPosition.get() as bigint | null) ?? -1n;
  }

  subscribeToAll(options?: { after?: bigint }): Subscription {
    this.assertOpen();
    const subscription: Subscription = new CatchUpSubscription(
      {
        readAll: (readOptions) => this.readAll(readOptions),
        onAppend: (listener) => this.onAppend(listener),
      },
      {
        after: options?.after,
        pollIntervalMs: this.pollIntervalMs,
        onClose: () => this.subscriptions.delete(subscription),
      },
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Calls `listener` after every commit of this store's appends; returns a function that stops it. */
  onAppend(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /**
   * Another connection to the file has committed (the writer of this process in another thread,
   * which says so): caught-up subscriptions read now instead of at their next poll.
   */
  wake(): void {
    for (const listener of this.appendListeners) listener();
  }

  /** Commits any queued appends, ends every subscription, and closes the file if the store opened it. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.flushHandle) clearImmediate(this.flushHandle);
    this.flushHandle = undefined;
    this.closed = true;
    // Everything queued is committed before the writer ends.
    while (this.inFlight || this.queue.length > 0) {
      if (!this.inFlight) this.flush();
      await this.inFlight;
    }
    await this.writer?.close();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    if (this.ownsDb) this.db.close();
  }

  stats(): SqliteEventStoreStats {
    return { ...this.counters };
  }

  /** Commits every queued append in one transaction; see the class comment. */
  private flush(): void {
    this.flushHandle = undefined;
    if (this.writer) {
      this.sendToWriter(this.writer);
      return;
    }
    const batch = this.queue;
    this.queue = [];
    let outcomes: AppendOutcome[];
    try {
      outcomes = commitBatch(
        this.db,
        this.statements,
        batch.map((append) => append.request),
      );
    } catch (error) {
      this.fail(batch, error);
      return;
    }
    this.settle(batch, outcomes);
  }

  /**
   * One batch at the writer thread at a time: appends made meanwhile wait, and go as the next,
   * larger batch. Waiting costs nothing (the writer commits one transaction at a time anyway), and
   * fewer, larger batches mean fewer messages each way for the main thread.
   */
  private sendToWriter(writer: SqliteWriterThread): void {
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.inFlight = writer
      .commit(batch.map((append) => append.request))
      .then(
        (outcomes) => this.settle(batch, outcomes),
        (error: unknown) => this.fail(batch, error),
      )
      .finally(() => {
        this.inFlight = undefined;
        // Like any flush, on the next turn: the writers just woken append in their microtasks.
        if (this.queue.length > 0) this.flushHandle ??= setImmediate(() => this.flush());
      });
  }

  /** One committed transaction: settles its appends and wakes the subscriptions. */
  private settle(batch: readonly PendingAppend[], outcomes: AppendOutcome[]): void {
    this.counters.commits += 1;
    this.counters.appends += batch.length;
    batch.forEach((append, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
    for (const listener of this.appendListeners) listener();
  }

  /**
   * BEGIN or COMMIT failed (lock held too long by another process, disk full, I/O error), or the
   * writer thread died: nothing of the batch is known to be committed, and every append may be
   * retried.
   */
  private fail(batch: readonly PendingAppend[], error: unknown): void {
    const failure =
      error instanceof StoreUnavailableError
        ? error
        : new StoreUnavailableError('The SQLite event store could not commit', error);
    for (const append of batch) append.reject(failure);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('The SQLite event store is closed');
  }
}

function toLogEntry(row: LeanLogRow): LogEntry {
  const [position, streamId, revision, type, data, recordedAt, schemaVersion] = row;
  return {
    streamId,
    revision,
    position,
    type,
    data: JSON.parse(data),
    recordedAt,
    schemaVersion: Number(schemaVersion),
  };
}

function toRecordedEvent(row: StreamRow | LogRow, streamId: string): RecordedEvent {
  const [position, revision, id, type, data, metadata, recordedAt] = row;
  return {
    id,
    streamId,
    revision,
    position,
    type,
    data: JSON.parse(data),
    metadata: JSON.parse(metadata),
    recordedAt,
  };
}
