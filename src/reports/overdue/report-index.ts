import { float64Column, int32Column, uint8Column } from './growable';
import { foldRow, newFoldState, type FoldState } from './report-fold';

/** Item kinds as stored in the index. */
export const KIND_CODE = { directive: 0, recommendation: 1 } as const;

export interface IndexedItem {
  itemId: string;
  kind: number;
  origin: number;
  /** Unit codes of the communes listed at raise. */
  communes: number[];
}

export interface IndexedRow {
  item: number;
  type: number;
  occurredMs: number;
  recordedMs: number;
  unit: number;
  due: number;
  doneMs: number;
}

/** Report rows as parallel arrays, one per column. */
export interface RowArrays {
  item: Int32Array;
  type: Uint8Array;
  occurred: Float64Array;
  recorded: Float64Array;
  unit: Int32Array;
  due: Int32Array;
  /** NaN where the row has no done time. */
  done: Float64Array;
}

/** Report rows as typed columns (see report-fold.ts for what each means). */
export class RowColumns {
  readonly item = int32Column();
  readonly type = uint8Column();
  readonly occurred = float64Column();
  readonly recorded = float64Column();
  readonly unit = int32Column();
  readonly due = int32Column();
  readonly done = float64Column();

  get length(): number {
    return this.type.length;
  }

  push(row: IndexedRow): void {
    this.pushValues(
      row.item,
      row.type,
      row.occurredMs,
      row.recordedMs,
      row.unit,
      row.due,
      row.doneMs,
    );
  }

  /** As `push`, without making an object per row (a rebuild stages half a million). */
  pushValues(
    item: number,
    type: number,
    occurredMs: number,
    recordedMs: number,
    unit: number,
    due: number,
    doneMs: number,
  ): void {
    this.item.push(item);
    this.type.push(type);
    this.occurred.push(occurredMs);
    this.recorded.push(recordedMs);
    this.unit.push(unit);
    this.due.push(due);
    this.done.push(doneMs);
  }

  row(r: number): IndexedRow {
    return {
      item: this.item.values[r],
      type: this.type.values[r],
      occurredMs: this.occurred.values[r],
      recordedMs: this.recorded.values[r],
      unit: this.unit.values[r],
      due: this.due.values[r],
      doneMs: this.done.values[r],
    };
  }
}

/**
 * The overdue report's data in memory, as typed columns: units and items numbered densely, every
 * report row in log order, and the fold of all rows (the current state). A report now reads the
 * current state (100,000 items); a report at a past instant folds the rows up to it again into
 * scratch arrays (about one row per state change). Both are tight loops over typed arrays.
 *
 * The index is only ever extended with rows the read-model file has committed (see
 * ReportProjection), so it always equals what the file holds at the checkpoint.
 */
export class ReportIndex {
  readonly unitIds: string[] = [];
  private readonly unitCodes = new Map<string, number>();

  private readonly itemNos = new Map<string, number>();
  /** Item ids by number (the same strings as the map's keys). */
  readonly itemIds: string[] = [];
  readonly itemKind = uint8Column();
  readonly itemOrigin = int32Column();
  readonly communeStart = int32Column();
  readonly communeEnd = int32Column();
  readonly communePool = int32Column();

  readonly rows = new RowColumns();

  private current: FoldState = newFoldState(1024);
  /** Latest business or recorded time of any row: a report at or after it is the current state. */
  latestMs = -Infinity;

  get unitCount(): number {
    return this.unitIds.length;
  }

  get itemCount(): number {
    return this.itemKind.length;
  }

  get rowCount(): number {
    return this.rows.length;
  }

  unitCode(unitId: string): number | undefined {
    return this.unitCodes.get(unitId);
  }

  itemNo(itemId: string): number | undefined {
    return this.itemNos.get(itemId);
  }

  addUnit(unitId: string): number {
    const code = this.unitIds.push(unitId) - 1;
    this.unitCodes.set(unitId, code);
    return code;
  }

  addItem(item: IndexedItem): number {
    const no = this.itemKind.push(item.kind);
    this.itemNos.set(item.itemId, no);
    this.itemIds.push(item.itemId);
    this.itemOrigin.push(item.origin);
    this.communeStart.push(this.communePool.length);
    for (const commune of item.communes) this.communePool.push(commune);
    this.communeEnd.push(this.communePool.length);
    this.growCurrent(no + 1);
    return no;
  }

  addRow(row: IndexedRow): void {
    const { item, type, occurredMs, recordedMs, unit, due, doneMs } = row;
    this.rows.pushValues(item, type, occurredMs, recordedMs, unit, due, doneMs);
    if (occurredMs > this.latestMs) this.latestMs = occurredMs;
    if (recordedMs > this.latestMs) this.latestMs = recordedMs;
    foldRow(this.current, item, type, unit, due, doneMs);
  }

  /** Appends `from`'s rows (committed by the projection) and folds them into the current state. */
  addRows(from: RowColumns): void {
    this.addArrays(from.length, {
      item: from.item.values,
      type: from.type.values,
      occurred: from.occurred.values,
      recorded: from.recorded.values,
      unit: from.unit.values,
      due: from.due.values,
      done: from.done.values,
    });
  }

  /** Appends the first `count` rows of the arrays (a stored chunk, or staged columns). */
  addArrays(count: number, rows: RowArrays): void {
    const { item, type, occurred, recorded, unit, due, done } = rows;
    for (let r = 0; r < count; r++) {
      this.rows.pushValues(item[r], type[r], occurred[r], recorded[r], unit[r], due[r], done[r]);
      if (occurred[r] > this.latestMs) this.latestMs = occurred[r];
      if (recorded[r] > this.latestMs) this.latestMs = recorded[r];
      foldRow(this.current, item[r], type[r], unit[r], due[r], done[r]);
    }
  }

  /** The fold of every row: each item as it stands now. Read only. */
  currentState(): FoldState {
    return this.current;
  }

  /**
   * Each item as it stood at `asOfMs` on `basis`: the current state when `asOfMs` is at or after
   * every known time (then "the events up to asOf" are all of them, on either basis), else
   * `stateAt`. Read only.
   */
  stateAsOf(asOfMs: number, basis: 'effective' | 'recorded'): FoldState {
    return asOfMs >= this.latestMs ? this.current : this.stateAt(asOfMs, basis);
  }

  /** The fold of the rows whose business (`effective`) or recorded time is at or before `asOfMs`. */
  stateAt(asOfMs: number, basis: 'effective' | 'recorded'): FoldState {
    const state = newFoldState(this.itemCount);
    const rows = this.rows;
    const times = (basis === 'effective' ? rows.occurred : rows.recorded).values;
    const item = rows.item.values;
    const type = rows.type.values;
    const unit = rows.unit.values;
    const due = rows.due.values;
    const done = rows.done.values;
    // Rows are in log order, which is each stream's order, so skipping the later ones folds exactly
    // the events known at asOf in the order evolve would see them.
    for (let r = 0, n = this.rowCount; r < n; r++) {
      if (times[r] <= asOfMs) foldRow(state, item[r], type[r], unit[r], due[r], done[r]);
    }
    return state;
  }

  private growCurrent(items: number): void {
    if (items <= this.current.status.length) return;
    const bigger = newFoldState(this.current.status.length * 2);
    bigger.status.set(this.current.status);
    bigger.lead.set(this.current.lead);
    bigger.due.set(this.current.due);
    bigger.done.set(this.current.done);
    bigger.extended.set(this.current.extended);
    this.current = bigger;
  }
}
