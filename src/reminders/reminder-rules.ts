/**
 * Reminder rules: when the follow-up engine reminds whom about an item, counted in working days
 * on the calendar in force (Asia/Ho_Chi_Minh). Reference data: one stream, changed only by an
 * admin's recorded event; these are the shapes and the defaults of API.md.
 */

import type { FieldError } from '../shared/domain-error';

/** The moment a rule counts from. */
export const REMINDER_WHENS = [
  /** `workingDays` before the current deadline. */
  'before-due',
  /** `workingDays` past the current deadline (0 = the first day overdue). */
  'overdue',
  /** `workingDays` since the completion report, while the office has not reviewed it. */
  'awaiting-review',
  /** `workingDays` since the item was raised or returned, while it has no lead unit. */
  'unassigned',
  /** `workingDays` since the extension request, while it is undecided. */
  'extension-pending',
] as const;
export type ReminderWhen = (typeof REMINDER_WHENS)[number];

export const REMINDER_RECIPIENTS = ['lead-unit', 'supporting-units', 'office', 'leader'] as const;
export type ReminderRecipient = (typeof REMINDER_RECIPIENTS)[number];

export interface ReminderRule {
  /** Stable id: a rule fires once per item, rule id and current deadline. */
  id: string;
  when: ReminderWhen;
  workingDays: number;
  notify: ReminderRecipient[];
}

/** Local times (HH:MM, Asia/Ho_Chi_Minh) on working days between which anything is sent. */
export interface SendWindow {
  from: string;
  to: string;
}

export interface ReminderRules {
  rules: ReminderRule[];
  /** null: send at any time. */
  sendWindow: SendWindow | null;
}

/** API.md's defaults, in force until an admin sets others. */
export const DEFAULT_REMINDER_RULES: ReminderRules = {
  rules: [
    { id: 'before-due-3', when: 'before-due', workingDays: 3, notify: ['lead-unit'] },
    { id: 'before-due-1', when: 'before-due', workingDays: 1, notify: ['lead-unit'] },
    { id: 'overdue-0', when: 'overdue', workingDays: 0, notify: ['lead-unit'] },
    {
      id: 'overdue-5',
      when: 'overdue',
      workingDays: 5,
      notify: ['lead-unit', 'office', 'leader'],
    },
    { id: 'awaiting-review-3', when: 'awaiting-review', workingDays: 3, notify: ['office'] },
    { id: 'unassigned-2', when: 'unassigned', workingDays: 2, notify: ['office'] },
    { id: 'extension-pending-2', when: 'extension-pending', workingDays: 2, notify: ['office'] },
  ],
  sendWindow: { from: '07:30', to: '17:00' },
};

/**
 * The business rules a set of reminder rules must keep beyond its shape (which the HTTP layer
 * checks): rule ids are unique, since a rule fires once per item, rule id and deadline and two
 * rules sharing an id would silence each other; a `before-due` rule reminds at least one working
 * day ahead; a send window ends after it starts (within one day: no window across midnight).
 * Fields are named as the request body spells them (`rules.2.id`, `sendWindow.to`). Empty when
 * the rules may be set.
 */
export function reminderRulesErrors({ rules, sendWindow }: ReminderRules): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  rules.forEach((rule, index) => {
    const first = seen.get(rule.id);
    if (first === undefined) seen.set(rule.id, index);
    else {
      errors.push({
        field: `rules.${index}.id`,
        message: `duplicates the id of rules.${first} (${rule.id})`,
      });
    }
    if (rule.when === 'before-due' && rule.workingDays < 1) {
      errors.push({
        field: `rules.${index}.workingDays`,
        message: 'must be at least 1 for a before-due rule',
      });
    }
  });
  // Zero-padded HH:MM strings order as the times do.
  if (sendWindow && sendWindow.to <= sendWindow.from) {
    errors.push({ field: 'sendWindow.to', message: 'must be later than sendWindow.from' });
  }
  return errors;
}
