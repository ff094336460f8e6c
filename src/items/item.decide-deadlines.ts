import { isValidLocalDate, type LocalDate } from '../shared/calendar/local-date';
import { DomainError } from '../shared/domain-error';
import { type DeadlineSpec, parseDeadlineSpec } from './deadline';
import type { AssignItem, DecideContext, DecideExtension, RequestExtension } from './item.commands';
import type { ItemEvent } from './item.events';
import { OPEN, requireStatus, WORKING } from './item.guards';
import type { Item } from './item.state';
import { optionalText, requiredText, unitList } from './item.validation';

// The rules that set or move an item's due date: assignment and extensions.

/**
 * The due date is computed here, from the calendar in force and the business time, and stored.
 * Which deadline applies:
 * - the command's, when it names one (counted from this assignment);
 * - on a first assignment without one, the deadline requested at raise;
 * - on a reassignment without one, the current due date is kept as is: handing the task to another
 *   unit does not give it more time; only an approved extension or an explicit deadline does.
 * The original due date is the first ever set (a later deadline becomes only the current one).
 */
export function assign(
  command: AssignItem,
  state: Item,
  at: string,
  context: DecideContext,
): ItemEvent[] {
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

/**
 * One pending request at a time, and only on an item with a due date. The proposed date must be
 * strictly after the current due date: an earlier one is not an extension (a unit that finishes
 * early simply reports completion).
 */
export function requestExtension(command: RequestExtension, state: Item, at: string): ItemEvent[] {
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
export function decideExtension(
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
