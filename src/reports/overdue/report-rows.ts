import type { ItemEvent } from '../../items/item.events';
import { ROW } from './report-fold';

/** What one event contributes to the report's fold, before unit ids and dates become numbers. */
export interface RowOfEvent {
  type: number;
  unitId: string | null;
  dueDate: string | null;
  /** completedAt, else the act's time: when a resolved item counts as done (see timelinessOf). */
  doneAt: string | null;
  /** On a transfer: the former unit (stored in the row's `due` column, see `ROW.transferred`). */
  fromUnitId?: string;
}

/** The report row an event produces, or undefined when it cannot change the report's fields. */
export function rowOfEvent(event: ItemEvent): RowOfEvent | undefined {
  // Plain literals of one shape (no spreads): a rebuild asks this a million times.
  switch (event.type) {
    case 'ItemRaised':
      return row(ROW.raised, null, null, null);
    case 'ItemAssigned':
      return row(ROW.assigned, event.data.leadUnit, event.data.dueDate, null);
    case 'ItemAcknowledged':
      return row(ROW.acknowledged, null, null, null);
    case 'ItemReturned':
      return row(ROW.returned, null, null, null);
    case 'ExtensionDecided':
      return event.data.approved ? row(ROW.extended, null, event.data.dueDate, null) : undefined;
    case 'CompletionReported':
      return row(ROW.completionReported, null, null, null);
    case 'ItemReviewed':
      return event.data.verdict === 'return'
        ? row(ROW.reviewReturned, null, null, null)
        : undefined;
    case 'ItemResolved':
      return row(ROW.resolved, null, null, event.data.completedAt ?? event.data.occurredAt);
    case 'ItemReopened':
      return row(ROW.reopened, null, null, null);
    case 'ItemCancelled':
      return row(ROW.cancelled, null, null, null);
    case 'ProgressReported':
    case 'ExtensionRequested':
    case 'RecommendationAnswered':
      // Only move assigned to in progress: open to open, whatever came before.
      return undefined;
    case 'ItemUrged':
      // Follow-up, not progress: the fold ignores it; the period report counts it.
      return row(ROW.urged, null, null, null);
    case 'ReminderFired':
      // Follow-up, not progress: the item's status and deadline stay as they were.
      return undefined;
    case 'ItemTransferred':
      // Whatever roles it names: a fold at an earlier instant may meet it while the former unit
      // still led (evolve passes the lead whenever it is the former's). Communes and origin are
      // mapped by the units' lineage at the report's date instead.
      return {
        type: ROW.transferred,
        unitId: event.data.to,
        dueDate: null,
        doneAt: null,
        fromUnitId: event.data.from,
      };
    default: {
      // A type this code does not know yet (stored by a newer version) changes nothing here.
      const _never: never = event;
      void _never;
      return undefined;
    }
  }
}

function row(
  type: number,
  unitId: string | null,
  dueDate: string | null,
  doneAt: string | null,
): RowOfEvent {
  return { type, unitId, dueDate, doneAt };
}
