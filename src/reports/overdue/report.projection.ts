import type { Database } from 'better-sqlite3';
import { itemEvents, type ItemRaised } from '../../items/item.events';
import { instantMs } from '../../read-models/instant';
import type { ProjectedEvent, Projection } from '../../read-models/projection';
import { dayNumber, NO_DAY } from '../../items/read-model/timeliness-clock';
import { isItemStream } from '../../items/read-model/items.projection';
import { PositionColumn } from './growable';
import { NO_UNIT } from './report-fold';
import { KIND_CODE, ReportIndex, RowColumns, type IndexedItem } from './report-index';
import { rowOfEvent } from './report-rows';
import {
  createReportIndexes,
  createReportTables,
  loadReportIndex,
  ReportStore,
} from './report-store';

/** Changes of the open transaction, published to the index only after COMMIT. */
interface Staged {
  units: string[];
  unitCodes: Map<string, number>;
  items: IndexedItem[];
  itemNos: Map<string, number>;
  rows: RowColumns;
  positions: PositionColumn;
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
  positions: new PositionColumn(),
  writtenRows: 0,
  writtenItems: 0,
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
  private store!: ReportStore;

  /** The committed index. Replaced when the projection is reopened; do not keep it across awaits. */
  get reportIndex(): ReportIndex {
    return this.index;
  }

  setUp(db: Database): void {
    createReportTables(db);
  }

  createIndexes(db: Database): void {
    createReportIndexes(db);
  }

  open(db: Database): void {
    this.store = new ReportStore(db);
    this.staged = emptyStaged();
    this.index = loadReportIndex(db);
  }

  apply(event: ProjectedEvent): void {
    if (!isItemStream(event.streamId) || !itemEvents.is(event)) return;
    const itemEvent = event;
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
      instantMs(itemEvent.data.occurredAt),
      instantMs(event.recordedAt),
      row.unitId === null ? NO_UNIT : this.unitCode(row.unitId),
      row.fromUnitId !== undefined
        ? this.unitCode(row.fromUnitId)
        : row.dueDate === null
          ? NO_DAY
          : dayNumber(row.dueDate),
      row.doneAt === null ? NaN : instantMs(row.doneAt),
    );
    this.staged.positions.push(event.position);
  }

  /** Writes the items and rows staged since the last flush. */
  flush(): void {
    const staged = this.staged;
    const { items, rows, positions } = staged;
    this.store.addItems(
      items.slice(staged.writtenItems),
      this.index.itemCount + staged.writtenItems,
    );
    staged.writtenItems = items.length;
    this.store.addRows(positions, rows, staged.writtenRows, rows.length);
    staged.writtenRows = rows.length;
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
    this.store.rolledBack();
  }

  private itemNo(itemId: string): number | undefined {
    return this.index.itemNo(itemId) ?? this.staged.itemNos.get(itemId);
  }

  private unitCode(unitId: string): number {
    const known = this.index.unitCode(unitId) ?? this.staged.unitCodes.get(unitId);
    if (known !== undefined) return known;
    const code = this.index.unitCount + this.staged.units.length;
    this.store.addUnit(code, unitId);
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
