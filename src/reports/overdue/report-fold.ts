import { NO_DAY } from '../../items/read-model/timeliness-clock';

/**
 * The part of an item's state the overdue report needs, folded from compact rows. It mirrors
 * `evolve` (follow-up/item.evolve.ts) for exactly these fields, event for event, so the report's
 * state at any instant equals the domain's fold of the same events; a spec checks it.
 *
 * Events that cannot change these fields in any order of arrival (progress, extension requests,
 * answers, accepted reviews, refused extensions) produce no row.
 */

/** Row types, stored in the read-model file: never renumber. */
export const ROW = {
  raised: 1,
  assigned: 2,
  acknowledged: 3,
  returned: 4,
  extended: 5,
  completionReported: 6,
  reviewReturned: 7,
  resolved: 8,
  reopened: 9,
  cancelled: 10,
  /** An urge: changes nothing here; the period report counts items urged within a period. */
  urged: 11,
  /**
   * A transfer after a merger or dissolution: `unit` is the successor and the `due` column holds
   * the former unit's code (a transfer has no due date); the lead passes if it was the former.
   */
  transferred: 12,
} as const;

/** Status as the report sees it: raised, assigned, in progress and awaiting review are all open. */
export const STATUS = { none: 0, open: 1, resolved: 2, cancelled: 3 } as const;

/** Unit code meaning "no unit" (not assigned). */
export const NO_UNIT = -1;

/** One item's report state per array slot. */
export interface FoldState {
  status: Uint8Array;
  lead: Int32Array;
  due: Int32Array;
  /** When the work counts as done (completedAt, else resolvedAt), epoch ms; NaN when open. */
  done: Float64Array;
  /** 1 once an extension was approved. */
  extended: Uint8Array;
}

export function newFoldState(items: number): FoldState {
  return {
    status: new Uint8Array(items),
    lead: new Int32Array(items),
    due: new Int32Array(items),
    done: new Float64Array(items),
    extended: new Uint8Array(items),
  };
}

/**
 * Applies one row to item `i`, as `evolve` applies the event the row came from. (`due` is the
 * former unit's code on a transfer row.)
 */
export function foldRow(
  s: FoldState,
  i: number,
  type: number,
  unit: number,
  due: number,
  done: number,
): void {
  if (s.status[i] === STATUS.none) {
    // Before its raise an item ignores every event (evolve returns the state unchanged).
    if (type === ROW.raised) {
      s.status[i] = STATUS.open;
      s.lead[i] = NO_UNIT;
      s.due[i] = NO_DAY;
      s.done[i] = NaN;
      s.extended[i] = 0;
    }
    return;
  }
  switch (type) {
    case ROW.assigned:
      // evolve keeps the status only when the same lead is re-assigned (and it was not raised);
      // raised and every other open status are one "open" here, so: same lead keeps, else open.
      if (s.lead[i] !== unit) s.status[i] = STATUS.open;
      s.lead[i] = unit;
      s.due[i] = due;
      break;
    case ROW.returned:
      s.status[i] = STATUS.open;
      s.lead[i] = NO_UNIT;
      break;
    case ROW.acknowledged:
    case ROW.completionReported:
    case ROW.reviewReturned:
      s.status[i] = STATUS.open;
      break;
    case ROW.extended:
      s.due[i] = due;
      s.extended[i] = 1;
      break;
    case ROW.resolved:
      s.status[i] = STATUS.resolved;
      s.done[i] = done;
      break;
    case ROW.reopened:
      s.status[i] = STATUS.open;
      s.done[i] = NaN;
      break;
    case ROW.cancelled:
      s.status[i] = STATUS.cancelled;
      break;
    case ROW.transferred:
      if (s.lead[i] === due) s.lead[i] = unit;
      break;
    default:
      break;
  }
}
