import { EventSchema } from '../shared/event-schema';
import { uuidFromKey } from '../shared/ids';

/**
 * What a user has read, one stream per user: a read mark is something the user did and expects
 * kept (it must survive a rebuild of the read models), so it is an event like any act.
 */
export function inboxStreamId(sub: string): string {
  return `inbox-${uuidFromKey('inbox', sub)}`;
}

export type InboxEvent = {
  type: 'NotificationRead';
  data: { sub: string; notificationId: string; occurredAt: string };
};
export type InboxCommand = { type: 'MarkNotificationRead'; sub: string; notificationId: string };
/** The notifications the user has read. */
export type InboxState = ReadonlySet<string>;

/** The inbox streams' schema (no older versions yet). */
export const inboxEvents = new EventSchema<InboxEvent>(['NotificationRead']);

export const inboxDecider = {
  events: inboxEvents,
  initialState: (): InboxState => new Set(),
  evolve(state: InboxState, event: InboxEvent): InboxState {
    return new Set(state).add(event.data.notificationId);
  },
  /** Reading twice is reading once. */
  decide(command: InboxCommand, state: InboxState, context: { now: string }): InboxEvent[] {
    if (state.has(command.notificationId)) return [];
    return [
      {
        type: 'NotificationRead',
        data: { sub: command.sub, notificationId: command.notificationId, occurredAt: context.now },
      },
    ];
  },
};
