import Database from 'better-sqlite3';
import { ensurePrivateFile } from '../../shared/private-files';

/** The transfer engine's own file in `DATA_DIR`. */
export const TRANSFERS_DB_FILE = 'transfers.db';

/**
 * Opens (creating if needed) the transfer engine's file. Not disposable: it remembers which
 * transfers were planned and which are recorded. (Were it lost, the consumer would plan them all
 * again from the log, under the same idempotency keys, and record nothing twice.) Its consumer's
 * checkpoint commits with the transfers it planned.
 */
export function openTransfersDb(file: string): Database.Database {
  ensurePrivateFile(file);
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  // A lost last commit loses its checkpoint too: the consumer plans those events again, under the
  // same keys (INSERT OR IGNORE), and the item streams' idempotency keys catch a second append.
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS checkpoints (
      projection TEXT PRIMARY KEY,
      position   INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS log_identity (
      only     INTEGER PRIMARY KEY CHECK (only = 1),
      identity TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS transfer_items (
      item_id   TEXT PRIMARY KEY,
      stream_id TEXT NOT NULL,
      raised_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS transfer_item_units (
      unit_id TEXT NOT NULL,
      item_id TEXT NOT NULL,
      role    TEXT NOT NULL,
      PRIMARY KEY (unit_id, item_id, role)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS transfer_item_units_by_item ON transfer_item_units (item_id);
    CREATE TABLE IF NOT EXISTS ended_units (
      unit_id      TEXT PRIMARY KEY,
      successor    TEXT,
      change_id    TEXT NOT NULL,
      reason       TEXT NOT NULL,
      reference    TEXT,
      effective_on TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS transfers (
      seq          INTEGER PRIMARY KEY AUTOINCREMENT,
      key          TEXT NOT NULL UNIQUE,
      change_id    TEXT NOT NULL,
      item_id      TEXT NOT NULL,
      stream_id    TEXT NOT NULL,
      from_unit    TEXT NOT NULL,
      to_unit      TEXT NOT NULL,
      reason       TEXT NOT NULL,
      reference    TEXT,
      effective_on TEXT NOT NULL,
      occurred_at  TEXT NOT NULL,
      status       TEXT NOT NULL DEFAULT 'pending',
      attempts     INTEGER NOT NULL DEFAULT 0,
      last_error   TEXT
    );
    CREATE INDEX IF NOT EXISTS transfers_by_status ON transfers (status, seq);`);
  return db;
}
