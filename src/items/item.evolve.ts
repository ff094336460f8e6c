import type { ItemEvent, ItemRaised } from './item.events';
import { type Item, type ItemState, itemExists } from './item.state';

/**
 * Folds one event into the state. Trusts the event: the decider checked the rules when it was
 * written, and replay must reproduce what was decided then (due dates are read from the events,
 * never recomputed). An event that cannot apply (nothing raised yet) leaves the state unchanged
 * rather than stopping a replay of the whole log.
 */
export function evolve(state: ItemState, event: ItemEvent): ItemState {
  if (!itemExists(state)) return event.type === 'ItemRaised' ? raised(event) : state;
  const at = event.data.occurredAt;
  switch (event.type) {
    case 'ItemRaised':
      return state;
    case 'ItemAssigned': {
      const d = event.data;
      // A new lead unit has not started yet; the same lead (a change of supporting units or of
      // deadline) keeps its progress. The former lead's undecided extension request lapses: it
      // was that unit's request, and the new lead must be free to make its own.
      const sameLead = state.leadUnit === d.leadUnit;
      return {
        ...state,
        status: sameLead && state.status !== 'raised' ? state.status : 'assigned',
        pendingExtension: sameLead ? state.pendingExtension : null,
        leadUnit: d.leadUnit,
        supportingUnits: [...d.supportingUnits],
        acknowledgedAt: sameLead ? state.acknowledgedAt : null,
        assignedAt: at,
        deadline: {
          ...state.deadline,
          spec: d.deadline,
          original: state.deadline.original ?? d.dueDate,
          current: d.dueDate,
        },
      };
    }
    case 'ItemAcknowledged':
      return { ...state, status: 'in-progress', acknowledgedAt: at };
    case 'ItemReturned':
      return {
        ...state,
        status: 'raised',
        leadUnit: null,
        supportingUnits: [],
        assignedAt: null,
        acknowledgedAt: null,
        // The returning unit's undecided extension request goes with it.
        pendingExtension: null,
      };
    case 'ProgressReported':
      return {
        ...started(state),
        progress: { note: event.data.note, percent: event.data.percent, reportedAt: at },
      };
    case 'ExtensionRequested': {
      const request = {
        requestedAt: at,
        proposedDueDate: event.data.proposedDueDate,
        reason: event.data.reason,
      };
      return {
        ...started(state),
        pendingExtension: request,
        deadline: {
          ...state.deadline,
          extensions: [...state.deadline.extensions, { ...request, decision: null }],
        },
      };
    }
    case 'ExtensionDecided': {
      const d = event.data;
      const decision = {
        approved: d.approved,
        dueDate: d.dueDate,
        decidedAt: at,
        reason: d.reason,
      };
      const extensions = state.deadline.extensions.map((x, i, all) =>
        i === all.length - 1 && x.decision === null ? { ...x, decision } : x,
      );
      return {
        ...state,
        pendingExtension: null,
        deadline: {
          ...state.deadline,
          extensions,
          original: state.deadline.original ?? (d.approved ? d.dueDate : null),
          current: d.approved ? d.dueDate : state.deadline.current,
        },
      };
    }
    case 'RecommendationAnswered': {
      const { response, onTheSpot, documentRef } = event.data;
      return {
        ...started(state),
        answered: true,
        answer: { response, onTheSpot, documentRef, answeredAt: at },
      };
    }
    case 'CompletionReported':
      return { ...state, status: 'awaiting-review', completionReportedAt: at };
    case 'ItemReviewed':
      // Acceptance is followed by ItemResolved, which moves the status; only a return acts here.
      return event.data.verdict === 'return' ? { ...state, status: 'in-progress' } : state;
    case 'ItemResolved':
      return {
        ...state,
        status: 'resolved',
        outcome: event.data.outcome,
        completedAt: event.data.completedAt,
        resolvedAt: at,
      };
    case 'ItemReopened':
      return {
        ...state,
        status: state.leadUnit === null ? 'raised' : 'in-progress',
        outcome: null,
        completedAt: null,
        resolvedAt: null,
      };
    case 'ItemCancelled':
      return { ...state, status: 'cancelled', cancelledAt: at };
    default: {
      const _never: never = event;
      return _never;
    }
  }
}

/** Work on an assigned item starts with its first act, acknowledged or not. */
function started(state: Item): Item {
  return state.status === 'assigned' ? { ...state, status: 'in-progress' } : state;
}

function raised(event: ItemRaised): Item {
  const d = event.data;
  return {
    status: 'raised',
    id: d.itemId,
    kind: d.kind,
    title: d.title,
    description: d.description,
    sourceId: d.sourceId,
    originUnit: d.originUnit,
    communes: [...d.communes],
    topic: d.topic,
    priority: d.priority,
    leadUnit: null,
    supportingUnits: [],
    requestedDeadline: d.requestedDeadline,
    deadline: { spec: null, original: null, current: null, extensions: [] },
    pendingExtension: null,
    raisedAt: d.occurredAt,
    assignedAt: null,
    acknowledgedAt: null,
    completionReportedAt: null,
    completedAt: null,
    resolvedAt: null,
    outcome: null,
    answered: false,
    answer: null,
    progress: null,
    cancelledAt: null,
  };
}
