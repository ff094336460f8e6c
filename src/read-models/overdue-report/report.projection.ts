import type { Database, Statement } from 'better-sqlite3';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { ItemEvent, ItemRaised } from '../../follow-up/item.events';
import type { Projection } from '../projection';
import { dayNumber, NO_DAY } from '../timeliness-clock';
import { isItemStream } from '../items/items.projection';
import { NO_UNIT } from './report-fold';
import { KIND_CODE, ReportIndex, RowColumns, type IndexedItem } from './report-index';
import { rowOfEvent } from './report-rows';

const REPORT_DDL = `
  CREATE TABLE IF NOT EXISTS report_units (
    code    INTEGER PRIMARY KEY,
    unit_id TEXT NOT NULL UNIQUE
  );
  CREATE TABLE IF NOT EXISTS report_items (
    item_no  INTEGER PRIMARY KEY,
    item_id  TEXT NOT NULL UNIQUE,
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
`;

/** Changes of the open transaction, published to the index only after COMMIT. */
interface Staged {
  units: string[];
  unitCodes: Map<string, number>;
  items: IndexedItem[];
  itemNos: Map<string, number>;
  rows: RowColumns;
  positions: bigint[];
  /** Rows and items already written to the file (flush writes the rest). */
  writtenRows: number;
  writtenItems: number;
}

const emptyStaged = (): Staged => ({
  units: [],
  unitCodes: new Map(),
  items: [],
  itemNos: new Map(),
  rows: new RowColumns(),
  positions: [],
  writtenRows: 0,
  writtenItems: 0,
});

/** Rows per INSERT statement when flushing: one call into SQLite for many rows. */
const ROWS_PER_INSERT = 64;

/**
 * The overdue report's timeline: one compact row per event that can change an item's status, lead
 * unit, due date or completion, with its business and recorded time. The rows are kept in the file
 * (with the checkpoint, for crash safety) and mirrored in a {@link ReportIndex} in memory, from which
 * reports are computed for any instant and either basis.
 */
export class ReportProjection implements Projection {
  readonly name = 'overdue-report';
  private index = new ReportIndex();
  private staged = emptyStaged();
  private statements!: ReturnType<typeof prepare>;

  /** The committed index. Replaced when the projection is reopened; do not keep it across awaits. */
  get reportIndex(): ReportIndex {
    return this.index;
  }

  setUp(db: Database): void {
    db.exec(REPORT_DDL);
  }

  createIndexes(): void {}

  open(db: Database): void {
    this.statements = prepare(db);
    this.staged = emptyStaged();
    this.index = loadIndex(db);
  }

  apply(event: RecordedEvent): void {
    if (!isItemStream(event.streamId)) return;
    const itemEvent = event as unknown as ItemEvent;
    const row = rowOfEvent(itemEvent);
    if (!row) return;
    const itemId = itemEvent.data.itemId;
    let item = this.itemNo(itemId);
    if (item === undefined) {
      // Events of an item before its raise change nothing (evolve ignores them).
      if (itemEvent.type !== 'ItemRaised') return;
      item = this.addItem(itemEvent);
    } else if (itemEvent.type === 'ItemRaised') {
      return; // a second raise is ignored by evolve as well
    }
    this.staged.rows.pushValues(
      item,
      row.type,
      Date.parse(itemEvent.data.occurredAt),
      Date.parse(event.recordedAt),
      row.unitId === null ? NO_UNIT : this.unitCode(row.unitId),
      row.dueDate === null ? NO_DAY : dayNumber(row.dueDate),
      row.doneAt === null ? NaN : Date.parse(row.doneAt),
    );
    this.staged.positions.push(event.position);
  }

  /** Writes the items and rows staged since the last flush, many per statement. */
  flush(): void {
    const staged = this.staged;
    const { items } = staged;
    const firstNo = this.index.itemCount;
    staged.writtenItems = insertMany(
      staged.writtenItems,
      items.length,
      this.statements.insertItem,
      this.statements.insertItems,
      (i, values) => {
        const item = items[i];
        values.push(firstNo + i, item.itemId, item.kind, item.origin, item.communes.join(','));
      },
    );
    const { rows, positions } = staged;
    const [item, type, occurred, recorded] = [rows.item, rows.type, rows.occurred, rows.recorded];
    const [unit, due, done] = [rows.unit, rows.due, rows.done];
    staged.writtenRows = insertMany(
      staged.writtenRows,
      rows.length,
      this.statements.insertRow,
      this.statements.insertRows,
      (r, values) => {
        const doneMs = done.values[r];
        values.push(positions[r], item.values[r], type.values[r], occurred.values[r]);
        values.push(recorded.values[r], unit.values[r], due.values[r]);
        values.push(Number.isNaN(doneMs) ? null : doneMs);
      },
    );
  }

  committed(): void {
    const { units, items, rows } = this.staged;
    this.staged = emptyStaged();
    for (const unit of units) this.index.addUnit(unit);
    for (const item of items) this.index.addItem(item);
    this.index.addRows(rows);
  }

  rolledBack(): void {
    this.staged = emptyStaged();
  }

  private itemNo(itemId: string): number | undefined {
    return this.index.itemNo(itemId) ?? this.staged.itemNos.get(itemId);
  }

  private unitCode(unitId: string): number {
    const known = this.index.unitCode(unitId) ?? this.staged.unitCodes.get(unitId);
    if (known !== undefined) return known;
    const code = this.index.unitCount + this.staged.units.length;
    this.statements.insertUnit.run(code, unitId);
    this.staged.units.push(unitId);
    this.staged.unitCodes.set(unitId, code);
    return code;
  }

  private addItem(event: ItemRaised): number {
    const d = event.data;
    const no = this.index.itemCount + this.staged.items.length;
    const item: IndexedItem = {
      itemId: d.itemId,
      kind: KIND_CODE[d.kind],
      origin: d.originUnit === null ? NO_UNIT : this.unitCode(d.originUnit),
      communes: [...new Set(d.communes)].map((c) => this.unitCode(c)),
    };
    this.staged.items.push(item);
    this.staged.itemNos.set(item.itemId, no);
    return no;
  }
}

const INSERT_ROWS = `INSERT INTO report_rows
  (position, item_no, type, occurred_ms, recorded_ms, unit, due_day, done_ms) VALUES`;
const VALUES = '(?, ?, ?, ?, ?, ?, ?, ?)';
const INSERT_ITEMS = 'INSERT INTO report_items (item_no, item_id, kind, origin, communes) VALUES';
const ITEM_VALUES = '(?, ?, ?, ?, ?)';
const many = (values: string) => Array(ROWS_PER_INSERT).fill(values).join(', ');

/**
 * Inserts entries `from` to `to` (exclusive): `ROWS_PER_INSERT` per call of `many`, the rest one
 * by one. `bind` pushes one entry's values. Returns `to`.
 */
function insertMany(
  from: number,
  to: number,
  one: Statement,
  many: Statement,
  bind: (index: number, values: unknown[]) => void,
): number {
  const values: unknown[] = [];
  let i = from;
  for (; i + ROWS_PER_INSERT <= to; i += ROWS_PER_INSERT) {
    values.length = 0;
    for (let j = i; j < i + ROWS_PER_INSERT; j++) bind(j, values);
    many.run(values);
  }
  for (; i < to; i++) {
    values.length = 0;
    bind(i, values);
    one.run(values);
  }
  return to;
}

function prepare(db: Database) {
  const statement = (sql: string): Statement => db.prepare(sql);
  return {
    insertUnit: statement('INSERT INTO report_units (code, unit_id) VALUES (?, ?)'),
    insertItem: statement(`${INSERT_ITEMS} ${ITEM_VALUES}`),
    insertItems: statement(`${INSERT_ITEMS} ${many(ITEM_VALUES)}`),
    insertRow: statement(`${INSERT_ROWS} ${VALUES}`),
    insertRows: statement(`${INSERT_ROWS} ${many(VALUES)}`),
  };
}

/** Reads the committed rows back into memory (at start-up and after a switch to a rebuilt file). */
function loadIndex(db: Database): ReportIndex {
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
