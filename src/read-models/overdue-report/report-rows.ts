import type { ItemEvent } from '../../follow-up/item.events';
import { ROW } from './report-fold';

/** What one event contributes to the report's fold, before unit ids and dates become numbers. */
export interface RowOfEvent {
  type: number;
  unitId: string | null;
  dueDate: string | null;
  /** completedAt, else the act's time: when a resolved item counts as done (see timelinessOf). */
  doneAt: string | null;
}

/** The report row an event produces, or undefined when it cannot change the report's fields. */
export function rowOfEvent(event: ItemEvent): RowOfEvent | undefined {
  const none = { unitId: null, dueDate: null, doneAt: null };
  switch (event.type) {
    case 'ItemRaised':
      return { type: ROW.raised, ...none };
    case 'ItemAssigned':
      return {
        ...none,
        type: ROW.assigned,
        unitId: event.data.leadUnit,
        dueDate: event.data.dueDate,
      };
    case 'ItemAcknowledged':
      return { type: ROW.acknowledged, ...none };
    case 'ItemReturned':
      return { type: ROW.returned, ...none };
    case 'ExtensionDecided':
      return event.data.approved
        ? { ...none, type: ROW.extended, dueDate: event.data.dueDate }
        : undefined;
    case 'CompletionReported':
      return { type: ROW.completionReported, ...none };
    case 'ItemReviewed':
      return event.data.verdict === 'return' ? { type: ROW.reviewReturned, ...none } : undefined;
    case 'ItemResolved':
      return {
        ...none,
        type: ROW.resolved,
        doneAt: event.data.completedAt ?? event.data.occurredAt,
      };
    case 'ItemReopened':
      return { type: ROW.reopened, ...none };
    case 'ItemCancelled':
      return { type: ROW.cancelled, ...none };
    case 'ProgressReported':
    case 'ExtensionRequested':
    case 'RecommendationAnswered':
      // Only move assigned to in progress: open to open, whatever came before.
      return undefined;
    default: {
      // A type this code does not know yet (stored by a newer version) changes nothing here.
      const _never: never = event;
      void _never;
      return undefined;
    }
  }
}
