import { isValidInstant, isValidLocalDate, type LocalDate } from '../shared/calendar/local-date';
import { DomainError } from '../shared/domain-error';
import { type DeadlineSpec, parseDeadlineSpec } from './deadline';
import type {
  AnswerRecommendation,
  AssignItem,
  CancelItem,
  DecideContext,
  DecideExtension,
  ItemCommand,
  RaiseItem,
  ReopenItem,
  ReportCompletion,
  ReportProgress,
  RequestExtension,
  ResolveItem,
  ReturnItem,
  ReviewCompletion,
} from './item.commands';
import type { ItemEvent, ItemOutcome } from './item.events';
import { type Item, type ItemState, type ItemStatus, initialState, itemExists } from './item.state';
import { oneOf, optionalBoolean, optionalText, requiredText, unitList } from './item.validation';

import { evolve } from './item.evolve';

export { evolve, initialState };

/** Statuses in which work on an item can still change; resolved and cancelled are closed. */
const OPEN: readonly ItemStatus[] = ['raised', 'assigned', 'in-progress', 'awaiting-review'];
/** Statuses in which the lead unit works on the item (before it reports completion). */
const WORKING: readonly ItemStatus[] = ['assigned', 'in-progress'];

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
    default: {
      const _never: never = command;
      throw new Error(`Unknown command: ${JSON.stringify(_never)}`);
    }
  }
}

/** The three functions together, the shape a generic command handler folds and decides with. */
export const itemDecider = { initialState, evolve, decide } as const;

function businessTime(now: string): string {
  if (!isValidInstant(now)) {
    throw DomainError.invalidField('occurredAt', 'must be an ISO 8601 time with an offset');
  }
  // Stored in UTC, one spelling, so times compare as strings in read models.
  return new Date(now).toISOString();
}

function requireStatus(state: Item, command: ItemCommand['type'], allowed: readonly ItemStatus[]) {
  if (!allowed.includes(state.status)) {
    throw new DomainError(
      'ITEM.ILLEGAL_TRANSITION',
      `${command} is not allowed on an item that is ${state.status}`,
      { itemId: state.id, status: state.status, command, allowed: [...allowed] },
    );
  }
}

/** The lead unit of an item in a working status, where the events guarantee there is one. */
function leadOf(state: Item): string {
  if (state.leadUnit === null)
    throw new Error(`Item ${state.id} is ${state.status} without a lead unit`);
  return state.leadUnit;
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
        kind: oneOf(d.kind, 'kind', ['directive', 'recommendation'] as const),
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

/**
 * The due date is computed here, from the calendar in force and the business time, and stored.
 * Which deadline applies:
 * - the command's, when it names one (counted from this assignment);
 * - on a first assignment without one, the deadline requested at raise;
 * - on a reassignment without one, the current due date is kept as is: handing the task to another
 *   unit does not give it more time; only an approved extension or an explicit deadline does.
 * The original due date is the first ever set (a later deadline becomes only the current one).
 */
function assign(command: AssignItem, state: Item, at: string, context: DecideContext): ItemEvent[] {
  requireStatus(state, command.type, ['raised', 'assigned', 'in-progress']);
  const d = command.data;
  const leadUnit = requiredText(d.leadUnit, 'leadUnit');
  const supportingUnits = unitList(d.supportingUnits, 'supportingUnits');
  if (supportingUnits.includes(leadUnit)) {
    // One lead unit per task ("mỗi việc chỉ giao cho một cơ quan chủ trì").
    throw new DomainError(
      'ITEM.LEAD_UNIT_ALSO_SUPPORTING',
      `${leadUnit} cannot both lead and support the item`,
      {
        errors: [
          { field: 'supportingUnits', message: `must not include the lead unit ${leadUnit}` },
        ],
      },
    );
  }
  const firstAssignment = state.deadline.spec === null;
  let deadline: DeadlineSpec;
  let deadlineSource: 'command' | 'requested' | 'kept';
  let dueDate: LocalDate | null;
  if (d.deadline !== undefined) {
    deadline = parseDeadlineSpec(d.deadline, 'deadline');
    deadlineSource = 'command';
    dueDate = context.calendar.dueDateFor(deadline, at);
  } else if (firstAssignment) {
    deadline = state.requestedDeadline ?? { type: 'none' };
    deadlineSource = 'requested';
    dueDate = context.calendar.dueDateFor(deadline, at);
  } else {
    deadline = state.deadline.spec ?? { type: 'none' };
    deadlineSource = 'kept';
    dueDate = state.deadline.current;
  }
  return [
    {
      type: 'ItemAssigned',
      data: {
        itemId: state.id,
        leadUnit,
        supportingUnits,
        reassigned: !firstAssignment,
        previousLeadUnit: state.leadUnit,
        deadline,
        deadlineSource,
        dueDate,
        note: optionalText(d.note, 'note'),
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

/**
 * One pending request at a time, and only on an item with a due date. The proposed date must be
 * strictly after the current due date: an earlier one is not an extension (a unit that finishes
 * early simply reports completion).
 */
function requestExtension(command: RequestExtension, state: Item, at: string): ItemEvent[] {
  requireStatus(state, command.type, WORKING);
  if (state.pendingExtension !== null) {
    throw new DomainError(
      'ITEM.EXTENSION_ALREADY_PENDING',
      `Item ${state.id} already has an extension request awaiting a decision`,
      { itemId: state.id, pending: state.pendingExtension },
    );
  }
  const current = state.deadline.current;
  if (current === null) {
    throw new DomainError('ITEM.NO_DEADLINE', `Item ${state.id} has no due date to extend`, {
      itemId: state.id,
    });
  }
  const { proposedDueDate, reason } = command.data;
  if (!isValidLocalDate(proposedDueDate)) {
    throw DomainError.invalidField('proposedDueDate', 'must be a YYYY-MM-DD date');
  }
  requireLater(proposedDueDate, current, 'proposedDueDate');
  return [
    {
      type: 'ExtensionRequested',
      data: {
        itemId: state.id,
        proposedDueDate,
        currentDueDate: current,
        reason: requiredText(reason, 'reason'),
        occurredAt: at,
      },
    },
  ];
}

/**
 * The assigner decides; an approval may set another date than proposed. The approved date moves to
 * the next working day when it is a rest day, like any fixed deadline, and is stored in the event.
 */
function decideExtension(
  command: DecideExtension,
  state: Item,
  at: string,
  context: DecideContext,
): ItemEvent[] {
  requireStatus(state, command.type, OPEN);
  const pending = state.pendingExtension;
  if (pending === null) {
    throw new DomainError(
      'ITEM.NO_PENDING_EXTENSION',
      `Item ${state.id} has no extension request awaiting a decision`,
      { itemId: state.id },
    );
  }
  const d = command.data;
  if (typeof d.approve !== 'boolean')
    throw DomainError.invalidField('approve', 'must be true or false');
  let dueDate: LocalDate | null = null;
  if (d.approve) {
    if (d.dueDate !== undefined && !isValidLocalDate(d.dueDate)) {
      throw DomainError.invalidField('dueDate', 'must be a YYYY-MM-DD date');
    }
    const chosen = d.dueDate ?? pending.proposedDueDate;
    // The current date may have moved since the request (a reassignment with a new deadline).
    if (state.deadline.current !== null) requireLater(chosen, state.deadline.current, 'dueDate');
    dueDate = context.calendar.nextWorkingDayOnOrAfter(chosen);
  } else if (d.dueDate !== undefined) {
    throw DomainError.invalidField('dueDate', 'only an approval sets a due date');
  }
  return [
    {
      type: 'ExtensionDecided',
      data: {
        itemId: state.id,
        approved: d.approve,
        dueDate,
        proposedDueDate: pending.proposedDueDate,
        previousDueDate: state.deadline.current,
        reason: optionalText(d.reason, 'reason'),
        occurredAt: at,
      },
    },
  ];
}

function requireLater(date: LocalDate, current: LocalDate, field: string): void {
  if (date <= current) {
    throw new DomainError(
      'ITEM.EXTENSION_NOT_LATER',
      `${field} ${date} is not after the current due date ${current}`,
      { currentDueDate: current, errors: [{ field, message: `must be after ${current}` }] },
    );
  }
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

/** Acceptance resolves the item as completed at the time the work was reported done. */
function review(command: ReviewCompletion, state: Item, at: string): ItemEvent[] {
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
function resolve(command: ResolveItem, state: Item, at: string): ItemEvent[] {
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

function reopen(command: ReopenItem, state: Item, at: string): ItemEvent[] {
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

function cancel(command: CancelItem, state: Item, at: string): ItemEvent[] {
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
