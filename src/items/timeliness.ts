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
 * no deadline, and `cancelled`: a withdrawn item is neither on time nor late (reports leave it
 * out). The values are disjoint, so report columns add up to the total.
 */
export const TIMELINESS_VALUES = [
  'on-time',
  'due-soon',
  'overdue',
  'completed-on-time',
  'completed-late',
  'no-deadline',
  'cancelled',
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
 * Where `item` (its state as of `asOf`) stands on the grid at the instant `asOf`.
 *
 * - Cancelled → `cancelled`, whatever its deadline.
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
  if (item.status === 'cancelled') return 'cancelled';
  const due = dueDateOf(item, basis);
  if (due === null) return 'no-deadline';
  const end = Date.parse(endOfLocalDayUtc(due));
  if (item.status === 'resolved') {
    const doneAt = item.completedAt ?? item.resolvedAt ?? asOf;
    return Date.parse(doneAt) <= end ? 'completed-on-time' : 'completed-late';
  }
  if (Date.parse(asOf) > end) return 'overdue';
  const left = calendar.workingDaysBetween(toLocalDate(asOf), due);
  return left <= DUE_SOON_WORKING_DAYS ? 'due-soon' : 'on-time';
}

/**
 * Calendar days an open item is past its due date at `asOf` (0 when it is not overdue, or is
 * resolved or cancelled), for the 1–30 / 31–90 / over-90 ageing bands.
 */
export function daysOverdue(item: Item, asOf: string, basis: DeadlineBasis = 'current'): number {
  const due = dueDateOf(item, basis);
  if (due === null || item.status === 'resolved' || item.status === 'cancelled') return 0;
  if (Date.parse(asOf) <= Date.parse(endOfLocalDayUtc(due))) return 0;
  return daysBetween(due, toLocalDate(asOf));
}

/** The ageing band of a positive number of days overdue; null when not overdue. */
export function overdueBand(days: number): OverdueBand | null {
  if (days <= 0) return null;
  if (days <= 30) return '1-30';
  if (days <= 90) return '31-90';
  return 'over-90';
}
