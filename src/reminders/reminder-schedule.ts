import type { FireReminder } from '../items/item.commands';
import { reminderKey } from '../items/item.evolve';
import type { Item } from '../items/item.state';
import {
  addDays,
  endOfLocalDayUtc,
  startOfLocalDayUtc,
  toLocalDate,
  type LocalDate,
} from '../shared/calendar/local-date';
import type { WorkingCalendar } from '../shared/calendar/working-calendar';
import type { ReminderRule, ReminderRules, ReminderWhen, SendWindow } from './reminder-rules';

/**
 * When each reminder rule comes due for an item. Pure: the rules, the calendar in force and (for
 * what is due) the instant are given. Every moment is a working day at the opening of the send
 * window (or 00:00 without one), in Asia/Ho_Chi_Minh.
 */

/** A rule that will come due (or has) for an item, counted from `anchor`. */
export interface ScheduledReminder {
  rule: ReminderRule;
  /** The deadline (before-due, overdue) or the instant the item entered the state (the others). */
  anchor: string;
  dueAtMs: number;
}

/** Before-due and overdue rules count from one deadline: a later one overtakes the earlier. */
type Group = 'deadline' | 'awaiting-review' | 'unassigned' | 'extension-pending';

const GROUP: Record<ReminderWhen, Group> = {
  'before-due': 'deadline',
  overdue: 'deadline',
  'awaiting-review': 'awaiting-review',
  unassigned: 'unassigned',
  'extension-pending': 'extension-pending',
};

/**
 * The rules still to come for `item`: not fired for their anchor, and not overtaken by a later
 * rule of their group that fired. Empty for a closed item.
 */
export function pendingReminders(
  item: Item,
  { rules, sendWindow }: ReminderRules,
  calendar: WorkingCalendar,
): ScheduledReminder[] {
  const scheduled = rules.flatMap((rule) => {
    const anchor = anchorOf(item, rule.when);
    if (anchor === null) return [];
    const day = dayOf(rule, anchor, calendar);
    return [{ rule, anchor, dueAtMs: opening(day, sendWindow, calendar) }];
  });
  // Per group, the latest moment a fired rule stood for: nothing before it is still to come.
  const firedUpTo = new Map<Group, number>();
  for (const s of scheduled) {
    if (!item.remindersFired.includes(reminderKey(s.rule.id, s.anchor))) continue;
    const group = GROUP[s.rule.when];
    firedUpTo.set(group, Math.max(firedUpTo.get(group) ?? -Infinity, s.dueAtMs));
  }
  return scheduled.filter(
    (s) =>
      !item.remindersFired.includes(reminderKey(s.rule.id, s.anchor)) &&
      s.dueAtMs > (firedUpTo.get(GROUP[s.rule.when]) ?? -Infinity),
  );
}

/**
 * The earliest moment a rule comes due for `item` (after `afterMs`, when given), or null when
 * none is to come.
 */
export function nextReminderAt(
  item: Item,
  rules: ReminderRules,
  calendar: WorkingCalendar,
  afterMs = -Infinity,
): number | null {
  let next: number | null = null;
  for (const s of pendingReminders(item, rules, calendar)) {
    if (s.dueAtMs > afterMs && (next === null || s.dueAtMs < next)) next = s.dueAtMs;
  }
  return next;
}

/** What the engine asks `itemId`'s stream to record for a reminder that came due. */
export function fireReminderOf(
  itemId: string,
  { rule, anchor }: ScheduledReminder,
): FireReminder['data'] {
  return {
    itemId,
    ruleId: rule.id,
    when: rule.when,
    workingDays: rule.workingDays,
    anchor,
    notify: [...rule.notify],
  };
}

/**
 * What fires at `nowMs`: per group, the latest rule already due (an item first seen long past a
 * rule's moment gets only the latest one, once). A before-due rule never fires once the deadline
 * has passed: an overdue rule speaks for it.
 */
export function remindersDue(
  item: Item,
  rules: ReminderRules,
  calendar: WorkingCalendar,
  nowMs: number,
): ScheduledReminder[] {
  const latest = new Map<Group, ScheduledReminder>();
  for (const s of pendingReminders(item, rules, calendar)) {
    if (s.dueAtMs > nowMs) continue;
    if (s.rule.when === 'before-due' && nowMs >= Date.parse(endOfLocalDayUtc(s.anchor))) continue;
    const group = GROUP[s.rule.when];
    const current = latest.get(group);
    if (!current || s.dueAtMs > current.dueAtMs) latest.set(group, s);
  }
  return [...latest.values()];
}

/** Whether `nowMs` falls inside the send window on a working day (always, without a window). */
export function inSendWindow(
  nowMs: number,
  sendWindow: SendWindow | null,
  calendar: WorkingCalendar,
): boolean {
  if (sendWindow === null) return true;
  const day = toLocalDate(new Date(nowMs).toISOString());
  if (!calendar.isWorkingDay(day)) return false;
  return nowMs >= localTime(day, sendWindow.from) && nowMs < localTime(day, sendWindow.to);
}

/** What a rule counts from in the item's current state, or null when the rule does not apply. */
function anchorOf(item: Item, when: ReminderWhen): string | null {
  const working = item.status === 'assigned' || item.status === 'in-progress';
  switch (when) {
    case 'before-due':
    case 'overdue':
      return working ? item.deadline.current : null;
    case 'awaiting-review':
      return item.status === 'awaiting-review' ? item.completionReportedAt : null;
    case 'unassigned':
      return item.status === 'raised' ? item.unassignedSince : null;
    case 'extension-pending':
      return working ? (item.pendingExtension?.requestedAt ?? null) : null;
    default: {
      const _never: never = when;
      return _never;
    }
  }
}

/** The local day a rule comes due. */
function dayOf(rule: ReminderRule, anchor: string, calendar: WorkingCalendar): LocalDate {
  const n = rule.workingDays;
  switch (rule.when) {
    case 'before-due':
      return workingDaysBefore(anchor, n, calendar);
    case 'overdue':
      // 0 is the first day past the deadline; n ≥ 1 the nth working day past it.
      return n === 0 ? addDays(anchor, 1) : calendar.addWorkingDays(anchor, n);
    default:
      return calendar.addWorkingDays(toLocalDate(anchor), n);
  }
}

function workingDaysBefore(date: LocalDate, n: number, calendar: WorkingCalendar): LocalDate {
  let day = date;
  for (let left = n; left > 0;) {
    day = addDays(day, -1);
    if (calendar.isWorkingDay(day)) left--;
  }
  return day;
}

/** When `day`'s sending opens: the window's start on it (or on the next working day). */
function opening(day: LocalDate, sendWindow: SendWindow | null, calendar: WorkingCalendar): number {
  if (sendWindow === null) return Date.parse(startOfLocalDayUtc(day));
  return localTime(calendar.nextWorkingDayOnOrAfter(day), sendWindow.from);
}

/** `HH:MM` on a local day, as epoch ms. */
function localTime(day: LocalDate, hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return Date.parse(startOfLocalDayUtc(day)) + (hours * 60 + minutes) * 60_000;
}
