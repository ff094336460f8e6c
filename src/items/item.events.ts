import { EventSchema } from '../shared/event-schema';
import type { LocalDate } from '../shared/calendar/local-date';
import type { DeadlineSpec } from './deadline';

/**
 * Events of the item stream (`item-<id>`). The `type` strings are stored in the log forever: never
 * rename one; change a shape by adding an upcaster and a new schema version.
 *
 * Every event's data carries `itemId` and `occurredAt` (the business time of the act, ISO UTC; the
 * same value as the envelope's `metadata.occurredAt`), so `evolve` and any reader of the global log
 * need nothing but the event itself. Absent values are `null`, never missing, so JSON round trips
 * (and the hash chain over them) are stable.
 */
/** The two kinds of item, in the order lists and forms show them. */
export const ITEM_KINDS = ['directive', 'recommendation'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export type ItemPriority = 'normal' | 'key';
export type ItemOutcome = 'completed' | 'not-feasible' | 'forwarded' | 'duplicate';
export type ReviewVerdict = 'accept' | 'return';

interface EventOf<Type extends string, Data> {
  type: Type;
  data: Data & { itemId: string; occurredAt: string };
}

export type ItemRaised = EventOf<
  'ItemRaised',
  {
    kind: ItemKind;
    title: string;
    description: string | null;
    sourceId: string | null;
    originUnit: string | null;
    communes: string[];
    topic: string | null;
    priority: ItemPriority;
    /** Asked for at raise; the due date is only computed when the item is assigned. */
    requestedDeadline: DeadlineSpec | null;
  }
>;

export type ItemAssigned = EventOf<
  'ItemAssigned',
  {
    leadUnit: string;
    supportingUnits: string[];
    /** True when the item had been assigned before (including before a return). */
    reassigned: boolean;
    /** The lead unit just replaced; null on a first assignment and after a return. */
    previousLeadUnit: string | null;
    /** The deadline in force after this assignment. */
    deadline: DeadlineSpec;
    /**
     * Where `deadline` came from: this command, the deadline requested at raise, or kept from the
     * previous assignment (then `dueDate` is the current due date, not recomputed).
     */
    deadlineSource: 'command' | 'requested' | 'kept';
    /** Computed when assigned and stored, so a later calendar change never moves it on replay. */
    dueDate: LocalDate | null;
    note: string | null;
  }
>;

export type ItemAcknowledged = EventOf<'ItemAcknowledged', { leadUnit: string }>;

/** The lead unit handed the item back (wrong competence); it is unassigned again. */
export type ItemReturned = EventOf<'ItemReturned', { leadUnit: string; reason: string }>;

export type ProgressReported = EventOf<
  'ProgressReported',
  { note: string; percent: number | null }
>;

export type ExtensionRequested = EventOf<
  'ExtensionRequested',
  { proposedDueDate: LocalDate; currentDueDate: LocalDate; reason: string }
>;

export type ExtensionDecided = EventOf<
  'ExtensionDecided',
  {
    approved: boolean;
    /** The new current due date when approved (a rest day moved to the next working day); else null. */
    dueDate: LocalDate | null;
    proposedDueDate: LocalDate;
    /** The current due date before this decision. */
    previousDueDate: LocalDate | null;
    reason: string | null;
  }
>;

export type RecommendationAnswered = EventOf<
  'RecommendationAnswered',
  { response: string; onTheSpot: boolean; documentRef: string | null }
>;

export type CompletionReported = EventOf<
  'CompletionReported',
  { summary: string; documentRef: string | null }
>;

export type ItemReviewed = EventOf<
  'ItemReviewed',
  { verdict: ReviewVerdict; comment: string | null }
>;

export type ItemResolved = EventOf<
  'ItemResolved',
  {
    outcome: ItemOutcome;
    note: string | null;
    /**
     * When the work counts as done, for timeliness: the business time of the accepted completion
     * report, or of the resolve act when resolved as completed without one; null for other outcomes.
     */
    completedAt: string | null;
    /** True when this resolution is the acceptance of a completion report by review. */
    viaReview: boolean;
  }
>;

export type ItemReopened = EventOf<'ItemReopened', { reason: string }>;

export type ItemCancelled = EventOf<'ItemCancelled', { reason: string }>;

/** The leadership or its office urged the lead unit. */
export type ItemUrged = EventOf<
  'ItemUrged',
  { note: string; respondBy: LocalDate | null; leadUnit: string }
>;

/**
 * A reminder rule came due for the item (see `FireReminder`); `notify` names the recipients as the
 * rule said them (`lead-unit`, `supporting-units`, `office`, `leader`), `leadUnit` who led then.
 */
export type ReminderFired = EventOf<
  'ReminderFired',
  {
    ruleId: string;
    when: string;
    workingDays: number;
    anchor: string;
    notify: string[];
    leadUnit: string | null;
    dueDate: LocalDate | null;
  }
>;

/** The roles a unit may hold on an item, as a transfer names the ones it carried over. */
export type ItemUnitRole = 'lead' | 'supporting' | 'origin' | 'commune';

/**
 * The system's record that a unit's part in the item passed to another: the unit was merged into
 * it or dissolved with it as successor (`reason`), from `effectiveOn` (the legal `reference`).
 * Every role `from` held (`roles`) is `to`'s from then on; `from`'s users keep reading the item.
 * Dated at the start of `effectiveOn` (or at the raise, for an item raised later): see `transfer`.
 */
export type ItemTransferred = EventOf<
  'ItemTransferred',
  {
    from: string;
    to: string;
    reason: 'merger' | 'dissolution';
    reference: string | null;
    effectiveOn: LocalDate;
    roles: ItemUnitRole[];
  }
>;

export type ItemEvent =
  | ItemRaised
  | ItemAssigned
  | ItemAcknowledged
  | ItemReturned
  | ProgressReported
  | ExtensionRequested
  | ExtensionDecided
  | RecommendationAnswered
  | CompletionReported
  | ItemReviewed
  | ItemResolved
  | ItemReopened
  | ItemCancelled
  | ItemUrged
  | ReminderFired
  | ItemTransferred;

export type ItemEventType = ItemEvent['type'];

/** Every stored type string, for upcasters, projections and a test that none goes missing. */
export const ITEM_EVENT_TYPES = [
  'ItemRaised',
  'ItemAssigned',
  'ItemAcknowledged',
  'ItemReturned',
  'ProgressReported',
  'ExtensionRequested',
  'ExtensionDecided',
  'RecommendationAnswered',
  'CompletionReported',
  'ItemReviewed',
  'ItemResolved',
  'ItemReopened',
  'ItemCancelled',
  'ItemUrged',
  'ReminderFired',
  'ItemTransferred',
] as const satisfies readonly ItemEventType[];

// Does not compile when an event type is missing from the list above.
type MissingEventType = Exclude<ItemEventType, (typeof ITEM_EVENT_TYPES)[number]>;
const _everyTypeListed: [MissingEventType] extends [never] ? true : never = true;

/** The item stream's schema: its types, and upcasters for their older versions (none yet). */
export const itemEvents = new EventSchema<ItemEvent>(ITEM_EVENT_TYPES);
