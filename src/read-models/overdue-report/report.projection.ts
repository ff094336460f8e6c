import type { Database, Statement } from 'better-sqlite3';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { ItemEvent, ItemRaised } from '../../follow-up/item.events';
import type { Projection } from '../projection';
import { dayNumber, NO_DAY } from '../timeliness-clock';
import { isItemStream } from '../items/items.projection';
import { NO_UNIT } from './report-fold';
import { KIND_CODE, ReportIndex, type IndexedItem, type IndexedRow } from './report-index';
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

/** Changes written in the open transaction, published to the index only after COMMIT. */
interface Staged {
  units: string[];
  unitCodes: Map<string, number>;
  items: IndexedItem[];
  itemNos: Map<string, number>;
  rows: IndexedRow[];
}

const emptyStaged = (): Staged => ({
  units: [],
  unitCodes: new Map(),
  items: [],
  itemNos: new Map(),
  rows: [],
});

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
    const indexed: IndexedRow = {
      item,
      type: row.type,
      occurredMs: Date.parse(itemEvent.data.occurredAt),
      recordedMs: Date.parse(event.recordedAt),
      unit: row.unitId === null ? NO_UNIT : this.unitCode(row.unitId),
      due: row.dueDate === null ? NO_DAY : dayNumber(row.dueDate),
      doneMs: row.doneAt === null ? NaN : Date.parse(row.doneAt),
    };
    this.statements.insertRow.run(
      event.position,
      indexed.item,
      indexed.type,
      indexed.occurredMs,
      indexed.recordedMs,
      indexed.unit,
      indexed.due,
      Number.isNaN(indexed.doneMs) ? null : indexed.doneMs,
    );
    this.staged.rows.push(indexed);
  }

  flush(): void {}

  committed(): void {
    const { units, items, rows } = this.staged;
    this.staged = emptyStaged();
    for (const unit of units) this.index.addUnit(unit);
    for (const item of items) this.index.addItem(item);
    for (const row of rows) this.index.addRow(row);
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
    this.statements.insertItem.run(no, item.itemId, item.kind, item.origin, item.communes.join(','));
    this.staged.items.push(item);
    this.staged.itemNos.set(item.itemId, no);
    return no;
  }
}

function prepare(db: Database) {
  const statement = (sql: string): Statement => db.prepare(sql);
  return {
    insertUnit: statement('INSERT INTO report_units (code, unit_id) VALUES (?, ?)'),
    insertItem: statement(
      'INSERT INTO report_items (item_no, item_id, kind, origin, communes) VALUES (?, ?, ?, ?, ?)',
    ),
    insertRow: statement(
      `INSERT INTO report_rows (position, item_no, type, occurred_ms, recorded_ms, unit, due_day, done_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
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
    .iterate() as IterableIterator<[number, number, number, number, number, number, number | null]>) {
    index.addRow({ item, type, occurredMs, recordedMs, unit, due, doneMs: doneMs ?? NaN });
  }
  return index;
}
