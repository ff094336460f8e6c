/**
 * What a delivery channel carries and what it answers. A channel never throws for a failed
 * delivery: it says whether trying again may help, and the outbox in front of it decides when.
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

export type DeliveryResult =
  | { ok: true }
  | {
      ok: false;
      /** true: the same delivery may succeed later (timeouts, 4xx SMTP replies, HTTP 5xx…). */
      retryable: boolean;
      /** What went wrong, for the delivery list an admin reads. */
      error: string;
    };

export const DELIVERED: DeliveryResult = { ok: true };

export function deliveryFailed(retryable: boolean, error: string): DeliveryResult {
  return { ok: false, retryable, error };
}
