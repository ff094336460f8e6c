import {
  DEFAULT_REMINDER_RULES,
  reminderRulesErrors,
  type ReminderRule,
  type ReminderRules,
} from './reminder-rules';

const rule = (o: Partial<ReminderRule> = {}): ReminderRule => ({
  id: 'overdue-0',
  when: 'overdue',
  workingDays: 0,
  notify: ['lead-unit'],
  ...o,
});
const set = (rules: ReminderRule[], sendWindow: ReminderRules['sendWindow'] = null) =>
  reminderRulesErrors({ rules, sendWindow });
const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('reminderRulesErrors', () => {
  it("finds nothing wrong with API.md's defaults, an empty list or no window", () => {
    expect(reminderRulesErrors(DEFAULT_REMINDER_RULES)).toEqual([]);
    expect(set([])).toEqual([]);
    expect(set([rule()], null)).toEqual([]);
  });

  it('refuses a rule id used twice, naming each repetition and the first use', () => {
    const errors = set([
      rule({ id: 'a' }),
      rule({ id: 'b' }),
      rule({ id: 'a', when: 'unassigned', workingDays: 2 }),
      rule({ id: 'a' }),
    ]);
    expect(fields(errors)).toEqual(['rules.2.id', 'rules.3.id']);
    expect(errors[0].message).toContain('rules.0');
  });

  it('wants a before-due rule at least one working day ahead; other rules may count 0', () => {
    expect(fields(set([rule({ id: 'x', when: 'before-due', workingDays: 0 })]))).toEqual([
      'rules.0.workingDays',
    ]);
    expect(set([rule({ id: 'x', when: 'before-due', workingDays: 1 })])).toEqual([]);
    for (const when of ['overdue', 'awaiting-review', 'unassigned', 'extension-pending'] as const) {
      expect(set([rule({ when, workingDays: 0 })])).toEqual([]);
    }
  });

  it('wants the send window to end after it starts, within the day', () => {
    expect(set([], { from: '07:30', to: '07:31' })).toEqual([]);
    expect(set([], { from: '00:00', to: '23:59' })).toEqual([]);
    expect(fields(set([], { from: '17:00', to: '17:00' }))).toEqual(['sendWindow.to']);
    expect(fields(set([], { from: '22:00', to: '06:00' }))).toEqual(['sendWindow.to']);
    expect(fields(set([], { from: '09:30', to: '10:00' }))).toEqual([]);
    expect(fields(set([], { from: '10:00', to: '09:59' }))).toEqual(['sendWindow.to']);
  });

  it('reports every fault at once', () => {
    const errors = set([rule({ id: 'a', when: 'before-due', workingDays: 0 }), rule({ id: 'a' })], {
      from: '18:00',
      to: '08:00',
    });
    expect(fields(errors)).toEqual(['rules.0.workingDays', 'rules.1.id', 'sendWindow.to']);
  });
});
