import type { Database } from 'better-sqlite3';

/**
 * The events table. `position` is the global log position: a rowid alias, so reading the log in
 * position order walks the table's own b-tree. AUTOINCREMENT stops SQLite from ever handing out a
 * position again, even after the tail was deleted by hand: read models keep positions as
 * checkpoints and would silently skip a reused one. `schema_version` repeats the metadata's
 * `schemaVersion` so that readers of the lean log can upcast without decoding the metadata. `UNIQUE (stream_id, revision)` both forbids two
 * events at one revision and is the index that stream reads and revision checks use.
 */
const EVENTS_DDL = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id   TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    id          TEXT    NOT NULL UNIQUE,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    schema_version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (stream_id, revision)
  )`;

/**
 * Sets the durability pragmas and creates the table. WAL lets readers (read models, other
 * processes) run beside the writer; `synchronous = FULL` makes each COMMIT fsync the WAL, so an
 * append acknowledged to its caller survives power loss (NORMAL would only survive a crash of
 * the process). Group commit is what keeps that fsync affordable.
 */
export function prepareEventsSchema(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(EVENTS_DDL);
  addSchemaVersionColumn(db);
}

/**
 * Files written before events were versioned have no `schema_version` column; every event in
 * them is version 1, which is the column's default. (ALTER TABLE … ADD COLUMN with a constant
 * default rewrites nothing.)
 */
function addSchemaVersionColumn(db: Database): void {
  const columns = db.pragma('table_info(events)') as { name: string }[];
  if (!columns.some((c) => c.name === 'schema_version')) {
    db.exec('ALTER TABLE events ADD COLUMN schema_version INTEGER NOT NULL DEFAULT 1');
  }
}
