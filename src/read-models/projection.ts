import type { Database } from 'better-sqlite3';
import type { RecordedEvent } from '../event-store/event-store.port';

/**
 * What a projection sees of an event: everything but its id and metadata (actor, hashes), which no
 * read model needs and which the SQLite store can then skip reading (`SqliteEventStore.readLog`).
 */
export type ProjectedEvent = Omit<RecordedEvent, 'id' | 'metadata'>;

/**
 * One read model fed by the projector. The projector calls, for each batch of the global log and
 * inside one SQLite transaction that also writes the projection's checkpoint:
 * `apply(event)` for every event after the checkpoint, in log order, then `flush()`.
 * After COMMIT it calls `committed()`; after a rollback, `rolledBack()`.
 *
 * Exactly-once rests on that contract: a projection writes to SQLite only between `apply` and
 * `flush` (so its writes commit or roll back with its checkpoint), and publishes any in-memory
 * state only in `committed()` (so memory never holds an event the file does not).
 */
export interface Projection {
  /** Stable name: the key of the projection's checkpoint row. */
  readonly name: string;
  /** Creates the projection's tables if missing. */
  setUp(db: Database): void;
  /**
   * Creates the projection's secondary indexes if missing. Separate from `setUp` so a rebuild can
   * fill the tables first and sort each index once at the end, which is much faster.
   */
  createIndexes(db: Database): void;
  /** Binds to an opened database (prepare statements, load in-memory indexes). */
  open(db: Database): void;
  /** Folds one event into the read model. Throwing stops this projection at this event. */
  apply(event: ProjectedEvent): void;
  /** Writes whatever `apply` buffered; still inside the batch transaction. */
  flush(): void;
  /** The batch transaction committed: publish buffered in-memory changes. */
  committed(): void;
  /** The batch transaction rolled back: forget everything buffered since the last commit. */
  rolledBack(): void;
}
