import type { ItemEvent } from '../items/item.events';
import type { Item } from '../items/item.state';
import { uuidFromKey } from '../shared/ids';

/**
 * Who hears of what happens to an item. Notifications are derived from the item's events — an
 * act (assigned, returned, urged…) or a reminder the engine recorded — so the same log always
 * gives the same notifications, with the same ids, on every instance and after every rebuild.
 */

/** API.md, "Follow-up actions": the kinds of notification. */
export const NOTIFICATION_KINDS = [
  'assigned',
  'due-soon',
  'overdue',
  'escalated',
  'urged',
  'returned',
  'awaiting-review',
  'extension-requested',
  'extension-decided',
  'unassigned',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A notification goes to a unit (`unitId`) or to a role. */
export type NotificationRole = 'office' | 'leader';

/** One notification as API.md shows it in an inbox, without the reader's `readAt`. */
export interface Notification {
  /** Stable: a delivery retried for it carries the same id, so receivers can drop duplicates. */
  id: string;
  kind: NotificationKind;
  itemId: string;
  itemTitle: string;
  unitId?: string;
  role?: NotificationRole;
  /** ISO 8601 with offset. */
  createdAt: string;
}

/** Where a notification goes: a unit's inbox, or the inbox of the office or the leadership. */
export type Recipient = { unitId: string } | { role: NotificationRole };

/** A notification before it is placed in an inbox. */
export interface NotificationDraft {
  id: string;
  kind: NotificationKind;
  itemId: string;
  recipient: Recipient;
  createdAt: string;
}

/** The inbox key of a recipient: `unit:<id>` or `role:<role>`. */
export function inboxOf(recipient: Recipient): string {
  return 'unitId' in recipient ? `unit:${recipient.unitId}` : `role:${recipient.role}`;
}

/**
 * The notifications `event` causes. `item` is the item as it stood after the event (supporting
 * units of a reminder); `eventKey` names the event uniquely in the log (its stream and
 * revision), which makes the ids stable.
 */
export function notificationsOf(
  event: ItemEvent,
  item: Pick<Item, 'leadUnit' | 'supportingUnits'>,
  eventKey: string,
): NotificationDraft[] {
  const d = event.data;
  const to = (kind: NotificationKind, recipients: Recipient[]): NotificationDraft[] =>
    recipients.map((recipient) => ({
      id: uuidFromKey('notification', eventKey, inboxOf(recipient)),
      kind,
      itemId: d.itemId,
      recipient,
      createdAt: d.occurredAt,
    }));
  const units = (ids: readonly (string | null)[]): Recipient[] =>
    [...new Set(ids)].flatMap((unitId) => (unitId ? [{ unitId }] : []));
  const OFFICE: Recipient = { role: 'office' };
  switch (event.type) {
    case 'ItemAssigned':
      return to('assigned', units([event.data.leadUnit, ...event.data.supportingUnits]));
    case 'ItemReturned':
      return to('returned', [OFFICE]);
    case 'CompletionReported':
      return to('awaiting-review', [OFFICE]);
    case 'ExtensionRequested':
      return to('extension-requested', [OFFICE]);
    case 'ExtensionDecided':
      return to('extension-decided', units([item.leadUnit]));
    case 'ItemUrged':
      return to('urged', units([event.data.leadUnit]));
    case 'ReminderFired':
      return reminderNotifications(event.data, item, to, units);
    default:
      return [];
  }
}

function reminderNotifications(
  d: Extract<ItemEvent, { type: 'ReminderFired' }>['data'],
  item: Pick<Item, 'supportingUnits'>,
  to: (kind: NotificationKind, recipients: Recipient[]) => NotificationDraft[],
  units: (ids: readonly (string | null)[]) => Recipient[],
): NotificationDraft[] {
  const notify = new Set(d.notify);
  const unitRecipients = units([
    ...(notify.has('lead-unit') ? [d.leadUnit] : []),
    ...(notify.has('supporting-units') ? item.supportingUnits : []),
  ]);
  const roles: Recipient[] = (['office', 'leader'] as const)
    .filter((role) => notify.has(role))
    .map((role) => ({ role }));
  switch (d.when) {
    case 'before-due':
      return to('due-soon', [...unitRecipients, ...roles]);
    case 'overdue':
      // Telling the office or the leadership of an overdue item is escalating it.
      return [...to('overdue', unitRecipients), ...to('escalated', roles)];
    case 'awaiting-review':
      return to('awaiting-review', [...unitRecipients, ...roles]);
    case 'unassigned':
      return to('unassigned', [...unitRecipients, ...roles]);
    case 'extension-pending':
      return to('extension-requested', [...unitRecipients, ...roles]);
    default:
      return [];
  }
}
