import type { ItemKind } from '../../items/item.events';
import type { Timeliness } from '../../items/timeliness';
import {
  completedOnTime,
  judgementAt,
  judgeOpen,
  NO_DAY,
  type Judgement,
} from '../../items/read-model/timeliness-clock';
import type { UnitRow } from '../../organisation/read-model/units.projection';
import { UnitLineage, type UnitsAsOf } from '../../organisation/unit-lineage';
import { maxCommunes } from './overdue-report.query';
import { communeGroups, reportGroups } from './report-groups';
import type { WorkingCalendar } from '../../shared/calendar/working-calendar';
import { NO_UNIT, STATUS, type FoldState } from './report-fold';
import { KIND_CODE, type ReportIndex } from './report-index';

/** Which items of the report's grid to list, at an instant and on a basis, as the report counts them. */
export interface ReportItemsRequest {
  asOfMs: number;
  basis: 'effective' | 'recorded';
  kind?: ItemKind;
  /** The lead unit then (as the report's row names it: see `units`). */
  leadUnit?: string;
  /** Only items without a lead unit then (the report's "not yet assigned" row). */
  unassigned?: boolean;
  /** A commune the item concerned, as the report's commune rows count it. */
  commune?: string;
  /** Units as organised at `asOf` (`then`, the default) or today (`now`), as the report's rows. */
  units?: UnitsAsOf;
  timeliness?: Timeliness;
  /** Item ids the caller may see (a unit's); undefined: all. */
  visible?: ReadonlySet<string>;
  page: number;
  pageSize: number;
}

export interface ReportItemsPage {
  /** Every matching item, as the report's cell for the same question counts them. */
  total: number;
  /** The page's item ids, most recently raised in the log first. */
  itemIds: string[];
}

/**
 * The items behind a count of the overdue report: the same fold of the report's rows at `asOf`
 * on the same basis, judged the same way, so a list's total equals the report's count for the
 * same question. Cancelled items are only listed under `timeliness=cancelled` (or without a
 * timeliness filter), as they are left out of every count of the report.
 */
export function reportItems(
  index: ReportIndex,
  units: ReadonlyMap<string, UnitRow>,
  calendar: WorkingCalendar,
  request: ReportItemsRequest,
  lineage: UnitLineage = UnitLineage.empty(),
): ReportItemsPage {
  const at = judgementAt(request.asOfMs, calendar);
  const state = index.stateAsOf(request.asOfMs, request.basis);
  const kind = request.kind === undefined ? -1 : KIND_CODE[request.kind];
  const groups = reportGroups(index, units, lineage, {
    units: request.units ?? 'then',
    asOfMs: request.asOfMs,
    basis: request.basis,
  });
  // The row the caller asks for (-2: a unit that heads no row, so nothing matches).
  const groupOfId = (id: string | undefined) => {
    if (id === undefined) return undefined;
    const g = groups.ids.indexOf(id);
    return g === -1 ? -2 : g;
  };
  const lead = groupOfId(request.leadUnit);
  const commune = groupOfId(request.commune);
  const concerned = new Int32Array(maxCommunes(index) + 2);
  const pool = index.communePool.values;
  const first = (request.page - 1) * request.pageSize;
  const itemIds: string[] = [];
  let total = 0;
  // Newest first: items are numbered in the order the log raised them.
  for (let i = index.itemCount - 1; i >= 0; i--) {
    const status = state.status[i];
    if (status === STATUS.none) continue;
    if (kind !== -1 && index.itemKind.values[i] !== kind) continue;
    const itemLead = state.lead[i];
    if (lead !== undefined && (itemLead === NO_UNIT || groups.groupOf[itemLead] !== lead)) continue;
    if (request.unassigned && itemLead !== NO_UNIT) continue;
    if (commune !== undefined) {
      const k = communeGroups(
        groups,
        pool,
        index.communeStart.values[i],
        index.communeEnd.values[i],
        index.itemOrigin.values[i],
        itemLead,
        concerned,
      );
      if (!concerned.subarray(0, k).includes(commune)) continue;
    }
    if (request.timeliness !== undefined && timelinessAt(state, i, at) !== request.timeliness) {
      continue;
    }
    if (request.visible && !request.visible.has(index.itemIds[i])) continue;
    if (total >= first && itemIds.length < request.pageSize) itemIds.push(index.itemIds[i]);
    total++;
  }
  return { total, itemIds };
}

/** Item `i`'s timeliness at `at`, as `timelinessOf` judges its state then. */
function timelinessAt(state: FoldState, i: number, at: Judgement): Timeliness {
  if (state.status[i] === STATUS.cancelled) return 'cancelled';
  const due = state.due[i];
  if (due === NO_DAY) return 'no-deadline';
  if (state.status[i] === STATUS.resolved) {
    return completedOnTime(state.done[i], due) ? 'completed-on-time' : 'completed-late';
  }
  return judgeOpen(due, at);
}
