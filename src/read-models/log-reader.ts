import type { Statement } from 'better-sqlite3';
import type { EventMetadata, EventStore, RecordedEvent } from '../event-store/event-store.port';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';

/** Pages of the global log, as the projector catches up. */
export interface LogReader {
  readAll(options: { after: bigint; limit: number }): Promise<RecordedEvent[]>;
}

/**
 * The store's `readAll`, except on the embedded SQLite store, where pages are read without the
 * `metadata` column: projections never look at it, and decoding it is most of the cost of reading
 * a page (actor, ids, hashes: larger than the data). It is still there, read on first access.
 * This is what lets a rebuild read a million events in a few seconds.
 */
export function logReaderFor(store: EventStore): LogReader {
  if (!(store instanceof SqliteEventStore)) return store;
  try {
    return new SqliteLogReader(store);
  } catch {
    // A schema this reader does not know: the port is always right, only slower.
    return store;
  }
}

/** position, stream_id, revision, id, type, data, recorded_at: arrays are cheaper than objects. */
type Row = [bigint, string, bigint, string, string, string, string];

class SqliteLogReader implements LogReader {
  private readonly page: Statement;
  private readonly metadata: Statement;

  constructor(private readonly store: SqliteEventStore) {
    const db = store.db;
    this.page = db
      .prepare(
        `SELECT position, stream_id, revision, id, type, data, recorded_at
         FROM events WHERE position > ? ORDER BY position LIMIT ?`,
      )
      .raw(true)
      .safeIntegers(true);
    this.metadata = db
      .prepare('SELECT metadata FROM events WHERE position = ?')
      .pluck()
      .safeIntegers(true);
  }

  async readAll({ after, limit }: { after: bigint; limit: number }): Promise<RecordedEvent[]> {
    // The store's own read first: it throws its StoreUnavailableError when closed.
    await this.store.headPosition();
    const rows = this.page.all(after, limit) as Row[];
    return rows.map((row) => new LazyMetadataEvent(row, this.metadata));
  }
}

class LazyMetadataEvent implements RecordedEvent {
  readonly id: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly recordedAt: string;
  private parsed?: EventMetadata;

  constructor(
    row: Row,
    private readonly read: Statement,
  ) {
    [this.position, this.streamId, this.revision, this.id, this.type] = row;
    this.data = JSON.parse(row[5]);
    this.recordedAt = row[6];
  }

  get metadata(): EventMetadata {
    this.parsed ??= JSON.parse(this.read.get(this.position) as string) as EventMetadata;
    return this.parsed;
  }
}
