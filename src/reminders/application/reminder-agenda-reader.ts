import type { FireReminder } from '../../items/item.commands';

/** Injection token of the {@link ReminderAgendaReader}: the read side, in whichever thread it runs. */
export const REMINDER_AGENDA_READER = Symbol('REMINDER_AGENDA_READER');

/** One reminder that came due: what the engine asks the item to record. */
export type DueReminder = FireReminder['data'];

/** What the reminder engine needs of the read side: the reminders due at an instant. */
export interface ReminderAgendaReader {
  dueReminders(request: { nowMs: number; limit: number }): Promise<DueReminder[]>;
}
