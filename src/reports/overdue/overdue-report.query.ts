import type { ItemKind } from '../../items/item.events';
import type { WorkingCalendar } from '../../shared/calendar/working-calendar';
import {
  completedOnTime,
  daysLate,
  judgementAt,
  judgeOpen,
  NO_DAY,
  type Judgement,
} from '../../items/read-model/timeliness-clock';
import type { UnitRow } from '../../organisation/read-model/units.projection';
import { UnitLineage, type UnitsAsOf } from '../../organisation/unit-lineage';
import { NO_UNIT, STATUS, type FoldState } from './report-fold';
import { communeGroups, reportGroups } from './report-groups';
import { KIND_CODE, type ReportIndex } from './report-index';

export type ReportGroupBy = 'lead-unit' | 'commune';
export type ReportBasis = 'effective' | 'recorded';

export interface OverdueReportRequest {
  groupBy: ReportGroupBy;
  basis: ReportBasis;
  /** The instant judged, epoch ms. */
  asOfMs: number;
  kind?: ItemKind;
  /** Rows by the units as organised at `asOf` (`then`, the default) or today (`now`). */
  units?: UnitsAsOf;
}

/** The counts of one row, as API.md names them, plus `extended`. */
export interface OverdueCounts {
  total: number;
  completedOnTime: number;
  completedLate: number;
  openOnTime: number;
  dueSoon: number;
  openOverdue: number;
  noDeadline: number;
  overdue1to30: number;
  overdue31to90: number;
  overdueOver90: number;
  /** Items whose deadline was extended (at least one approved extension) by `asOf`. */
  extended: number;
}

export interface OverdueReportRow extends OverdueCounts {
  unitId: string | null;
  unitName: string;
}

export interface OverdueReport {
  asOf: string;
  basis: ReportBasis;
  groupBy: ReportGroupBy;
  units: UnitsAsOf;
  rows: OverdueReportRow[];
  /** Every item counted once (with groupBy=commune an item may appear in several rows). */
  totals: OverdueCounts;
}

const FIELDS = [
  'total',
  'completedOnTime',
  'completedLate',
  'openOnTime',
  'dueSoon',
  'openOverdue',
  'noDeadline',
  'overdue1to30',
  'overdue31to90',
  'overdueOver90',
  'extended',
] as const satisfies readonly (keyof OverdueCounts)[];
const F = Object.fromEntries(FIELDS.map((name, i) => [name, i])) as Record<
  (typeof FIELDS)[number],
  number
>;
const WIDTH = FIELDS.length;

const UNASSIGNED_NAME = { 'lead-unit': 'Chưa giao đơn vị chủ trì', commune: 'Không gắn với xã' };

/**
 * The overdue report: for every item in the report (cancelled items left out), its place on the
 * timeliness grid at `asOf`, counted per lead unit or per commune it concerns.
 */
export function overdueReport(
  index: ReportIndex,
  units: ReadonlyMap<string, UnitRow>,
  calendar: WorkingCalendar,
  request: OverdueReportRequest,
  lineage: UnitLineage = UnitLineage.empty(),
): OverdueReport {
  const at = judgementAt(request.asOfMs, calendar);
  const state = index.stateAsOf(request.asOfMs, request.basis);
  const organised = request.units ?? 'then';
  const groups = reportGroups(index, units, lineage, {
    units: organised,
    asOfMs: request.asOfMs,
    basis: request.basis,
  });
  const { groupOf, none } = groups;
  const counts = new Int32Array((none + 1) * WIDTH);
  const totals = new Int32Array(WIDTH);
  const kind = request.kind === undefined ? -1 : KIND_CODE[request.kind];
  const kinds = index.itemKind.values;
  const origin = index.itemOrigin.values;
  const start = index.communeStart.values;
  const end = index.communeEnd.values;
  const pool = index.communePool.values;
  const concerned = new Int32Array(maxCommunes(index) + 2);

  for (let i = 0, n = index.itemCount; i < n; i++) {
    const status = state.status[i];
    if (status === STATUS.none || status === STATUS.cancelled) continue;
    if (kind !== -1 && kinds[i] !== kind) continue;
    // Cell and band packed in one number (cell + band * 16) so the loop allocates nothing.
    const judged = classify(state, i, at);
    const extended = state.extended[i];
    count(totals, 0, judged, extended);
    const lead = state.lead[i];
    if (request.groupBy === 'lead-unit') {
      count(counts, lead === NO_UNIT ? none : groupOf[lead], judged, extended);
      continue;
    }
    // Every commune the item concerns, once (two merged into one count once).
    const k = communeGroups(groups, pool, start[i], end[i], origin[i], lead, concerned);
    for (let c = 0; c < k; c++) count(counts, concerned[c], judged, extended);
    if (k === 0) count(counts, none, judged, extended);
  }

  const rows: OverdueReportRow[] = [];
  for (let g = 0; g <= none; g++) {
    if (counts[g * WIDTH + F.total] === 0) continue;
    const unitId = g === none ? null : groups.ids[g];
    rows.push({
      unitId,
      unitName: unitId === null ? UNASSIGNED_NAME[request.groupBy] : groups.names[g],
      ...toCounts(counts, g * WIDTH),
    });
  }
  rows.sort(byName);
  return {
    asOf: new Date(request.asOfMs).toISOString(),
    basis: request.basis,
    groupBy: request.groupBy,
    units: organised,
    rows,
    totals: toCounts(totals, 0),
  };
}

/** The most communes any item lists. */
export function maxCommunes(index: ReportIndex): number {
  let max = 0;
  const start = index.communeStart.values;
  const end = index.communeEnd.values;
  for (let i = 0, n = index.itemCount; i < n; i++) max = Math.max(max, end[i] - start[i]);
  return max;
}

const NO_BAND = 0;

/** The grid cell and ageing band of item `i`, as `cell + band * 16` (field indexes; band 0: none). */
function classify(state: FoldState, i: number, at: Judgement): number {
  const due = state.due[i];
  if (due === NO_DAY) return F.noDeadline;
  if (state.status[i] === STATUS.resolved) {
    return completedOnTime(state.done[i], due) ? F.completedOnTime : F.completedLate;
  }
  switch (judgeOpen(due, at)) {
    case 'overdue': {
      const days = daysLate(due, at);
      const band = days <= 30 ? F.overdue1to30 : days <= 90 ? F.overdue31to90 : F.overdueOver90;
      return F.openOverdue + band * 16;
    }
    case 'due-soon':
      return F.dueSoon;
    default:
      return F.openOnTime;
  }
}

function count(counts: Int32Array, group: number, judged: number, extended: number): void {
  const base = group * WIDTH;
  counts[base + F.total]++;
  counts[base + (judged & 15)]++;
  const band = judged >> 4;
  if (band !== NO_BAND) counts[base + band]++;
  if (extended) counts[base + F.extended]++;
}

function toCounts(counts: Int32Array, base: number): OverdueCounts {
  const out = {} as OverdueCounts;
  FIELDS.forEach((name, i) => (out[name] = counts[base + i]));
  return out;
}

/** Units by name in Vietnamese order; the row without a unit last. */
function byName(a: OverdueReportRow, b: OverdueReportRow): number {
  if (a.unitId === null) return 1;
  if (b.unitId === null) return -1;
  return a.unitName.localeCompare(b.unitName, 'vi') || a.unitId.localeCompare(b.unitId);
}
