import type { DeadlineSpec } from '../items/deadline';
import type { Item, ItemStatus } from '../items/item.state';
import { toLocalDate, type LocalDate } from '../shared/calendar/local-date';
import type { WorkingCalendar } from '../shared/calendar/working-calendar';
import type { ReminderRules, ReminderWhen } from './reminder-rules';
import { pendingReminders } from './reminder-schedule';

/**
 * What a change of the calendar would change for open items, before an admin declares it.
 *
 * A due date is computed once and stored in its event: no recorded deadline ever moves, so none
 * is listed. What the calendar still decides is what has not been computed yet:
 * - **reminders** not yet fired: their moments are counted in working days (before or past the
 *   deadline, since the item entered a state) and opened on a working day;
 * - **the due date of an unassigned item** with a requested deadline, as it would be computed if
 *   it were assigned today (working days counted, a date or a day count moved off a rest day);
 * - **the due date of a pending extension**, as it would be if approved today (the proposed date
 *   moved off a rest day).
 * Those "if today" dates are estimates: the real one is computed when the office acts, on the
 * calendar then in force. Counts shown on screen (working days left or overdue) follow the
 * calendar in force at each reading and are not listed: they are not computations waiting to
 * happen, and every open item with a deadline in the year would be in the list.
 */

export type CalendarEffect =
  | {
      kind: 'reminder';
      ruleId: string;
      when: ReminderWhen;
      workingDays: number;
      /** The moment now and with the proposed calendar (ISO UTC); null: it would not come. */
      before: string | null;
      after: string | null;
    }
  | {
      kind: 'assignment-due-date';
      requestedDeadline: DeadlineSpec;
      before: LocalDate | null;
      after: LocalDate | null;
    }
  | {
      kind: 'extension-due-date';
      proposedDueDate: LocalDate;
      before: LocalDate;
      after: LocalDate;
    };

export interface AffectedItem {
  itemId: string;
  kind: Item['kind'];
  title: string;
  status: ItemStatus;
  leadUnit: string | null;
  /** The recorded due date in force, which the change does not move. */
  dueDate: LocalDate | null;
  effects: CalendarEffect[];
}

/** The effects on one open item of replacing `current` by `proposed`, at `nowMs`. */
export function calendarEffectsOn(
  item: Item,
  rules: ReminderRules,
  current: WorkingCalendar,
  proposed: WorkingCalendar,
  nowMs: number,
): AffectedItem | null {
  const effects: CalendarEffect[] = [];
  const today = toLocalDate(new Date(nowMs).toISOString());

  if (item.status === 'raised' && item.requestedDeadline) {
    const before = current.dueDateFor(item.requestedDeadline, today);
    const after = proposed.dueDateFor(item.requestedDeadline, today);
    if (before !== after) {
      effects.push({
        kind: 'assignment-due-date',
        requestedDeadline: item.requestedDeadline,
        before,
        after,
      });
    }
  }

  if (item.pendingExtension && (item.status === 'assigned' || item.status === 'in-progress')) {
    const proposedDueDate = item.pendingExtension.proposedDueDate;
    const before = current.nextWorkingDayOnOrAfter(proposedDueDate);
    const after = proposed.nextWorkingDayOnOrAfter(proposedDueDate);
    if (before !== after)
      effects.push({ kind: 'extension-due-date', proposedDueDate, before, after });
  }

  const moments = (calendar: WorkingCalendar) =>
    new Map(
      pendingReminders(item, rules, calendar).map((s) => [`${s.rule.id}@${s.anchor}`, s] as const),
    );
  const now = moments(current);
  const then = moments(proposed);
  for (const key of new Set([...now.keys(), ...then.keys()])) {
    const a = now.get(key);
    const b = then.get(key);
    const rule = (a ?? b)!.rule;
    const beforeMs = a?.dueAtMs ?? null;
    const afterMs = b?.dueAtMs ?? null;
    if (beforeMs === afterMs) continue;
    // Due by now under both calendars: it fires at the next tick either way.
    if ((beforeMs ?? -Infinity) <= nowMs && (afterMs ?? -Infinity) <= nowMs) continue;
    effects.push({
      kind: 'reminder',
      ruleId: rule.id,
      when: rule.when,
      workingDays: rule.workingDays,
      before: beforeMs === null ? null : new Date(beforeMs).toISOString(),
      after: afterMs === null ? null : new Date(afterMs).toISOString(),
    });
  }

  if (effects.length === 0) return null;
  return {
    itemId: item.id,
    kind: item.kind,
    title: item.title,
    status: item.status,
    leadUnit: item.leadUnit,
    dueDate: item.deadline.current,
    effects,
  };
}
