import type { Database, Statement } from 'better-sqlite3';

/** An event ready for the `events` table: JSON already serialised. */
export interface SerializedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
  schemaVersion: number;
}

/**
 * A row of a stream read, as an array (raw mode: no per-row property names to build, which is
 * a fifth of the cost of a stream read). Integers come back as bigint (safe integers).
 */
export type StreamRow = [
  position: bigint,
  revision: bigint,
  id: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

/** A row of a global-log read: a stream row and the stream it belongs to. */
export type LogRow = [...StreamRow, streamId: string];

/** An event's envelope and its metadata's hash (see `readAllNdjson`). */
export type EnvelopeRow = [
  position: bigint,
  streamId: string,
  revision: bigint,
  id: string,
  hash: string | null,
  recordedAt: string,
];

/** A row of a global-log read without the event id and metadata (see `readLog`). */
export type LeanLogRow = [
  position: bigint,
  streamId: string,
  revision: bigint,
  type: string,
  data: string,
  recordedAt: string,
  schemaVersion: bigint,
];

const COLUMNS = 'position, revision, id, type, data, metadata, recorded_at';

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
      'INSERT INTO events' +
        ' (stream_id, revision, id, type, data, metadata, recorded_at, schema_version)' +
        ' VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    readStream: prepare(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ).raw(true),
    readAll: prepare(
      `SELECT ${COLUMNS}, stream_id FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ).raw(true),
    readLog: prepare(
      `SELECT position, stream_id, revision, type, data, recorded_at, schema_version FROM events
       WHERE position > ? ORDER BY position LIMIT ?`,
    ).raw(true),
    // readAllNdjson: the envelopes of a page, then its lines as one UTF-8 blob built by SQLite
    // (no string per event on the JavaScript side), over exactly the positions the first read.
    readEnvelopes: prepare(
      `SELECT position, stream_id, revision, id, json_extract(metadata, '$.hash'), recorded_at
       FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
    ).raw(true),
    readNdjson: prepare(
      `SELECT CAST(group_concat(
         '{"position":"' || position || '","streamId":' || json_quote(stream_id) ||
         ',"revision":"' || revision || '","id":' || json_quote(id) ||
         ',"type":' || json_quote(type) || ',"data":' || data || ',"metadata":' || metadata ||
         ',"recordedAt":' || json_quote(recorded_at) || '}' || char(10), '' ORDER BY position
       ) AS BLOB) FROM events WHERE position > ? AND position <= ?`,
    ).pluck(),
    headPosition: prepare('SELECT MAX(position) FROM events').pluck(),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
