/**
 * The event store port: the only way anything above the adapters touches the log.
 *
 * Adapters: `sqlite/` (embedded default), `esdb/` (EventStoreDB / KurrentDB), `memory/` (tests).
 * Every adapter passes the one contract suite in `event-store.contract.ts`.
 *
 * Revisions and positions are `bigint` in process. Over the wire (HTTP, JSON, files) they are
 * decimal strings, never JS numbers: a commit position can exceed 2^53.
 */

/** Who performed an act, as recorded in every event's metadata. */
export interface Actor {
  sub: string;
  role: string;
  unit?: string | null;
  name?: string;
}

/**
 * Metadata carried by every event. `prevHash`/`hash` form the per-stream hash chain
 * (see `hash-chain.ts`); they are computed before the append, so any adapter stores them.
 */
export interface EventMetadata {
  actor: Actor;
  /** Business time of the act (ISO 8601, UTC). May be earlier than `recordedAt`. */
  occurredAt: string;
  correlationId: string;
  causationId: string | null;
  commandId: string;
  schemaVersion: number;
  prevHash: string | null;
  hash: string;
  /** Idempotency key of the command that produced the event, when the client sent one. */
  idempotencyKey?: string;
  /** Fingerprint of the request body that came with `idempotencyKey`. */
  requestHash?: string;
}

/** An event about to be appended. `id` is a UUID chosen by the caller (retries keep it). */
export interface NewEvent<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

/** An event as stored: the envelope every reader sees. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  id: string;
  streamId: string;
  /** 0 for the first event of a stream. */
  revision: bigint;
  /** Global position in the log: strictly increasing in commit order, opaque otherwise. */
  position: bigint;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  /** When the store committed the event (ISO 8601, UTC). */
  recordedAt: string;
}

/**
 * An event of the global log without its id and metadata, plus the schema version of its data:
 * what consumers that need no metadata read (see `EventStore.readLog`).
 */
export type LogEntry = Omit<RecordedEvent, 'id' | 'metadata'> & { schemaVersion: number };

/** A page of the global log as JSON lines (see `EventStore.readAllNdjson`). */
export interface NdjsonPage {
  /**
   * UTF-8, one event per line (each ending in a newline), in log order: `{"position", "streamId",
   * "revision", "id", "type", "data", "metadata", "recordedAt"}`, position and revision as decimal
   * strings, data and metadata as stored.
   */
  ndjson: Buffer;
  /** The same events' envelopes and `metadata.hash`, in the same order. */
  events: (Omit<RecordedEvent, 'type' | 'data' | 'metadata'> & { hash: string | null })[];
}

/**
 * What the caller believes about the stream before appending:
 * - `'no-stream'`: the stream has no events;
 * - `'exists'`: the stream has at least one event;
 * - `'any'`: no check;
 * - a bigint: the revision of the stream's last event.
 */
export type ExpectedRevision = 'no-stream' | 'exists' | 'any' | bigint;

export interface AppendResult {
  /** Revision of the last event appended (the stream's new revision). */
  nextRevision: bigint;
  /**
   * Global position of the last event appended. For an empty append: the position of the
   * stream's last event, or `-1n` (with `nextRevision` `-1n`) when the stream has none.
   */
  position: bigint;
}

/** Thrown by every adapter when an expected revision does not hold. Nothing was appended. */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision, `'no-stream'` if it has none, undefined if unknown. */
    readonly actual?: bigint | 'no-stream',
  ) {
    super(
      `Expected revision ${String(expected)} of stream ${streamId}, but it is at ${
        actual === undefined ? 'an unknown revision' : String(actual)
      }`,
    );
    this.name = 'ConcurrencyError';
  }
}

/** Thrown when the store cannot be reached (connection lost, deadline exceeded). Safe to retry. */
export class StoreUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Thrown when the store refuses the app's credentials or an operation (an EventStoreDB user
 * outside `$all`'s ACL, say). A retry does not help: it needs an operator, so followers of the
 * log stop on it and report it rather than retry forever.
 */
export class StoreAccessDeniedError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreAccessDeniedError';
  }
}

/**
 * A live feed of the global log for one consumer: `[Symbol.asyncIterator]` returns the same
 * iterator every time, leaving the loop closes the subscription, and `close()` ends the iteration.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

/** Which part of a stream to read: from a revision on (default 0), at most `maxCount` events. */
export interface ReadStreamOptions {
  fromRevision?: bigint;
  maxCount?: number;
}

export interface EventStore {
  /**
   * Appends `events` to `streamId` atomically (all or none) if `expectedRevision` holds,
   * otherwise throws `ConcurrencyError`. Appending an empty list only checks the revision.
   */
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;

  /** Reads a stream in revision order. A stream that does not exist reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * Reads up to `limit` events of the global log with position > `after` (from the start if
   * omitted), in commit order. `after` must be a position this store gave out, or `-1n`.
   */
  readAll(options: { after?: bigint; limit: number }): Promise<RecordedEvent[]>;

  /** Position of the last event in the global log, or `-1n` when the log is empty. */
  headPosition(): Promise<bigint>;

  /**
   * Catch-up subscription to the global log: every event with position > `after` (from the start
   * if omitted), then live events as they are committed, with no gap and no duplicate.
   */
  subscribeToAll(options?: { after?: bigint }): Subscription;

  /** Releases connections and file handles. */
  close(): Promise<void>;

  // Capabilities: what some adapters can do beyond the contract. Callers check for the method.

  /**
   * `readAll` without ids and metadata (only the schema version), when the adapter can read that
   * for less: on SQLite, decoding the metadata was most of the cost of a page.
   */
  readLog?(options: { after?: bigint; limit: number }): Promise<LogEntry[]>;

  /**
   * Up to `limit` events with `after` < position <= `upTo`, as JSON lines written by the store
   * itself: copying the log out (the audit export) then decodes and encodes nothing per event,
   * which was most of an export's time. `read-all-ndjson.ts` serves adapters without it.
   */
  readAllNdjson?(options: { after?: bigint; upTo?: bigint; limit: number }): Promise<NdjsonPage>;

  /**
   * Calls `listener` after every commit of this instance's appends (for other threads to learn of
   * them at once); returns a function that stops it. Adapters without it are followed by polling
   * or by their own subscriptions.
   */
  onAppend?(listener: () => void): () => void;

  /**
   * Another connection to the same log committed (the writer of this process, in another thread,
   * says so): caught-up subscriptions read now instead of at their next poll.
   */
  wake?(): void;
}

/** DI token under which the configured adapter is provided. */
export const EVENT_STORE = Symbol('EVENT_STORE');
