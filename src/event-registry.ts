import { itemEvents } from './items/item.events';
import { inboxEvents } from './notifications/inbox.registry';
import { calendarEvents } from './organisation/calendar.registry';
import { unitContactsEvents } from './organisation/contacts/unit-contacts.registry';
import { sourceEvents } from './organisation/source.registry';
import { unitEvents } from './organisation/unit.registry';
import { reminderRuleEvents } from './reminders/reminder-rules.registry';
import { ratingRuleEvents } from './reports/ratings/rating-rules.registry';
import { EventRegistry } from './shared/event-schema';

/**
 * Every stored event type of the application, with the upcasters of its older versions. Consumers
 * of the log read through it; a type missing here would reach them in whatever shape it was
 * written.
 */
export const EVENT_REGISTRY = new EventRegistry([
  itemEvents,
  unitEvents,
  sourceEvents,
  calendarEvents,
  reminderRuleEvents,
  inboxEvents,
  unitContactsEvents,
  ratingRuleEvents,
]);
