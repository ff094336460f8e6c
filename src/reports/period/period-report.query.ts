import type { ItemKind } from '../../items/item.events';
import {
  completedOnTime,
  judgementAt,
  judgeOpen,
  NO_DAY,
} from '../../items/read-model/timeliness-clock';
import type { UnitRow } from '../../organisation/read-model/units.projection';
import { UnitLineage, type UnitsAsOf } from '../../organisation/unit-lineage';
import type { LocalDate } from '../../shared/calendar/local-date';
import type { WorkingCalendar } from '../../shared/calendar/working-calendar';
import type { ReportBasis, ReportGroupBy } from '../overdue/overdue-report.query';
import { maxCommunes } from '../overdue/overdue-report.query';
import { NO_UNIT, STATUS } from '../overdue/report-fold';
import { communeGroups, reportGroups } from '../overdue/report-groups';
import { KIND_CODE, type ReportIndex } from '../overdue/report-index';
import { foldPeriod, MARK, periodBounds } from './period-fold';

export interface PeriodReportRequest {
  from: LocalDate;
  to: LocalDate;
  groupBy: ReportGroupBy;
  basis: ReportBasis;
  kind?: ItemKind;
  /** Rows by the units as organised at the end of the period (`then`, the default) or today. */
  units?: UnitsAsOf;
}

/** The counts of one row, as API.md names them. */
export interface PeriodCounts {
  carriedOver: number;
  received: number;
  completedOnTime: number;
  completedLate: number;
  openOnTime: number;
  openOverdue: number;
  openNoDeadline: number;
  cancelled: number;
  extended: number;
  urged: number;
}

export interface PeriodReportRow extends PeriodCounts {
  unitId: string | null;
  unitName: string;
}

export interface PeriodReport {
  from: LocalDate;
  to: LocalDate;
  basis: ReportBasis;
  groupBy: ReportGroupBy;
  kind: ItemKind | null;
  units: UnitsAsOf;
  rows: PeriodReportRow[];
  /** Every item counted once (with groupBy=commune an item may appear in several rows). */
  totals: PeriodCounts;
  /** The log position the report reflects (the report read model's checkpoint). */
  position: string;
}

export const PERIOD_FIELDS = [
  'carriedOver',
  'received',
  'completedOnTime',
  'completedLate',
  'openOnTime',
  'openOverdue',
  'openNoDeadline',
  'cancelled',
  'extended',
  'urged',
] as const satisfies readonly (keyof PeriodCounts)[];

const F = Object.fromEntries(PERIOD_FIELDS.map((name, i) => [name, i])) as Record<
  (typeof PERIOD_FIELDS)[number],
  number
>;
const WIDTH = PERIOD_FIELDS.length;

export const UNASSIGNED_NAME = {
  'lead-unit': 'Chưa giao đơn vị chủ trì',
  commune: 'Không gắn với xã',
} as const;

/**
 * The period report (API.md, "Period reports"): which items a unit had in hand over `[from, to]`
 * and how each left it. An item counts when it had been assigned by the end of the period and was
 * still open at its start, or was first assigned within it, or was reopened within it (a reopened
 * item comes back as carried over). Each such item is carried over (first assigned before `from`)
 * or received (first assigned within), and ends in exactly one of: completed on time or late
 * (resolved by the end, judged against the deadline in force then; no deadline is on time),
 * cancelled, or open at the end (on time, due soon included; overdue; no deadline), so
 * `carriedOver + received = completed… + open… + cancelled` for every row and the totals.
 *
 * Its row is its lead unit at the end of the period (or when it closed), as organised at the end
 * of the period (`units=then`) or today (`now`); `groupBy=commune` counts it for every commune it
 * concerns, as the overdue report does. Times are business times
 * (`effective`) or recording times (`recorded`), as everywhere in the reports.
 */
export function periodReport(
  index: ReportIndex,
  units: ReadonlyMap<string, UnitRow>,
  calendar: WorkingCalendar,
  request: PeriodReportRequest,
  position: bigint,
  lineage: UnitLineage = UnitLineage.empty(),
): PeriodReport {
  const bounds = periodBounds(request.from, request.to);
  const { start, end, firstAssigned, marks } = foldPeriod(index, bounds, request.basis);
  const at = judgementAt(bounds.endMs, calendar);
  const organised = request.units ?? 'then';
  const groups = reportGroups(index, units, lineage, {
    units: organised,
    asOfMs: bounds.endMs,
    basis: request.basis,
  });
  const { groupOf, none } = groups;
  const counts = new Int32Array((none + 1) * WIDTH);
  const totals = new Int32Array(WIDTH);
  const concerned = new Int32Array(maxCommunes(index) + 2);
  const kind = request.kind === undefined ? -1 : KIND_CODE[request.kind];
  const kinds = index.itemKind.values;
  const origin = index.itemOrigin.values;
  const communeStart = index.communeStart.values;
  const communeEnd = index.communeEnd.values;
  const pool = index.communePool.values;
  const add = (group: number, entry: number, cell: number, mark: number) => {
    const base = group * WIDTH;
    counts[base + entry]++;
    counts[base + cell]++;
    if (mark & MARK.extended) counts[base + F.extended]++;
    if (mark & MARK.urged) counts[base + F.urged]++;
  };

  for (let i = 0, n = index.itemCount; i < n; i++) {
    const status = end.status[i];
    if (status === STATUS.none) continue;
    if (kind !== -1 && kinds[i] !== kind) continue;
    const assignedMs = firstAssigned[i];
    if (assignedMs > bounds.endMs) continue; // never assigned by the end
    const carried = assignedMs <= bounds.startMs;
    if (carried && start.status[i] !== STATUS.open && (marks[i] & MARK.reopened) === 0) continue;
    const entry = carried ? F.carriedOver : F.received;
    const due = end.due[i];
    let cell: number;
    if (status === STATUS.resolved) {
      cell =
        due === NO_DAY || completedOnTime(end.done[i], due) ? F.completedOnTime : F.completedLate;
    } else if (status === STATUS.cancelled) {
      cell = F.cancelled;
    } else if (due === NO_DAY) {
      cell = F.openNoDeadline;
    } else {
      cell = judgeOpen(due, at) === 'overdue' ? F.openOverdue : F.openOnTime;
    }
    const mark = marks[i];
    totals[entry]++;
    totals[cell]++;
    if (mark & MARK.extended) totals[F.extended]++;
    if (mark & MARK.urged) totals[F.urged]++;
    const lead = end.lead[i];
    if (request.groupBy === 'lead-unit') {
      add(lead === NO_UNIT ? none : groupOf[lead], entry, cell, mark);
      continue;
    }
    // Every commune the item concerns, once (two merged into one count once).
    const k = communeGroups(
      groups,
      pool,
      communeStart[i],
      communeEnd[i],
      origin[i],
      lead,
      concerned,
    );
    for (let c = 0; c < k; c++) add(concerned[c], entry, cell, mark);
    if (k === 0) add(none, entry, cell, mark);
  }

  const rows: PeriodReportRow[] = [];
  for (let g = 0; g <= none; g++) {
    const base = g * WIDTH;
    if (counts[base + F.carriedOver] + counts[base + F.received] === 0) continue;
    const unitId = g === none ? null : groups.ids[g];
    rows.push({
      unitId,
      unitName: unitId === null ? UNASSIGNED_NAME[request.groupBy] : groups.names[g],
      ...toCounts(counts, base),
    });
  }
  rows.sort(byName);
  return {
    from: request.from,
    to: request.to,
    basis: request.basis,
    groupBy: request.groupBy,
    kind: request.kind ?? null,
    units: organised,
    rows,
    totals: toCounts(totals, 0),
    position: position.toString(),
  };
}

function toCounts(counts: Int32Array, base: number): PeriodCounts {
  const out = {} as PeriodCounts;
  PERIOD_FIELDS.forEach((name, i) => (out[name] = counts[base + i]));
  return out;
}

/** Units by name in Vietnamese order; the row without a unit last. */
export function byName(
  a: { unitId: string | null; unitName: string },
  b: { unitId: string | null; unitName: string },
): number {
  if (a.unitId === null) return 1;
  if (b.unitId === null) return -1;
  return a.unitName.localeCompare(b.unitName, 'vi') || a.unitId.localeCompare(b.unitId);
}
