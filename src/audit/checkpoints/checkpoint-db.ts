import Database from 'better-sqlite3';
import type { ConsumerStorage } from '../../event-sourcing/consumer';
import { ensurePrivateFile } from '../../shared/private-files';
import type { Checkpoint } from './checkpoint-chain';

/** The checkpoints' own file in `DATA_DIR`. */
export const CHECKPOINT_DB_FILE = 'audit-checkpoints.db';

/**
 * Opens (creating if needed) the checkpoints' file. Not disposable: it holds the signed history a
 * later audit compares the log with, so a read-model rebuild never touches it, and commits wait
 * for the disk. The consumer engine's checkpoint, the running root and the checkpoints commit
 * together.
 */
export function openCheckpointDb(
  file: string,
  options: { readonly?: boolean } = {},
): Database.Database {
  if (options.readonly) return new Database(file, { readonly: true, fileMustExist: true });
  ensurePrivateFile(file);
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS checkpoints (
      projection TEXT PRIMARY KEY,
      position   INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS seal_chain (
      id            INTEGER PRIMARY KEY CHECK (id = 1),
      position      INTEGER NOT NULL,
      events        INTEGER NOT NULL,
      root          TEXT NOT NULL,
      first_open_ms INTEGER
    );
    CREATE TABLE IF NOT EXISTS audit_checkpoints (
      seq        INTEGER PRIMARY KEY,
      position   INTEGER NOT NULL,
      events     INTEGER NOT NULL,
      root       TEXT NOT NULL,
      previous   TEXT,
      created_at TEXT NOT NULL,
      key_id     TEXT NOT NULL,
      signature  TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS signing_keys (
      key_id     TEXT PRIMARY KEY,
      public_pem TEXT NOT NULL,
      first_used TEXT NOT NULL
    );`);
  return db;
}

/** Integer columns read as bigint: positions are signed 64-bit, beyond a JS number. */
interface CheckpointRow {
  seq: bigint;
  position: bigint;
  events: bigint;
  root: string;
  previous: string | null;
  created_at: string;
  key_id: string;
  signature: string;
}

function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    seq: Number(row.seq),
    position: row.position.toString(),
    events: Number(row.events),
    root: row.root,
    previous: row.previous,
    createdAt: row.created_at,
    keyId: row.key_id,
    signature: row.signature,
  };
}

/** Reads of the checkpoints' file, for the API, verify and export (any connection to it). */
export class CheckpointRecords {
  private readonly page: Database.Statement;
  private readonly last: Database.Statement;
  private readonly before: Database.Statement;
  private readonly keys: Database.Statement;

  constructor(db: Database.Database) {
    this.page = db
      .prepare('SELECT * FROM audit_checkpoints WHERE seq > ? ORDER BY seq LIMIT ?')
      .safeIntegers(true);
    this.last = db
      .prepare('SELECT * FROM audit_checkpoints ORDER BY seq DESC LIMIT 1')
      .safeIntegers(true);
    this.before = db
      .prepare('SELECT * FROM audit_checkpoints WHERE position < ? ORDER BY seq DESC LIMIT 1')
      .safeIntegers(true);
    this.keys = db.prepare('SELECT key_id, public_pem FROM signing_keys ORDER BY first_used');
  }

  /** Checkpoints after `afterSeq`, oldest first. */
  list(afterSeq = 0, limit = 1_000): Checkpoint[] {
    return (this.page.all(afterSeq, limit) as CheckpointRow[]).map(toCheckpoint);
  }

  /** Every checkpoint, oldest first, a page at a time (bounded memory for long histories). */
  *all(pageSize = 1_000): Generator<Checkpoint> {
    for (let after = 0; ;) {
      const page = this.list(after, pageSize);
      yield* page;
      if (page.length < pageSize) return;
      after = page[page.length - 1].seq;
    }
  }

  latest(): Checkpoint | undefined {
    const row = this.last.get() as CheckpointRow | undefined;
    return row && toCheckpoint(row);
  }

  /** The latest checkpoint covering only events before `position`. */
  latestBefore(position: bigint): Checkpoint | undefined {
    const row = this.before.get(position) as CheckpointRow | undefined;
    return row && toCheckpoint(row);
  }

  /** Every key that ever signed here, by id: rotation keeps old checkpoints verifiable. */
  publicKeys(): Map<string, string> {
    const rows = this.keys.all() as { key_id: string; public_pem: string }[];
    return new Map(rows.map((r) => [r.key_id, r.public_pem]));
  }
}

/**
 * The checkpoints' file as the consumer engine's storage: its transactions and the engine's
 * checkpoint (the position of the last event folded into the running root).
 */
export class CheckpointStorage implements ConsumerStorage<Database.Database> {
  private readonly read: Database.Statement;
  private readonly write: Database.Statement;

  constructor(readonly db: Database.Database) {
    this.read = db
      .prepare('SELECT position FROM checkpoints WHERE projection = ?')
      .pluck()
      .safeIntegers(true);
    this.write = db.prepare(
      'INSERT INTO checkpoints (projection, position) VALUES (?, ?)' +
        ' ON CONFLICT (projection) DO UPDATE SET position = excluded.position',
    );
  }

  checkpoint(consumer: string): bigint {
    return (this.read.get(consumer) as bigint | undefined) ?? -1n;
  }

  saveCheckpoint(consumer: string, position: bigint): void {
    this.write.run(consumer, position);
  }

  transaction(work: () => void): void {
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
