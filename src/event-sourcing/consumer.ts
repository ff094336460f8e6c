import type { EventMetadata, LogEntry } from '../event-store/event-store.port';

/**
 * What a consumer sees of an event: the envelope without its id, in its type's current schema
 * (upcast by the engine). The metadata (actor, hashes) is there only for consumers that ask for it
 * (`needsMetadata`): most never look at it, and the SQLite store can then skip reading it.
 */
/** A log entry as consumers get it; `id` and `metadata` only for consumers that need metadata. */
export type ConsumedEvent = LogEntry & { id?: string; metadata?: EventMetadata };

/**
 * One follower of the log, fed by the {@link ConsumerEngine}. For each batch of the global log,
 * inside one transaction of its storage that also writes the consumer's checkpoint, the engine
 * calls `apply(event)` for every event after the checkpoint, in log order, then `flush()`. After
 * COMMIT it calls `committed()`; after a rollback, `rolledBack()`.
 *
 * Exactly-once rests on that contract: a consumer writes its effects only between `apply` and
 * `flush` (so they commit or roll back with its checkpoint), and publishes any in-memory state only
 * in `committed()` (so memory never holds an event the storage does not). A consumer whose effect
 * leaves the storage (an email, an append to another stream) records it here as a pending row and
 * lets a separate sender deliver it with a stable id: at least once, never lost.
 */
export interface Consumer<Db> {
  /** Stable name: the key of the consumer's checkpoint. */
  readonly name: string;
  /** Needs each event's metadata (actor, business time, hashes): the engine then reads it too. */
  readonly needsMetadata?: boolean;
  /** Creates the consumer's tables if missing. */
  setUp(db: Db): void;
  /**
   * Creates secondary indexes if missing. Separate from `setUp` so a rebuild can fill the tables
   * first and sort each index once at the end, which is much faster.
   */
  createIndexes(db: Db): void;
  /** Binds to an opened database (prepare statements, load in-memory indexes). */
  open(db: Db): void;
  /** Folds one event into the consumer's state. Throwing stops this consumer at this event. */
  apply(event: ConsumedEvent): void;
  /** Writes whatever `apply` buffered; still inside the batch transaction. */
  flush(): void;
  /** The batch transaction committed: publish buffered in-memory changes. */
  committed(): void;
  /** The batch transaction rolled back: forget everything buffered since the last commit. */
  rolledBack(): void;
}

/**
 * Where consumers keep their effects and checkpoints: one database with transactions, so that a
 * batch's effects and the checkpoints that say it was applied commit together.
 */
export interface ConsumerStorage<Db> {
  readonly db: Db;
  /** Position of the last event `consumer` applied; -1n before the first. */
  checkpoint(consumer: string): bigint;
  /** Records `consumer`'s checkpoint; only inside a transaction, with the effects it covers. */
  saveCheckpoint(consumer: string, position: bigint): void;
  /** Runs `work` as one write transaction: everything commits, or (when it throws) nothing. */
  transaction(work: () => void): void;
  /** A transaction that spans awaits (an atomic rebuild): `begin`, then `commit` or `rollback`. */
  begin(): void;
  commit(): void;
  /** Rolls back the open transaction, if one is open. */
  rollback(): void;
  /**
   * Which log the checkpoints count in (storage that can be left behind by its log, such as a
   * read-model file kept while the store is reset or switched): undefined until recorded.
   */
  logIdentity?(): string | undefined;
  /** Records it; only inside a transaction, with the first events applied. */
  saveLogIdentity?(identity: string): void;
}

/**
 * What tells one log from another: its first event's position, stream and commit time (the lean
 * log has no event ids). A log reset, restored from another backup or switched to another adapter
 * starts with another event; checkpoints counted in the old one mean nothing in it.
 */
export function logIdentityOf(first: {
  position: bigint;
  streamId: string;
  recordedAt: string;
}): string {
  return `${first.position} ${first.streamId} ${first.recordedAt}`;
}
