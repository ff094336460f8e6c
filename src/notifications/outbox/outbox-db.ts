import Database from 'better-sqlite3';
import { ensurePrivateFile } from '../../shared/private-files';

/**
 * The outbox's own SQLite file, `DATA_DIR/outbox.db`. Unlike the read models it is not
 * disposable: it remembers what was sent, so a rebuild of the read models never sends twice.
 * Its consumer's checkpoint lives in it, committed with the notifications it planned.
 */
export function openOutboxDb(file: string): Database.Database {
  ensurePrivateFile(file);
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  // A lost last commit loses its checkpoint too: the consumer plans those events again, and a
  // delivery whose "sent" mark was lost is sent again under the same id (at least once).
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS checkpoints (
      projection TEXT PRIMARY KEY,
      position   INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS outbox_notifications (
      id         TEXT PRIMARY KEY,
      unit_id    TEXT NOT NULL,
      payload    TEXT NOT NULL,
      expanded   INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS outbox_notifications_new ON outbox_notifications (expanded);
    CREATE TABLE IF NOT EXISTS deliveries (
      id               TEXT PRIMARY KEY,
      notification_id  TEXT NOT NULL,
      unit_id          TEXT NOT NULL,
      channel          TEXT NOT NULL,
      target           TEXT NOT NULL,
      status           TEXT NOT NULL,
      attempts         INTEGER NOT NULL DEFAULT 0,
      first_attempt_at INTEGER,
      next_at          INTEGER NOT NULL,
      last_error       TEXT,
      sent_at          TEXT,
      created_at       TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_at);`);
  return db;
}
