import { DomainError } from '../shared/domain-error';
import { EventSchema } from '../shared/event-schema';
import { DEFAULT_REMINDER_RULES, reminderRulesErrors, type ReminderRules } from './reminder-rules';

/**
 * One stream holds every set of reminder rules, in the order an admin set them: the last one is in
 * force, and the log says which rules were in force when a reminder went out.
 */
export const REMINDER_RULES_STREAM = 'reminder-rules-province';

export type ReminderRulesEvent = { type: 'ReminderRulesSet'; data: ReminderRules };
export type ReminderRulesCommand = { type: 'SetReminderRules'; rules: ReminderRules };

/** The rules in force, and where in the stream they come from. */
export interface ReminderRulesInForce extends ReminderRules {
  /** Revision of the set in force; null while the defaults are (nothing was ever set). */
  revision: bigint | null;
}

/** The reminder-rules stream's schema (no older versions yet). */
export const reminderRuleEvents = new EventSchema<ReminderRulesEvent>(['ReminderRulesSet']);

export const reminderRulesRegistry = {
  events: reminderRuleEvents,
  initialState: (): ReminderRulesInForce => ({ ...DEFAULT_REMINDER_RULES, revision: null }),
  evolve(state: ReminderRulesInForce, event: ReminderRulesEvent): ReminderRulesInForce {
    // Every event of the stream is a set, so the sets counted are its revisions.
    return { ...event.data, revision: (state.revision ?? -1n) + 1n };
  },
  decide(command: ReminderRulesCommand): ReminderRulesEvent[] {
    const errors = reminderRulesErrors(command.rules);
    if (errors.length > 0) {
      throw new DomainError(
        'VALIDATION',
        errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        { errors },
      );
    }
    // Only the fields of the shape are stored, whatever object the command was built from.
    const { rules, sendWindow } = command.rules;
    return [
      {
        type: 'ReminderRulesSet',
        data: {
          rules: rules.map(({ id, when, workingDays, notify }) => ({
            id,
            when,
            workingDays,
            notify: [...notify],
          })),
          sendWindow: sendWindow ? { from: sendWindow.from, to: sendWindow.to } : null,
        },
      },
    ];
  },
};
