import { DomainError } from '../shared/domain-error';
import { DEFAULT_REMINDER_RULES, type ReminderRules } from './reminder-rules';
import { reminderRuleEvents, reminderRulesRegistry } from './reminder-rules.registry';

const { initialState, evolve, decide } = reminderRulesRegistry;

const ESCALATION_ONLY: ReminderRules = {
  rules: [{ id: 'overdue-10', when: 'overdue', workingDays: 10, notify: ['leader'] }],
  sendWindow: null,
};

describe('reminder rules registry', () => {
  it("starts with API.md's defaults, set by nobody", () => {
    expect(initialState()).toEqual({ ...DEFAULT_REMINDER_RULES, revision: null });
  });

  it('records a valid set as ReminderRulesSet, version 1, with only the fields of the shape', () => {
    // As a command built from a request object might carry them.
    const rule = { ...ESCALATION_ONLY.rules[0], colour: 'red' };
    const sendWindow = { from: '08:00', to: '11:30', zone: 'UTC' };
    const withExtras: ReminderRules = { rules: [rule], sendWindow };
    expect(decide({ type: 'SetReminderRules', rules: withExtras })).toEqual([
      {
        type: 'ReminderRulesSet',
        data: {
          rules: ESCALATION_ONLY.rules,
          sendWindow: { from: '08:00', to: '11:30' },
        },
      },
    ]);
    expect(reminderRuleEvents.versionOf('ReminderRulesSet')).toBe(1);
  });

  it('refuses a set that breaks a rule, naming each field, and records nothing', () => {
    const refusal = (() => {
      try {
        decide({
          type: 'SetReminderRules',
          rules: { rules: [...ESCALATION_ONLY.rules, ...ESCALATION_ONLY.rules], sendWindow: null },
        });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({
      code: 'VALIDATION',
      kind: 'invalid',
      details: { errors: [{ field: 'rules.1.id' }] },
    });
  });

  it('puts the last set in force, with the revision it was set at', () => {
    const first = { type: 'ReminderRulesSet', data: ESCALATION_ONLY } as const;
    const second = { type: 'ReminderRulesSet', data: DEFAULT_REMINDER_RULES } as const;
    const once = evolve(initialState(), first);
    expect(once).toEqual({ ...ESCALATION_ONLY, revision: 0n });
    expect(evolve(once, second)).toEqual({ ...DEFAULT_REMINDER_RULES, revision: 1n });
  });
});
