import type { Database, Statement } from 'better-sqlite3';
import { BulkInsert } from '../../read-models/bulk-insert';
import type { PositionColumn } from './growable';
import { CHUNK_ROWS, chunkBlobs, readChunk, type ChunkBlobs } from './report-chunks';
import { ReportIndex, type IndexedItem, type RowColumns } from './report-index';

/**
 * The report's tables. Rows live in `report_row_chunks` (many rows per table row, see
 * report-chunks.ts) when a flush writes many at once (a rebuild, a first catch-up), otherwise in
 * `report_rows`, one per table row. Chunks are only written while `report_rows` is empty, so every
 * chunk comes before every single row in the log: loading reads the chunks, then the rows.
 */
const REPORT_DDL = `
  CREATE TABLE IF NOT EXISTS report_units (
    code    INTEGER PRIMARY KEY,
    unit_id TEXT NOT NULL UNIQUE
  );
  CREATE TABLE IF NOT EXISTS report_items (
    item_no  INTEGER PRIMARY KEY,
    item_id  TEXT NOT NULL,
    kind     INTEGER NOT NULL,
    origin   INTEGER NOT NULL,
    communes TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS report_rows (
    position    INTEGER PRIMARY KEY,
    item_no     INTEGER NOT NULL,
    type        INTEGER NOT NULL,
    occurred_ms INTEGER NOT NULL,
    recorded_ms INTEGER NOT NULL,
    unit        INTEGER NOT NULL,
    due_day     INTEGER NOT NULL,
    done_ms     INTEGER
  );
  CREATE TABLE IF NOT EXISTS report_row_chunks (
    first_position INTEGER PRIMARY KEY,
    last_position  INTEGER NOT NULL,
    count          INTEGER NOT NULL,
    positions      BLOB NOT NULL,
    item_no        BLOB NOT NULL,
    type           BLOB NOT NULL,
    occurred_ms    BLOB NOT NULL,
    recorded_ms    BLOB NOT NULL,
    unit           BLOB NOT NULL,
    due_day        BLOB NOT NULL,
    done_ms        BLOB NOT NULL
  );
`;

/** A flush writing at least this many rows, with no single rows stored yet, writes chunks. */
const MIN_CHUNKED_ROWS = 1_024;

const ROW_COLUMNS = 'position, item_no, type, occurred_ms, recorded_ms, unit, due_day, done_ms';
const CHUNK_COLUMNS =
  'first_position, last_position, count, positions, item_no, type, occurred_ms, recorded_ms,' +
  ' unit, due_day, done_ms';

export function createReportTables(db: Database): void {
  db.exec(REPORT_DDL);
}

/**
 * One number per item id, checked by SQLite too. An index apart from the table so that a rebuild
 * sorts it once at the end: filled row by row in item-number order, its ids land at random places.
 */
export function createReportIndexes(db: Database): void {
  db.exec('CREATE UNIQUE INDEX IF NOT EXISTS report_items_by_id ON report_items (item_id)');
}

/** Writes the report's units, items and rows (inside the projector's transaction). */
export class ReportStore {
  private readonly insertUnit: Statement;
  private readonly insertItem: BulkInsert;
  private readonly insertRow: BulkInsert;
  private readonly insertChunk: Statement;
  private readonly anyRow: Statement;
  /** Whether `report_rows` holds a row: then no chunk may be written any more. */
  private hasRows: boolean;

  constructor(db: Database) {
    this.insertUnit = db.prepare('INSERT INTO report_units (code, unit_id) VALUES (?, ?)');
    this.insertItem = new BulkInsert(
      db,
      'INSERT INTO report_items (item_no, item_id, kind, origin, communes)',
      5,
    );
    this.insertRow = new BulkInsert(db, `INSERT INTO report_rows (${ROW_COLUMNS})`, 8);
    this.insertChunk = db.prepare(
      `INSERT INTO report_row_chunks (${CHUNK_COLUMNS}) VALUES (${Array(11).fill('?').join(', ')})`,
    );
    this.anyRow = db.prepare('SELECT EXISTS (SELECT 1 FROM report_rows)').pluck();
    this.hasRows = this.anyRow.get() === 1;
  }

  addUnit(code: number, unitId: string): void {
    this.insertUnit.run(code, unitId);
  }

  addItems(items: readonly IndexedItem[], firstNo: number): void {
    items.forEach((item, i) => {
      this.insertItem.add(
        firstNo + i,
        item.itemId,
        item.kind,
        item.origin,
        item.communes.join(','),
      );
    });
    this.insertItem.flush();
  }

  /** Writes staged rows `from` to `to` (exclusive), as chunks when there are many. */
  addRows(positions: PositionColumn, rows: RowColumns, from: number, to: number): void {
    if (to - from >= MIN_CHUNKED_ROWS && !this.hasRows) {
      for (let start = from; start < to; start += CHUNK_ROWS) {
        const end = Math.min(to, start + CHUNK_ROWS);
        const first = positions.values[start];
        const last = positions.values[end - 1];
        this.insertChunk.run(first, last, end - start, ...chunkBlobs(positions, rows, start, end));
      }
      return;
    }
    const { item, type, occurred, recorded, unit, due, done } = rows;
    for (let r = from; r < to; r++) {
      const doneMs = done.values[r];
      this.insertRow.add(
        positions.values[r],
        item.values[r],
        type.values[r],
        occurred.values[r],
        recorded.values[r],
        unit.values[r],
        due.values[r],
        Number.isNaN(doneMs) ? null : doneMs,
      );
    }
    this.insertRow.flush();
    if (to > from) this.hasRows = true;
  }

  /** The transaction rolled back: forget what it wrote. */
  rolledBack(): void {
    this.insertItem.discard();
    this.insertRow.discard();
    this.hasRows = this.anyRow.get() === 1;
  }
}

/** Reads the committed report back into memory (at start-up and after a switch to a rebuilt file). */
export function loadReportIndex(db: Database): ReportIndex {
  const index = new ReportIndex();
  for (const [, unitId] of db
    .prepare('SELECT code, unit_id FROM report_units ORDER BY code')
    .raw()
    .iterate() as IterableIterator<[number, string]>) {
    index.addUnit(unitId);
  }
  for (const [itemId, kind, origin, communes] of db
    .prepare('SELECT item_id, kind, origin, communes FROM report_items ORDER BY item_no')
    .raw()
    .iterate() as IterableIterator<[string, number, number, string]>) {
    index.addItem({
      itemId,
      kind,
      origin,
      communes: communes === '' ? [] : communes.split(',').map(Number),
    });
  }
  for (const chunk of readChunks(db)) index.addArrays(chunk.count, chunk);
  for (const [item, type, occurredMs, recordedMs, unit, due, doneMs] of db
    .prepare(
      `SELECT item_no, type, occurred_ms, recorded_ms, unit, due_day, done_ms
       FROM report_rows ORDER BY position`,
    )
    .raw()
    .iterate() as IterableIterator<
    [number, number, number, number, number, number, number | null]
  >) {
    index.addRow({ item, type, occurredMs, recordedMs, unit, due, doneMs: doneMs ?? NaN });
  }
  return index;
}

function* readChunks(db: Database) {
  const chunks = db
    .prepare(`SELECT ${CHUNK_COLUMNS} FROM report_row_chunks ORDER BY first_position`)
    .raw()
    .safeIntegers(true)
    .iterate() as IterableIterator<[bigint, bigint, bigint, ...ChunkBlobs]>;
  for (const [first, last, count, ...blobs] of chunks) {
    yield readChunk(first, last, Number(count), blobs);
  }
}

/** Every report row in log order, chunked or not, as one table would show it (for dumps). */
export function reportRowsOf(db: Database): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const c of readChunks(db)) {
    for (let r = 0; r < c.count; r++) {
      rows.push({
        position: c.positions[r],
        item_no: c.item[r],
        type: c.type[r],
        occurred_ms: c.occurred[r],
        recorded_ms: c.recorded[r],
        unit: c.unit[r],
        due_day: c.due[r],
        done_ms: Number.isNaN(c.done[r]) ? null : c.done[r],
      });
    }
  }
  const single = db.prepare(`SELECT ${ROW_COLUMNS} FROM report_rows ORDER BY position`);
  for (const row of single.safeIntegers(true).iterate() as IterableIterator<
    Record<string, bigint | null>
  >) {
    const { position, ...numbers } = row;
    const plain = Object.fromEntries(
      Object.entries(numbers).map(([k, v]) => [k, v === null ? null : Number(v)]),
    );
    rows.push({ position, ...plain });
  }
  return rows;
}
