import { isValidInstant, toLocalDate } from '../shared/calendar/local-date';
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
import { transfer } from './item.decide-transfer';
import { leadOf, requireStatus, WORKING } from './item.guards';
import { type Item, type ItemState, initialState, itemExists } from './item.state';
import { oneOf, optionalBoolean, optionalText, requiredText, unitList } from './item.validation';

export { evolve, initialState };

/**
 * Acts that may be dated before the item's last act: an urge may be recorded for any moment of the
 * item's life (it moves nothing), and a recommendation is often answered on the spot at the
 * session itself, before the office routes it.
 */
const MAY_PRECEDE_THE_LAST_ACT: ReadonlySet<ItemCommand['type']> = new Set([
  'UrgeItem',
  'AnswerRecommendation',
]);

/** Clock difference forgiven between instances dating acts "now" (see `requireActOrder`). */
const CLOCK_TOLERANCE_MS = 2 * 60 * 1000;
/**
 * Progress reports per item and business day, all units together: far more than any real item
 * needs, and a bound on how large one unit can make an item everyone reads (each note may hold
 * 10,000 characters: at most 1 MB a day). Acts stay in business-time order, so the bound cannot be
 * dodged by dating notes into past days.
 */
export const PROGRESS_REPORTS_PER_DAY = 100;

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
  if (command.type === 'TransferItem') return transfer(command, state, at);
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
  if (!MAY_PRECEDE_THE_LAST_ACT.has(command.type)) requireActOrder(state, at);
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

/**
 * Acts entered late (from paper, dated by their documents) are welcome, but an item's acts stay in
 * business-time order: no completion dated before the assignment or the last progress report, no
 * review before the completion it reviews. Otherwise work finished a year late could be dated into
 * its deadline. Two minutes of tolerance absorb the clocks of different instances.
 */
function requireActOrder(state: Item, at: string): void {
  if (Date.parse(at) >= Date.parse(state.lastActAt) - CLOCK_TOLERANCE_MS) return;
  throw new DomainError(
    'ITEM.ACT_OUT_OF_ORDER',
    `occurredAt ${at} is before the item's last act (${state.lastActAt})`,
    {
      itemId: state.id,
      lastActAt: state.lastActAt,
      errors: [{ field: 'occurredAt', message: `must not be before ${state.lastActAt}` }],
    },
  );
}

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
  const day = toLocalDate(at);
  if (state.progressDay?.day === day && state.progressDay.reports >= PROGRESS_REPORTS_PER_DAY) {
    throw new DomainError(
      'ITEM.PROGRESS_LIMIT',
      `Item ${state.id} already has ${PROGRESS_REPORTS_PER_DAY} progress reports dated ${day}`,
      { itemId: state.id, day, limit: PROGRESS_REPORTS_PER_DAY },
    );
  }
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
