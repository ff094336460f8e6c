import Database from 'better-sqlite3';
import { ensurePrivateFile } from '../shared/private-files';
import type { ConsumerStorage } from '../event-sourcing/consumer';

/**
 * Version of the read-model schema as this code writes it. A file with another version is not
 * migrated: read models are disposable, so the runtime rebuilds them into a fresh file instead.
 * 6: the overdue report's "no due date" marker is no longer −1 (the day 1969-12-31).
 * 7: the report timeline keeps urges (the period report counts items urged in a period).
 * 8: a cancelled item's stored grid is `cancelled` even without a deadline (its timeliness);
 *    `items.waits` (what an item waits for: the work queues) replaces `cancelled_ms`.
 * 9: units that change: `unit_changes` (the units' lineage), transfer rows in the report
 *    timeline, an item's `formerUnits` in its state and as `former` rows of `item_units`.
 */
export const READ_MODEL_SCHEMA_VERSION = 9;

const PAGE_SIZE = 16_384;

const CHECKPOINTS_DDL = `
  CREATE TABLE IF NOT EXISTS checkpoints (
    projection TEXT PRIMARY KEY,
    position   INTEGER NOT NULL
  )`;

/** Which log the checkpoints count in (see `logIdentityOf`): one row, once events were applied. */
const LOG_IDENTITY_DDL = `
  CREATE TABLE IF NOT EXISTS log_identity (
    only     INTEGER PRIMARY KEY CHECK (only = 1),
    identity TEXT NOT NULL
  )`;

/**
 * Opens (creating if needed) a read-model file. WAL lets queries read while the projector writes.
 * Commits never wait for the disk: read models are rebuilt from the log when in doubt. With
 * `fsync: false` (a server that marks its open files, see `ReadModelFiles.markOpen`) not even
 * SQLite's checkpoints do: under bench:http their flushes stalled the queries behind them and the
 * event store's own fsync in the next thread (reads p99 40–54 → 32–36 ms). Otherwise
 * `synchronous = NORMAL`: a power cut may lose the last commits, which is harmless, as the
 * checkpoint is lost with them and the projector replays those events.
 */
export function openReadModelDb(
  file: string,
  options: { building?: boolean; fsync?: boolean } = {},
): Database.Database {
  ensurePrivateFile(file);
  const db = new Database(file);
  // Only takes effect on a new, empty file (before WAL is turned on). Larger pages than SQLite's
  // 4 KB make a rebuild's 200 MB of rows (mostly ~1 KB item states) fewer pages to allocate,
  // fill and write: it commits in half the time.
  db.pragma(`page_size = ${PAGE_SIZE}`);
  if (options.building) {
    // A file being rebuilt is written in one transaction and thrown away if anything fails, so it
    // needs no durability at all; a large cache keeps its b-trees in memory while it grows.
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
  } else {
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma(options.fsync === false ? 'synchronous = OFF' : 'synchronous = NORMAL');
    // 32 MB of page cache: the hot part of the items table; keeps RSS predictable.
    db.pragma('cache_size = -32000');
  }
  db.pragma('temp_store = MEMORY');
  db.exec(CHECKPOINTS_DDL);
  db.exec(LOG_IDENTITY_DDL);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0) db.pragma(`user_version = ${READ_MODEL_SCHEMA_VERSION}`);
  return db;
}

/** The schema version a file was written with (0 for a file this code never touched). */
export function schemaVersionOf(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The log a file's checkpoints count in, as recorded with its first events (see `ConsumerEngine`). */
export function logIdentityIn(db: Database.Database): string | undefined {
  const row = db.prepare('SELECT identity FROM log_identity WHERE only = 1').pluck().get();
  return row as string | undefined;
}

/** Checkpoints of every projection in the file: the position of the last event each one applied. */
export class Checkpoints {
  private readonly read: Database.Statement;
  private readonly write: Database.Statement;
  private readonly all: Database.Statement;

  constructor(db: Database.Database) {
    this.read = db
      .prepare('SELECT position FROM checkpoints WHERE projection = ?')
      .pluck()
      .safeIntegers(true);
    this.all = db.prepare('SELECT position FROM checkpoints').pluck().safeIntegers(true);
    this.write = db.prepare(
      'INSERT INTO checkpoints (projection, position) VALUES (?, ?)' +
        ' ON CONFLICT (projection) DO UPDATE SET position = excluded.position',
    );
  }

  /** -1n when the projection has applied nothing yet. */
  get(projection: string): bigint {
    return (this.read.get(projection) as bigint | undefined) ?? -1n;
  }

  /** The highest checkpoint in the file: no read model holds an event after it. */
  highest(): bigint {
    const rows = this.all.all() as bigint[];
    return rows.length === 0 ? -1n : rows.reduce((a, b) => (b > a ? b : a));
  }

  /** The lowest checkpoint in the file: every read model holds at least the events up to it. */
  lowest(): bigint {
    const rows = this.all.all() as bigint[];
    return rows.length === 0 ? -1n : rows.reduce((a, b) => (b < a ? b : a));
  }

  /** Must run inside the transaction that wrote the events' effects (see ConsumerEngine). */
  set(projection: string, position: bigint): void {
    this.write.run(projection, position);
  }
}

/** A read-model file as the consumer engine's storage: its transactions and checkpoints. */
export class SqliteConsumerStorage implements ConsumerStorage<Database.Database> {
  private readonly checkpoints: Checkpoints;

  constructor(readonly db: Database.Database) {
    // Every file this storage keeps checkpoints in records its log too (the outbox's, the
    // transfers'), not only the read models' file that `openReadModelDb` prepares.
    db.exec(LOG_IDENTITY_DDL);
    this.checkpoints = new Checkpoints(db);
  }

  checkpoint(consumer: string): bigint {
    return this.checkpoints.get(consumer);
  }

  saveCheckpoint(consumer: string, position: bigint): void {
    this.checkpoints.set(consumer, position);
  }

  logIdentity(): string | undefined {
    return logIdentityIn(this.db);
  }

  saveLogIdentity(identity: string): void {
    this.db
      .prepare('INSERT INTO log_identity (only, identity) VALUES (1, ?) ON CONFLICT DO NOTHING')
      .run(identity);
  }

  transaction(work: () => void): void {
    // IMMEDIATE: take the write lock first, so a batch never fails half-way on a busy file.
    this.db.transaction(work).immediate();
  }

  begin(): void {
    this.db.exec('BEGIN IMMEDIATE');
  }

  commit(): void {
    this.db.exec('COMMIT');
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }
}
