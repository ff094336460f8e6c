import {
  daysBetween,
  endOfLocalDayUtc,
  type LocalDate,
  toLocalDate,
} from '../shared/calendar/local-date';
import type { WorkingCalendar } from '../shared/calendar/working-calendar';
import type { Item } from './item.state';

/**
 * The Government Office's 2x2 grid (completed / not completed × on time / late), plus due soon and
 * no deadline. The six values are disjoint, so report columns add up to the total.
 */
export const TIMELINESS_VALUES = [
  'on-time',
  'due-soon',
  'overdue',
  'completed-on-time',
  'completed-late',
  'no-deadline',
] as const;
export type Timeliness = (typeof TIMELINESS_VALUES)[number];

/** "Due soon" means this many working days or fewer are left (the due day itself counts as 0). */
export const DUE_SOON_WORKING_DAYS = 3;

/** Official reports state timeliness against both the original and the current deadline. */
export type DeadlineBasis = 'current' | 'original';

export type OverdueBand = '1-30' | '31-90' | 'over-90';

function dueDateOf(item: Item, basis: DeadlineBasis): LocalDate | null {
  return basis === 'current' ? item.deadline.current : item.deadline.original;
}

/**
 * When an open item is judged: a cancelled item is frozen at its cancellation, so it does not keep
 * drifting into "overdue" in a report that chooses to show it (the standard reports leave it out).
 */
function judgedAt(item: Item, asOf: string): string {
  return item.cancelledAt !== null && Date.parse(item.cancelledAt) < Date.parse(asOf)
    ? item.cancelledAt
    : asOf;
}

/**
 * Where `item` (its state as of `asOf`) stands on the grid at the instant `asOf`.
 *
 * - No due date → `no-deadline`, whatever the status.
 * - Resolved → completed on time when done by 24:00 local of the due day, else late. "Done" is
 *   `completedAt` for the outcome `completed`; for `not-feasible`, `forwarded` and `duplicate` it is
 *   `resolvedAt`, because such an item is closed and counts as handled for the grid, and the act that
 *   closed it is what was (or was not) timely.
 * - Anything else is open, including an item awaiting review: it is completed only when the report is
 *   accepted. Open → `overdue` after 24:00 of the due day; `due-soon` with 3 working days or fewer
 *   left; else `on-time`.
 */
export function timelinessOf(
  item: Item,
  asOf: string,
  calendar: WorkingCalendar,
  basis: DeadlineBasis = 'current',
): Timeliness {
  const due = dueDateOf(item, basis);
  if (due === null) return 'no-deadline';
  const end = Date.parse(endOfLocalDayUtc(due));
  if (item.status === 'resolved') {
    const doneAt = item.completedAt ?? item.resolvedAt ?? asOf;
    return Date.parse(doneAt) <= end ? 'completed-on-time' : 'completed-late';
  }
  const at = judgedAt(item, asOf);
  if (Date.parse(at) > end) return 'overdue';
  const left = calendar.workingDaysBetween(toLocalDate(at), due);
  return left <= DUE_SOON_WORKING_DAYS ? 'due-soon' : 'on-time';
}

/**
 * Calendar days an open item is past its due date at `asOf` (0 when it is not overdue, or is
 * resolved), for the 1–30 / 31–90 / over-90 ageing bands.
 */
export function daysOverdue(item: Item, asOf: string, basis: DeadlineBasis = 'current'): number {
  const due = dueDateOf(item, basis);
  if (due === null || item.status === 'resolved') return 0;
  const at = judgedAt(item, asOf);
  if (Date.parse(at) <= Date.parse(endOfLocalDayUtc(due))) return 0;
  return daysBetween(due, toLocalDate(at));
}

/** The ageing band of a positive number of days overdue; null when not overdue. */
export function overdueBand(days: number): OverdueBand | null {
  if (days <= 0) return null;
  if (days <= 30) return '1-30';
  if (days <= 90) return '31-90';
  return 'over-90';
}
