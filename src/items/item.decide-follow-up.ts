import { isValidLocalDate, toLocalDate } from '../shared/calendar/local-date';
import { DomainError } from '../shared/domain-error';
import type { FireReminder, UrgeItem } from './item.commands';
import type { ItemEvent } from './item.events';
import { reminderKey } from './item.evolve';
import { leadOf, OPEN, requireStatus } from './item.guards';
import type { Item } from './item.state';
import { requiredText } from './item.validation';

// Following an item up ("đôn đốc"): the office urging the lead unit, and reminders coming due.

/** Statuses with a lead unit to urge: assigned, at work, or waiting for the office's review. */
const URGEABLE = OPEN.filter((status) => status !== 'raised');

export function urge(command: UrgeItem, state: Item, at: string): ItemEvent[] {
  requireStatus(state, command.type, URGEABLE);
  const note = requiredText(command.data.note, 'note');
  const respondBy = command.data.respondBy ?? null;
  if (respondBy !== null) {
    if (!isValidLocalDate(respondBy)) {
      throw DomainError.invalidField('respondBy', 'must be a date (YYYY-MM-DD)');
    }
    if (respondBy < toLocalDate(at)) {
      throw DomainError.invalidField('respondBy', 'must not be before the day of the urge');
    }
  }
  return [
    {
      type: 'ItemUrged',
      data: { itemId: state.id, note, respondBy, leadUnit: leadOf(state), occurredAt: at },
    },
  ];
}

/**
 * Nothing when the reminder already fired for this anchor, or when the item was closed in the
 * meantime: the engine may ask twice (a restart, a second instance), the log records it once.
 */
export function fireReminder(command: FireReminder, state: Item, at: string): ItemEvent[] {
  const { ruleId, when, workingDays, anchor, notify } = command.data;
  if (!OPEN.includes(state.status)) return [];
  if (state.remindersFired.includes(reminderKey(ruleId, anchor))) return [];
  return [
    {
      type: 'ReminderFired',
      data: {
        itemId: state.id,
        ruleId,
        when,
        workingDays,
        anchor,
        notify: [...notify],
        leadUnit: state.leadUnit,
        dueDate: state.deadline.current,
        occurredAt: at,
      },
    },
  ];
}
