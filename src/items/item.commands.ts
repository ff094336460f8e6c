import type { LocalDate } from '../shared/calendar/local-date';
import type { WorkingCalendar } from '../shared/calendar/working-calendar';
import type { DeadlineSpec } from './deadline';
import type { ItemKind, ItemOutcome, ItemPriority, ReviewVerdict } from './item.events';

/**
 * Commands on one item, named as the acts people perform. Every command names its item; who acts
 * and when come from the command's metadata, handled by the caller (see {@link DecideContext}).
 * Optional fields may be omitted; the decider stores them as null.
 */
interface CommandOf<Type extends string, Data> {
  type: Type;
  data: Data & { itemId: string };
}

export type RaiseItem = CommandOf<
  'RaiseItem',
  {
    kind: ItemKind;
    title: string;
    description?: string;
    sourceId?: string;
    originUnit?: string;
    communes?: string[];
    topic?: string;
    priority?: ItemPriority;
    /** A requested deadline: the due date is computed from it when the item is assigned. */
    deadline?: DeadlineSpec;
  }
>;

export type AssignItem = CommandOf<
  'AssignItem',
  { leadUnit: string; supportingUnits?: string[]; deadline?: DeadlineSpec; note?: string }
>;

export type AcknowledgeItem = CommandOf<'AcknowledgeItem', Record<never, never>>;

export type ReturnItem = CommandOf<'ReturnItem', { reason: string }>;

export type ReportProgress = CommandOf<'ReportProgress', { note: string; percent?: number }>;

export type RequestExtension = CommandOf<
  'RequestExtension',
  { proposedDueDate: LocalDate; reason: string }
>;

export type DecideExtension = CommandOf<
  'DecideExtension',
  { approve: boolean; dueDate?: LocalDate; reason?: string }
>;

export type AnswerRecommendation = CommandOf<
  'AnswerRecommendation',
  { response: string; onTheSpot?: boolean; documentRef?: string }
>;

export type ReportCompletion = CommandOf<
  'ReportCompletion',
  { summary: string; documentRef?: string }
>;

export type ReviewCompletion = CommandOf<
  'ReviewCompletion',
  { verdict: ReviewVerdict; comment?: string }
>;

export type ResolveItem = CommandOf<'ResolveItem', { outcome: ItemOutcome; note: string }>;

export type ReopenItem = CommandOf<'ReopenItem', { reason: string }>;

export type CancelItem = CommandOf<'CancelItem', { reason: string }>;

/** The leadership or its office urges the lead unit ("đôn đốc"), optionally to answer by a date. */
export type UrgeItem = CommandOf<'UrgeItem', { note: string; respondBy?: LocalDate }>;

/**
 * The reminder engine records that a reminder rule came due. Once per item, rule and `anchor`
 * (the deadline the rule counted from, or when the item entered the state it counts from): a new
 * anchor re-arms the rule.
 */
export type FireReminder = CommandOf<
  'FireReminder',
  { ruleId: string; when: string; workingDays: number; anchor: string; notify: string[] }
>;

/**
 * The transfer engine carries a merged or dissolved unit's part in the item over to its successor
 * (see `ItemTransferred`); the business time in the context is the start of `effectiveOn`.
 */
export type TransferItem = CommandOf<
  'TransferItem',
  {
    from: string;
    to: string;
    reason: 'merger' | 'dissolution';
    reference: string | null;
    effectiveOn: LocalDate;
  }
>;

export type ItemCommand =
  | RaiseItem
  | AssignItem
  | AcknowledgeItem
  | ReturnItem
  | ReportProgress
  | RequestExtension
  | DecideExtension
  | AnswerRecommendation
  | ReportCompletion
  | ReviewCompletion
  | ResolveItem
  | ReopenItem
  | CancelItem
  | UrgeItem
  | FireReminder
  | TransferItem;

export type ItemCommandType = ItemCommand['type'];

/**
 * The commands whose decision consults the working-day calendar (to compute a due date). Others
 * are decided without one, so the caller need not read the calendar for them (most commands).
 */
export const COMMANDS_USING_CALENDAR: ReadonlySet<ItemCommandType> = new Set([
  'AssignItem',
  'DecideExtension',
]);

/**
 * The calendar handed to commands outside {@link COMMANDS_USING_CALENDAR}: a decision that
 * consults it anyway throws, instead of silently using a calendar that was never loaded.
 */
export const CALENDAR_NOT_LOADED: WorkingCalendar = new Proxy({} as WorkingCalendar, {
  get(_, property) {
    throw new Error(
      `The calendar was not loaded for this command (it asked for ${String(property)}); ` +
        'add the command to COMMANDS_USING_CALENDAR',
    );
  },
});

/** What the decider may know besides the command and the state; it never reads a clock. */
export interface DecideContext {
  /** Business time of the act (`occurredAt`), ISO 8601 with offset; the caller checks it is not in the future. */
  now: string;
  /** The calendar in force when the command is handled; due dates computed from it are stored. */
  calendar: WorkingCalendar;
}
