import { toLocalDate, type LocalDate } from '../../shared/calendar/local-date';
import type { WorkingCalendar } from '../../shared/calendar/working-calendar';
import { DUE_SOON_WORKING_DAYS, type Timeliness } from '../timeliness';

/**
 * Timeliness with dates as day numbers (days since 1970-01-01, a local Asia/Ho_Chi_Minh date),
 * so read models judge 100,000 items with integer comparisons. Every function here gives the same
 * answer as `timelinessOf` / `daysOverdue` in `follow-up/timeliness.ts` (a spec checks it), which
 * stay the definition.
 */

const DAY_MS = 86_400_000;
/** Asia/Ho_Chi_Minh is UTC+7 all year. */
const OFFSET_MS = 7 * 3_600_000;

/**
 * Sentinel for "no due date" in Int32 columns: the smallest int32, which no date has (days run
 * about ±10^8 from 1970). It must never be a real day: −1, once used, is 1969-12-31.
 */
export const NO_DAY = -(2 ** 31);

export function dayNumber(date: LocalDate): number {
  return Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
}

export function dateOfDay(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 24:00 local time of a day (Civil Code art. 148: a deadline ends then), in epoch ms. */
export function endOfDayMs(day: number): number {
  return (day + 1) * DAY_MS - OFFSET_MS;
}

/** Everything that depends on "when" and the calendar, computed once per query. */
export interface Judgement {
  atMs: number;
  /** Local day of `atMs`. */
  today: number;
  /** An open item whose due day is at or before this is overdue (`atMs` is past its 24:00). */
  overdueThrough: number;
  /** An open item not overdue whose due day is before this is due soon (3 working days or fewer). */
  dueSoonBefore: number;
}

export function judgementAt(atMs: number, calendar: WorkingCalendar): Judgement {
  const local = atMs + OFFSET_MS;
  const today = Math.floor(local / DAY_MS);
  // end(due) < atMs  <=>  due + 1 < local / DAY; at exactly midnight the day before is not yet late.
  const overdueThrough = local % DAY_MS === 0 ? today - 2 : today - 1;
  const todayDate = toLocalDate(new Date(atMs).toISOString());
  // workingDaysBetween(today, due) <= 3  <=>  due comes before the 4th working day after today.
  const dueSoonBefore = dayNumber(calendar.addWorkingDays(todayDate, DUE_SOON_WORKING_DAYS + 1));
  return { atMs, today, overdueThrough, dueSoonBefore };
}

/**
 * Instants with the same key get the same judgement but for `atMs`: the same local day, and both
 * exactly at its midnight or both not. For memoising `judgementAt` over many instants.
 */
export function judgementKey(atMs: number): number {
  const local = atMs + OFFSET_MS;
  return Math.floor(local / DAY_MS) * 2 + (local % DAY_MS === 0 ? 1 : 0);
}

export type OpenTimeliness = Extract<Timeliness, 'on-time' | 'due-soon' | 'overdue'>;

/** Timeliness of an open (not resolved, not cancelled) item with a due day. */
export function judgeOpen(dueDay: number, at: Judgement): OpenTimeliness {
  if (dueDay <= at.overdueThrough) return 'overdue';
  return dueDay < at.dueSoonBefore ? 'due-soon' : 'on-time';
}

/** Calendar days past the due day for an overdue item (as `daysOverdue`). */
export function daysLate(dueDay: number, at: Judgement): number {
  return at.today - dueDay;
}

/** A resolved item counts as completed on time when done by 24:00 of its due day. */
export function completedOnTime(doneMs: number, dueDay: number): boolean {
  return doneMs <= endOfDayMs(dueDay);
}
