import { isValidInstant } from '../shared/calendar/local-date';
import { DomainError } from '../shared/domain-error';
import { parseDeadlineSpec } from './deadline';
import { cancel, reopen, resolve, review } from './item.decide-closing';
import { assign, decideExtension, requestExtension } from './item.decide-deadlines';
import type {
  AnswerRecommendation,
  DecideContext,
  ItemCommand,
  RaiseItem,
  ReportCompletion,
  ReportProgress,
  ReturnItem,
} from './item.commands';
import { ITEM_KINDS, itemEvents, type ItemEvent } from './item.events';
import { evolve } from './item.evolve';
import { fireReminder, urge } from './item.decide-follow-up';
import { leadOf, requireStatus, WORKING } from './item.guards';
import { type Item, type ItemState, initialState, itemExists } from './item.state';
import { oneOf, optionalBoolean, optionalText, requiredText, unitList } from './item.validation';

export { evolve, initialState };

/**
 * Decides what a command means for an item: the events to append, or a {@link DomainError}.
 * Pure: business time and the calendar come in through `context`; nothing is read from a clock.
 */
export function decide(
  command: ItemCommand,
  state: ItemState,
  context: DecideContext,
): ItemEvent[] {
  const at = businessTime(context.now);
  if (command.type === 'RaiseItem') return raise(command, state, at);
  if (!itemExists(state)) {
    throw new DomainError('ITEM.NOT_FOUND', `Item ${command.data.itemId} does not exist`, {
      itemId: command.data.itemId,
    });
  }
  // The engine's own record, not a person's act: it never fails, it only does nothing.
  if (command.type === 'FireReminder') return fireReminder(command, state, at);
  // The caller rejects future times; only the item knows when it began.
  if (Date.parse(at) < Date.parse(state.raisedAt)) {
    throw new DomainError(
      'ITEM.OCCURRED_BEFORE_RAISED',
      `occurredAt ${at} is before the item was raised (${state.raisedAt})`,
      {
        itemId: state.id,
        raisedAt: state.raisedAt,
        errors: [{ field: 'occurredAt', message: `must not be before ${state.raisedAt}` }],
      },
    );
  }
  if (state.status === 'cancelled') {
    // Checked before any command-specific rule, so every act on a withdrawn item reads the same.
    requireStatus(state, command.type, []);
  }
  switch (command.type) {
    case 'AssignItem':
      return assign(command, state, at, context);
    case 'AcknowledgeItem':
      requireStatus(state, command.type, ['assigned']);
      return [
        {
          type: 'ItemAcknowledged',
          data: { itemId: state.id, leadUnit: leadOf(state), occurredAt: at },
        },
      ];
    case 'ReturnItem':
      return returnItem(command, state, at);
    case 'ReportProgress':
      return reportProgress(command, state, at);
    case 'RequestExtension':
      return requestExtension(command, state, at);
    case 'DecideExtension':
      return decideExtension(command, state, at, context);
    case 'AnswerRecommendation':
      return answer(command, state, at);
    case 'ReportCompletion':
      return reportCompletion(command, state, at);
    case 'ReviewCompletion':
      return review(command, state, at);
    case 'ResolveItem':
      return resolve(command, state, at);
    case 'ReopenItem':
      return reopen(command, state, at);
    case 'CancelItem':
      return cancel(command, state, at);
    case 'UrgeItem':
      return urge(command, state, at);
    default: {
      const _never: never = command;
      throw new Error(`Unknown command: ${JSON.stringify(_never)}`);
    }
  }
}

/** The three functions together, the shape a generic command handler folds and decides with. */
export const itemDecider = { events: itemEvents, initialState, evolve, decide } as const;

function businessTime(now: string): string {
  if (!isValidInstant(now)) {
    throw DomainError.invalidField('occurredAt', 'must be an ISO 8601 time with an offset');
  }
  // Stored in UTC, one spelling, so times compare as strings in read models.
  return new Date(now).toISOString();
}

function raise(command: RaiseItem, state: ItemState, at: string): ItemEvent[] {
  const d = command.data;
  if (itemExists(state)) {
    throw new DomainError('ITEM.ALREADY_EXISTS', `Item ${state.id} already exists`, {
      itemId: state.id,
    });
  }
  return [
    {
      type: 'ItemRaised',
      data: {
        itemId: requiredText(d.itemId, 'itemId'),
        kind: oneOf(d.kind, 'kind', ITEM_KINDS),
        title: requiredText(d.title, 'title'),
        description: optionalText(d.description, 'description'),
        sourceId: optionalText(d.sourceId, 'sourceId'),
        originUnit: optionalText(d.originUnit, 'originUnit'),
        communes: unitList(d.communes, 'communes'),
        topic: optionalText(d.topic, 'topic'),
        priority:
          d.priority === undefined
            ? 'normal'
            : oneOf(d.priority, 'priority', ['normal', 'key'] as const),
        requestedDeadline:
          d.deadline === undefined ? null : parseDeadlineSpec(d.deadline, 'deadline'),
        occurredAt: at,
      },
    },
  ];
}

function returnItem(command: ReturnItem, state: Item, at: string): ItemEvent[] {
  requireStatus(state, command.type, WORKING);
  return [
    {
      type: 'ItemReturned',
      data: {
        itemId: state.id,
        leadUnit: leadOf(state),
        reason: requiredText(command.data.reason, 'reason'),
        occurredAt: at,
      },
    },
  ];
}

function reportProgress(command: ReportProgress, state: Item, at: string): ItemEvent[] {
  // Supporting units may still report while the lead's completion report awaits review.
  requireStatus(state, command.type, ['assigned', 'in-progress', 'awaiting-review']);
  const { note, percent } = command.data;
  if (
    percent !== undefined &&
    (typeof percent !== 'number' || !Number.isInteger(percent) || percent < 0 || percent > 100)
  ) {
    throw DomainError.invalidField('percent', 'must be a whole number from 0 to 100');
  }
  return [
    {
      type: 'ProgressReported',
      data: {
        itemId: state.id,
        note: requiredText(note, 'note'),
        percent: percent ?? null,
        occurredAt: at,
      },
    },
  ];
}

/** Answered is not resolved: the item stays in progress until resolved. */
function answer(command: AnswerRecommendation, state: Item, at: string): ItemEvent[] {
  if (state.kind !== 'recommendation') {
    throw new DomainError('ITEM.NOT_A_RECOMMENDATION', `Item ${state.id} is a ${state.kind}`, {
      itemId: state.id,
      kind: state.kind,
    });
  }
  requireStatus(state, command.type, ['assigned', 'in-progress', 'awaiting-review']);
  const d = command.data;
  return [
    {
      type: 'RecommendationAnswered',
      data: {
        itemId: state.id,
        response: requiredText(d.response, 'response'),
        onTheSpot: optionalBoolean(d.onTheSpot, 'onTheSpot') ?? false,
        documentRef: optionalText(d.documentRef, 'documentRef'),
        occurredAt: at,
      },
    },
  ];
}

function reportCompletion(command: ReportCompletion, state: Item, at: string): ItemEvent[] {
  requireStatus(state, command.type, WORKING);
  return [
    {
      type: 'CompletionReported',
      data: {
        itemId: state.id,
        summary: requiredText(command.data.summary, 'summary'),
        documentRef: optionalText(command.data.documentRef, 'documentRef'),
        occurredAt: at,
      },
    },
  ];
}
