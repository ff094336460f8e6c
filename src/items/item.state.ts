import type { LocalDate } from '../shared/calendar/local-date';
import type { DeadlineSpec } from './deadline';
import type { ItemKind, ItemOutcome, ItemPriority } from './item.events';

export type ItemStatus =
  'raised' | 'assigned' | 'in-progress' | 'awaiting-review' | 'resolved' | 'cancelled';

export interface ExtensionRecord {
  requestedAt: string;
  proposedDueDate: LocalDate;
  reason: string;
  decision: {
    approved: boolean;
    dueDate: LocalDate | null;
    decidedAt: string;
    reason: string | null;
  } | null;
}

export interface ItemDeadline {
  /**
   * The deadline in force, set by every assignment (`{ type: 'none' }` included), so null means
   * the item was never assigned: the next assignment is a first one, not a reassignment.
   */
  spec: DeadlineSpec | null;
  /** The first due date ever set; kept through reassignments and extensions. */
  original: LocalDate | null;
  /** The latest due date set by an assignment or an approved extension. */
  current: LocalDate | null;
  extensions: ExtensionRecord[];
}

/**
 * An item as its events left it. Plain JSON data only (read models store it as is); times are ISO
 * UTC business times, dates are Asia/Ho_Chi_Minh `YYYY-MM-DD`.
 */
export interface Item {
  status: ItemStatus;
  id: string;
  kind: ItemKind;
  title: string;
  description: string | null;
  sourceId: string | null;
  originUnit: string | null;
  communes: string[];
  topic: string | null;
  priority: ItemPriority;
  /** Null while unassigned (raised, or returned by the previous lead). */
  leadUnit: string | null;
  supportingUnits: string[];
  requestedDeadline: DeadlineSpec | null;
  deadline: ItemDeadline;
  /** The undecided extension request, if any (at most one at a time). */
  pendingExtension: { requestedAt: string; proposedDueDate: LocalDate; reason: string } | null;
  raisedAt: string;
  /** Time of the latest assignment; null while unassigned. */
  assignedAt: string | null;
  acknowledgedAt: string | null;
  /** Time of the latest completion report. */
  completionReportedAt: string | null;
  completedAt: string | null;
  resolvedAt: string | null;
  outcome: ItemOutcome | null;
  answered: boolean;
  answer: {
    response: string;
    onTheSpot: boolean;
    documentRef: string | null;
    answeredAt: string;
  } | null;
  progress: { note: string; percent: number | null; reportedAt: string } | null;
  cancelledAt: string | null;
  urges: number;
  lastUrgedAt: string | null;
  /** Reminders fired, as `<rule id>@<anchor>`: each fires once (see `FireReminder`). */
  remindersFired: string[];
  /** Since when the item waits for a lead unit (raised, returned); null while it has one. */
  unassignedSince: string | null;
  /**
   * Business time of the latest act that moved the item (every act but urges and reminders, which
   * only nudge it): later acts may not be dated before it (see `requireActOrder`).
   */
  lastActAt: string;
  /** When the office returned the completion report for rework; cleared by the next report. */
  reworkRequestedAt: string | null;
  /** Progress reports of the business day of the latest one, for the daily bound. */
  progressDay: { day: LocalDate; reports: number } | null;
  /**
   * Units whose part in the item passed to another (merged, dissolved): their users still read
   * the item and its history, but no longer act on it.
   */
  formerUnits: string[];
}

/** No event yet: the item does not exist. */
export interface NoItem {
  status: 'none';
}

export type ItemState = NoItem | Item;

export function initialState(): ItemState {
  return { status: 'none' };
}

export function itemExists(state: ItemState): state is Item {
  return state.status !== 'none';
}
