import type { ItemCommand, ItemCommandType } from './item.commands';
import type { Item, ItemState } from './item.state';
import { AccessDeniedError } from '../shared/access-denied.error';
import type { Principal } from '../shared/principal';

/** What the office (and the leader) decide: API.md, "Auth". */
const OFFICE_ACTS: ReadonlySet<ItemCommandType> = new Set([
  'RaiseItem',
  'AssignItem',
  'DecideExtension',
  'ReviewCompletion',
  'ResolveItem',
  'ReopenItem',
  'CancelItem',
  'UrgeItem',
]);

/** What only the system does (the reminder engine), never a caller of the API. */
const SYSTEM_ACTS: ReadonlySet<ItemCommandType> = new Set(['FireReminder', 'TransferItem']);

/** What a lead unit does on its own item. */
const LEAD_UNIT_ACTS: ReadonlySet<ItemCommandType> = new Set([
  'AcknowledgeItem',
  'ReturnItem',
  'ReportProgress',
  'RequestExtension',
  'AnswerRecommendation',
  'ReportCompletion',
]);

/**
 * Whether `principal` may see `item` (lists, detail, history): a unit sees the items it leads,
 * supports, raised or is named in, and those whose part it had before a merger or dissolution
 * carried it over to a successor (`formerUnits`: read, never act).
 */
export function canSeeItem(principal: Principal, item: Item): boolean {
  if (principal.role !== 'unit') return principal.role !== 'admin';
  const unit = principal.unit;
  return (
    item.leadUnit === unit ||
    item.supportingUnits.includes(unit!) ||
    item.originUnit === unit ||
    item.communes.includes(unit!) ||
    item.formerUnits.includes(unit!)
  );
}

/**
 * Throws `AccessDeniedError` unless `principal` may issue `command` on an item in `state`.
 * Judged on the same state the decision is made on, so a reassignment in between cannot let a
 * former lead unit act. A missing item is left to the decider (404), except for the raise rules.
 */
export function authorizeItemCommand(
  principal: Principal,
  command: ItemCommand,
  state: ItemState,
): void {
  if (SYSTEM_ACTS.has(command.type)) {
    throw new AccessDeniedError(`${command.type} is the system's record, not a person's`);
  }
  switch (principal.role) {
    case 'leader':
      return;
    case 'office':
      if (OFFICE_ACTS.has(command.type)) return;
      throw new AccessDeniedError(
        `The office does not ${describe(command.type)}; the lead unit does`,
      );
    case 'unit':
      return authorizeUnit(principal.unit!, command, state);
    case 'auditor':
    case 'admin':
      throw new AccessDeniedError(`The ${principal.role} role makes no decisions on items`);
    default: {
      const _never: never = principal.role;
      throw new AccessDeniedError(`Unknown role ${String(_never)}`);
    }
  }
}

function authorizeUnit(unit: string, command: ItemCommand, state: ItemState): void {
  if (command.type === 'RaiseItem') {
    if (command.data.kind !== 'recommendation') {
      throw new AccessDeniedError(
        'Units raise recommendations; directives come from the leadership',
      );
    }
    if (command.data.originUnit !== undefined && command.data.originUnit !== unit) {
      throw new AccessDeniedError('A unit raises recommendations from its own unit only');
    }
    return;
  }
  if (state.status === 'none') return;
  if (state.leadUnit === unit && LEAD_UNIT_ACTS.has(command.type)) return;
  if (command.type === 'ReportProgress' && state.supportingUnits.includes(unit)) return;
  if (OFFICE_ACTS.has(command.type)) {
    throw new AccessDeniedError(`Only the leadership or its office may ${describe(command.type)}`);
  }
  throw new AccessDeniedError(`Unit ${unit} does not lead this item`);
}

function describe(type: ItemCommandType): string {
  return type
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/ item$/, ' items');
}
