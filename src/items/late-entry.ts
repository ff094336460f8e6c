import { isValidInstant, toLocalDate } from '../shared/calendar/local-date';
import type { WorkingCalendar } from '../shared/calendar/working-calendar';

/**
 * Acts entered after the fact. Offices and units record acts from paper, dated by their documents
 * (`occurredAt`); the log also knows when each was recorded (`recordedAt`). Both are shown, so a
 * reader can tell a completion made on time from one typed in weeks later and dated back.
 */

/**
 * Whether an act was recorded on a later local day than the one it is dated. False when either
 * time is not a readable instant (an auditor's page must not fail on one odd record).
 */
export function enteredLater(occurredAt: unknown, recordedAt: string): boolean {
  if (!isValidInstant(occurredAt) || !isValidInstant(recordedAt)) return false;
  return toLocalDate(recordedAt) > toLocalDate(occurredAt);
}

/** Working days from the act's date to the day it was recorded (0 on the same day). */
export function workingDaysLate(
  occurredAt: string,
  recordedAt: string,
  calendar: WorkingCalendar,
): number {
  return Math.max(0, calendar.workingDaysBetween(toLocalDate(occurredAt), toLocalDate(recordedAt)));
}

/** The latest completion report as the reviewing office sees it: when dated, when recorded. */
export interface CompletionEntry {
  occurredAt: string;
  recordedAt: string;
  /** Working days between the two. */
  workingDaysLate: number;
  /** More than the configured window (`LATE_ENTRY_WORKING_DAYS`) late. */
  enteredLate: boolean;
}

export function completionEntry(
  occurredAt: string,
  recordedAt: string,
  calendar: WorkingCalendar,
  windowWorkingDays: number,
): CompletionEntry {
  const late = workingDaysLate(occurredAt, recordedAt, calendar);
  return { occurredAt, recordedAt, workingDaysLate: late, enteredLate: late > windowWorkingDays };
}
