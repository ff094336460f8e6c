import { ev, histories, itemAfter } from '../items/item.test-kit';
import { DEFAULT_CALENDAR } from '../shared/calendar/default-calendar';
import { DEFAULT_REMINDER_RULES, type ReminderRules } from './reminder-rules';
import { inSendWindow, nextReminderAt, pendingReminders, remindersDue } from './reminder-schedule';

const calendar = DEFAULT_CALENDAR;
const rules = DEFAULT_REMINDER_RULES;
/** 07:30 in Hà Nội is 00:30 UTC. */
const at0730 = (day: string) => Date.parse(`${day}T00:30:00.000Z`);
const due = (s: { rule: { id: string }; dueAtMs: number }) => [
  s.rule.id,
  new Date(s.dueAtMs).toISOString(),
];

/** Assigned on Mon 5 Jan 2026 with a deadline of Mon 19 Jan. */
const assigned = () => [ev.raised(), ev.assigned({ dueDate: '2026-01-19' })];

describe('pendingReminders', () => {
  it('counts working days before and past the deadline, at the opening of the send window', () => {
    expect(pendingReminders(itemAfter(assigned()), rules, calendar).map(due)).toEqual([
      ['before-due-3', '2026-01-14T00:30:00.000Z'],
      ['before-due-1', '2026-01-16T00:30:00.000Z'],
      ['overdue-0', '2026-01-20T00:30:00.000Z'],
      // Five working days past Mon 19: Tue 20 … Mon 26.
      ['overdue-5', '2026-01-26T00:30:00.000Z'],
    ]);
  });

  it('skips rest days: a reminder due on a holiday waits for the next working day', () => {
    // Deadline Fri 13 Feb 2026; the day after it is in the Tết holiday (14–22 Feb).
    const item = itemAfter([ev.raised(), ev.assigned({ dueDate: '2026-02-13' })]);
    const overdue0 = pendingReminders(item, rules, calendar).find((s) => s.rule.id === 'overdue-0');
    expect(overdue0?.dueAtMs).toBe(at0730('2026-02-23'));
  });

  it('drops what fired, and whatever a later rule of the same deadline overtook', () => {
    const item = itemAfter([
      ...assigned(),
      ev.reminderFired({ ruleId: 'before-due-1', anchor: '2026-01-19' }),
    ]);
    expect(pendingReminders(item, rules, calendar).map((s) => s.rule.id)).toEqual([
      'overdue-0',
      'overdue-5',
    ]);
  });

  it('arms the deadline rules again for a new deadline', () => {
    const item = itemAfter([
      ...assigned(),
      ev.reminderFired({ ruleId: 'overdue-5', anchor: '2026-01-19' }),
      ev.extensionRequested({ proposedDueDate: '2026-02-27' }),
      ev.extensionDecided({ approved: true, dueDate: '2026-02-27' }),
    ]);
    expect(pendingReminders(item, rules, calendar).map((s) => [s.rule.id, s.anchor])).toEqual([
      ['before-due-3', '2026-02-27'],
      ['before-due-1', '2026-02-27'],
      ['overdue-0', '2026-02-27'],
      ['overdue-5', '2026-02-27'],
    ]);
  });

  it('reminds the office of an unassigned item, a pending extension and a report awaiting review', () => {
    const ids = (events: Parameters<typeof itemAfter>[0]) =>
      pendingReminders(itemAfter(events), rules, calendar).map((s) => s.rule.id);
    expect(ids(histories.raised())).toEqual(['unassigned-2']);
    expect(ids([...assigned(), ev.extensionRequested()])).toContain('extension-pending-2');
    expect(ids([...assigned(), ev.completionReported()])).toEqual(['awaiting-review-3']);
  });

  it('has nothing for a closed item', () => {
    expect(nextReminderAt(itemAfter(histories.resolved()), rules, calendar)).toBeNull();
    expect(nextReminderAt(itemAfter(histories.cancelled()), rules, calendar)).toBeNull();
  });

  it('gives the next moment after an instant, for an item whose moment has come', () => {
    const item = itemAfter(assigned());
    expect(nextReminderAt(item, rules, calendar)).toBe(at0730('2026-01-14'));
    expect(nextReminderAt(item, rules, calendar, at0730('2026-01-14'))).toBe(at0730('2026-01-16'));
  });

  it('has nothing when no rule applies', () => {
    const none: ReminderRules = { rules: [], sendWindow: null };
    expect(nextReminderAt(itemAfter(assigned()), none, calendar)).toBeNull();
  });
});

describe('remindersDue', () => {
  it('fires nothing before the first moment, then the rule that came due', () => {
    const item = itemAfter(assigned());
    expect(remindersDue(item, rules, calendar, at0730('2026-01-14') - 1)).toEqual([]);
    expect(remindersDue(item, rules, calendar, at0730('2026-01-14')).map(due)).toEqual([
      ['before-due-3', '2026-01-14T00:30:00.000Z'],
    ]);
  });

  it('gives an item first seen long overdue only the latest rule of its deadline, once', () => {
    const item = itemAfter(assigned());
    const late = remindersDue(item, rules, calendar, at0730('2026-03-02'));
    expect(late.map((s) => s.rule.id)).toEqual(['overdue-5']);
    const afterwards = itemAfter([
      ...assigned(),
      ev.reminderFired({ ruleId: 'overdue-5', anchor: '2026-01-19' }),
    ]);
    expect(remindersDue(afterwards, rules, calendar, at0730('2026-03-02'))).toEqual([]);
    expect(nextReminderAt(afterwards, rules, calendar)).toBeNull();
  });

  it('does not remind "before the deadline" once it has passed', () => {
    const onlyBefore: ReminderRules = {
      rules: rules.rules.filter((r) => r.when === 'before-due'),
      sendWindow: null,
    };
    const item = itemAfter(assigned());
    expect(remindersDue(item, onlyBefore, calendar, Date.parse('2026-01-19T16:59:59Z'))).toEqual([
      expect.objectContaining({ rule: expect.objectContaining({ id: 'before-due-1' }) }),
    ]);
    expect(remindersDue(item, onlyBefore, calendar, Date.parse('2026-01-19T17:00:00Z'))).toEqual(
      [],
    );
  });
});

describe('inSendWindow', () => {
  const window = rules.sendWindow;
  it('is open from 07:30 to 17:00 local on working days only', () => {
    expect(inSendWindow(at0730('2026-01-14') - 1, window, calendar)).toBe(false);
    expect(inSendWindow(at0730('2026-01-14'), window, calendar)).toBe(true);
    expect(inSendWindow(Date.parse('2026-01-14T09:59:59Z'), window, calendar)).toBe(true);
    expect(inSendWindow(Date.parse('2026-01-14T10:00:00Z'), window, calendar)).toBe(false);
    // Sat 17 Jan 2026 is a rest day; Sat 10 Jan was a make-up working day.
    expect(inSendWindow(at0730('2026-01-17'), window, calendar)).toBe(false);
    expect(inSendWindow(at0730('2026-01-10'), window, calendar)).toBe(true);
    expect(inSendWindow(at0730('2026-01-17'), null, calendar)).toBe(true);
  });
});
