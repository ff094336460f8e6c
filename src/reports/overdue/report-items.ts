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
import type { WorkingCalendar } from '../../shared/calendar/working-calendar';
import { NO_UNIT, STATUS, type FoldState } from './report-fold';
import { KIND_CODE, type ReportIndex } from './report-index';

/** Which items of the report's grid to list, at an instant and on a basis, as the report counts them. */
export interface ReportItemsRequest {
  asOfMs: number;
  basis: 'effective' | 'recorded';
  kind?: ItemKind;
  /** The lead unit then. */
  leadUnit?: string;
  /** A commune the item concerned, as the report's commune rows count it. */
  commune?: string;
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
): ReportItemsPage {
  const at = judgementAt(request.asOfMs, calendar);
  const state =
    request.asOfMs >= index.latestMs
      ? index.currentState()
      : index.stateAt(request.asOfMs, request.basis);
  const kind = request.kind === undefined ? -1 : KIND_CODE[request.kind];
  const lead =
    request.leadUnit === undefined ? undefined : (index.unitCode(request.leadUnit) ?? -2);
  const commune =
    request.commune === undefined ? undefined : (index.unitCode(request.commune) ?? -2);
  const isCommune = (code: number) => units.get(index.unitIds[code])?.kind === 'commune';
  const first = (request.page - 1) * request.pageSize;
  const itemIds: string[] = [];
  let total = 0;
  // Newest first: items are numbered in the order the log raised them.
  for (let i = index.itemCount - 1; i >= 0; i--) {
    const status = state.status[i];
    if (status === STATUS.none) continue;
    if (kind !== -1 && index.itemKind.values[i] !== kind) continue;
    if (lead !== undefined && state.lead[i] !== lead) continue;
    if (commune !== undefined && !concerns(index, state, i, commune, isCommune)) continue;
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

/** Whether the item counts in commune `code`'s row: listed, its origin, or its lead then. */
function concerns(
  index: ReportIndex,
  state: FoldState,
  i: number,
  code: number,
  isCommune: (code: number) => boolean,
): boolean {
  const pool = index.communePool.values;
  for (let c = index.communeStart.values[i]; c < index.communeEnd.values[i]; c++) {
    if (pool[c] === code) return true;
  }
  if (!isCommune(code)) return false;
  return (
    index.itemOrigin.values[i] === code || (state.lead[i] !== NO_UNIT && state.lead[i] === code)
  );
}
