import { evolve } from '../item.evolve';
import type { ItemEvent } from '../item.events';
import { itemExists, type Item, type ItemState } from '../item.state';

/**
 * The domain's `evolve` (follow-up/item.evolve.ts), applied in place: `state` is changed and
 * returned instead of copied. A rebuild folds a million events into 100,000 states kept for the
 * whole build; copying a state of some thirty fields per event made most of its garbage (each copy
 * outlives the young generation, waiting for its item's next event) and a fifth of its time.
 *
 * Only for states this projection owns (loaded from its file or made here): nobody else may hold
 * them. The result equals `evolve`'s, field for field and in the same key order (so the stored JSON
 * is the same too); `item-fold.spec.ts` and the read-model property spec check it on generated
 * histories. A change to `evolve` must be mirrored here; a type this file does not handle falls
 * back to `evolve` itself.
 */
export function evolveInPlace(state: ItemState, event: ItemEvent): ItemState {
  // The raise builds the state: the domain's own code, once per item.
  if (!itemExists(state)) return evolve(state, event);
  const s: Item = state;
  const at = event.data.occurredAt;
  switch (event.type) {
    case 'ItemRaised':
      return s;
    case 'ItemAssigned': {
      const d = event.data;
      const sameLead = s.leadUnit === d.leadUnit;
      if (!sameLead || s.status === 'raised') s.status = 'assigned';
      // The former lead's undecided extension request lapses with the hand-over.
      if (!sameLead) s.pendingExtension = null;
      s.leadUnit = d.leadUnit;
      s.supportingUnits = [...d.supportingUnits];
      if (!sameLead) s.acknowledgedAt = null;
      s.assignedAt = at;
      s.deadline.spec = d.deadline;
      s.deadline.original ??= d.dueDate;
      s.deadline.current = d.dueDate;
      return s;
    }
    case 'ItemAcknowledged':
      s.status = 'in-progress';
      s.acknowledgedAt = at;
      return s;
    case 'ItemReturned':
      s.status = 'raised';
      s.leadUnit = null;
      s.supportingUnits = [];
      s.assignedAt = null;
      s.acknowledgedAt = null;
      s.pendingExtension = null;
      return s;
    case 'ProgressReported':
      start(s);
      s.progress = { note: event.data.note, percent: event.data.percent, reportedAt: at };
      return s;
    case 'ExtensionRequested': {
      const { proposedDueDate, reason } = event.data;
      start(s);
      s.pendingExtension = { requestedAt: at, proposedDueDate, reason };
      s.deadline.extensions.push({ requestedAt: at, proposedDueDate, reason, decision: null });
      return s;
    }
    case 'ExtensionDecided': {
      const d = event.data;
      const extensions = s.deadline.extensions;
      const last = extensions[extensions.length - 1];
      if (last !== undefined && last.decision === null) {
        last.decision = {
          approved: d.approved,
          dueDate: d.dueDate,
          decidedAt: at,
          reason: d.reason,
        };
      }
      s.pendingExtension = null;
      s.deadline.original ??= d.approved ? d.dueDate : null;
      if (d.approved) s.deadline.current = d.dueDate;
      return s;
    }
    case 'RecommendationAnswered': {
      const { response, onTheSpot, documentRef } = event.data;
      start(s);
      s.answered = true;
      s.answer = { response, onTheSpot, documentRef, answeredAt: at };
      return s;
    }
    case 'CompletionReported':
      s.status = 'awaiting-review';
      s.completionReportedAt = at;
      return s;
    case 'ItemReviewed':
      if (event.data.verdict === 'return') s.status = 'in-progress';
      return s;
    case 'ItemResolved':
      s.status = 'resolved';
      s.outcome = event.data.outcome;
      s.completedAt = event.data.completedAt;
      s.resolvedAt = at;
      return s;
    case 'ItemReopened':
      s.status = s.leadUnit === null ? 'raised' : 'in-progress';
      s.outcome = null;
      s.completedAt = null;
      s.resolvedAt = null;
      return s;
    case 'ItemCancelled':
      s.status = 'cancelled';
      s.cancelledAt = at;
      return s;
    default:
      return evolve(s, event);
  }
}

/** Work on an assigned item starts with its first act, acknowledged or not (evolve's `started`). */
function start(s: Item): void {
  if (s.status === 'assigned') s.status = 'in-progress';
}
