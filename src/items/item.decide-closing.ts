import { DomainError } from '../shared/domain-error';
import type { CancelItem, ReopenItem, ResolveItem, ReviewCompletion } from './item.commands';
import type { ItemEvent, ItemOutcome } from './item.events';
import { OPEN, requireStatus } from './item.guards';
import type { Item } from './item.state';
import { oneOf, optionalText, requiredText } from './item.validation';

// The rules that close an item, or undo a close: review, resolve, reopen, cancel.

/** Acceptance resolves the item as completed at the time the work was reported done. */
export function review(command: ReviewCompletion, state: Item, at: string): ItemEvent[] {
  if (state.status !== 'awaiting-review') {
    throw new DomainError(
      'ITEM.NO_COMPLETION_REPORT',
      `Item ${state.id} has no completion report awaiting review (it is ${state.status})`,
      { itemId: state.id, status: state.status },
    );
  }
  const verdict = oneOf(command.data.verdict, 'verdict', ['accept', 'return'] as const);
  const comment = optionalText(command.data.comment, 'comment');
  const reviewed: ItemEvent = {
    type: 'ItemReviewed',
    data: { itemId: state.id, verdict, comment, occurredAt: at },
  };
  if (verdict === 'return') return [reviewed];
  return [
    reviewed,
    {
      type: 'ItemResolved',
      data: {
        itemId: state.id,
        outcome: 'completed',
        note: comment,
        completedAt: state.completionReportedAt ?? at,
        viaReview: true,
        occurredAt: at,
      },
    },
  ];
}

/**
 * Resolving directly (without accepting a completion report, even one awaiting review) dates the
 * completion at this act: to credit a report's earlier time, accept it by review instead.
 */
export function resolve(command: ResolveItem, state: Item, at: string): ItemEvent[] {
  requireStatus(state, command.type, OPEN);
  const outcome = oneOf<ItemOutcome>(command.data.outcome, 'outcome', [
    'completed',
    'not-feasible',
    'forwarded',
    'duplicate',
  ]);
  return [
    {
      type: 'ItemResolved',
      data: {
        itemId: state.id,
        outcome,
        note: requiredText(command.data.note, 'note'),
        completedAt: outcome === 'completed' ? at : null,
        viaReview: false,
        occurredAt: at,
      },
    },
  ];
}

export function reopen(command: ReopenItem, state: Item, at: string): ItemEvent[] {
  requireStatus(state, command.type, ['resolved']);
  return [
    {
      type: 'ItemReopened',
      data: {
        itemId: state.id,
        reason: requiredText(command.data.reason, 'reason'),
        occurredAt: at,
      },
    },
  ];
}

export function cancel(command: CancelItem, state: Item, at: string): ItemEvent[] {
  requireStatus(state, command.type, OPEN);
  return [
    {
      type: 'ItemCancelled',
      data: {
        itemId: state.id,
        reason: requiredText(command.data.reason, 'reason'),
        occurredAt: at,
      },
    },
  ];
}
