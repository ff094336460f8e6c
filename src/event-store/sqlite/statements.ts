import type { Database, Statement } from 'better-sqlite3';

/** An event ready for the `events` table: JSON already serialised. */
export interface SerializedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

/** A row of the `events` table; integers come back as bigint (safe integers). */
export interface EventRow {
  position: bigint;
  stream_id: string;
  revision: bigint;
  id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

const COLUMNS = 'position, stream_id, revision, id, type, data, metadata, recorded_at';

/**
 * Every statement the store runs, prepared once: preparing costs more than running, and a serial
 * command handler pays for each append in full. Reads use safe integers because positions and
 * revisions are bigint in the API (a position may pass 2^53 in a long-lived log).
 */
export function prepareStatements(db: Database) {
  const prepare = (sql: string): Statement => db.prepare(sql).safeIntegers(true);
  return {
    begin: prepare('BEGIN IMMEDIATE'),
    commit: prepare('COMMIT'),
    rollback: prepare('ROLLBACK'),
    savepoint: prepare('SAVEPOINT append_'),
    release: prepare('RELEASE append_'),
    rollbackToSavepoint: prepare('ROLLBACK TO append_'),
    streamHead: prepare(
      'SELECT revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    ),
    insert: prepare(
      'INSERT INTO events (stream_id, revision, id, type, data, metadata, recorded_at)' +
        ' VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    readStream: prepare(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision`,
    ),
    readAll: prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
    headPosition: prepare('SELECT MAX(position) FROM events').pluck(),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
