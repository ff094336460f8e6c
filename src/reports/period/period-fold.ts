import { dayNumber, endOfDayMs } from '../../items/read-model/timeliness-clock';
import type { LocalDate } from '../../shared/calendar/local-date';
import type { ReportBasis } from '../overdue/overdue-report.query';
import { foldRow, newFoldState, ROW, type FoldState } from '../overdue/report-fold';
import type { ReportIndex } from '../overdue/report-index';

/** A period `[from, to]` of local days, as the instants that bound it. */
export interface PeriodBounds {
  from: LocalDate;
  to: LocalDate;
  /** 24:00 of the day before `from`: what was known by then is "before the period". */
  startMs: number;
  /** 24:00 of `to`: what was known by then is "by the end of the period". */
  endMs: number;
}

export function periodBounds(from: LocalDate, to: LocalDate): PeriodBounds {
  return {
    from,
    to,
    startMs: endOfDayMs(dayNumber(from) - 1),
    endMs: endOfDayMs(dayNumber(to)),
  };
}

/** Bits of {@link PeriodFold.marks}: what happened to an item within the period. */
export const MARK = { reopened: 1, extended: 2, urged: 4 } as const;

/**
 * The report timeline folded twice in one pass: each item as it stood at the start of the period
 * and at its end (the same fold as the overdue report's, on the same basis), when it was first
 * assigned, and what happened to it within the period.
 */
export interface PeriodFold {
  start: FoldState;
  end: FoldState;
  /** Earliest time (on the basis) of an assignment known by the end; Infinity if none. */
  firstAssigned: Float64Array;
  /** {@link MARK} bits for rows timed within `(startMs, endMs]`. */
  marks: Uint8Array;
}

export function foldPeriod(
  index: ReportIndex,
  bounds: PeriodBounds,
  basis: ReportBasis,
): PeriodFold {
  const n = index.itemCount;
  const start = newFoldState(n);
  // At or after every known time the end state is the current one: no second fold needed.
  const endIsCurrent = bounds.endMs >= index.latestMs;
  const end = endIsCurrent ? index.currentState() : newFoldState(n);
  const firstAssigned = new Float64Array(n).fill(Infinity);
  const marks = new Uint8Array(n);
  const rows = index.rows;
  const times = (basis === 'effective' ? rows.occurred : rows.recorded).values;
  const item = rows.item.values;
  const type = rows.type.values;
  const unit = rows.unit.values;
  const due = rows.due.values;
  const done = rows.done.values;
  const { startMs, endMs } = bounds;
  // Rows are in log order (each stream's order), so folding the ones timed before an instant folds
  // exactly the events known then, as `evolve` would see them.
  for (let r = 0, count = index.rowCount; r < count; r++) {
    const t = times[r];
    if (t > endMs) continue;
    const i = item[r];
    const rowType = type[r];
    if (!endIsCurrent) foldRow(end, i, rowType, unit[r], due[r], done[r]);
    if (t <= startMs) {
      foldRow(start, i, rowType, unit[r], due[r], done[r]);
    } else if (rowType === ROW.reopened) {
      marks[i] |= MARK.reopened;
    } else if (rowType === ROW.extended) {
      marks[i] |= MARK.extended;
    } else if (rowType === ROW.urged) {
      marks[i] |= MARK.urged;
    }
    if (rowType === ROW.assigned && t < firstAssigned[i]) firstAssigned[i] = t;
  }
  return { start, end, firstAssigned, marks };
}
