import { DomainError } from '../shared/domain-error';
import type { ItemCommand } from './item.commands';
import type { Item, ItemStatus } from './item.state';

/** Statuses in which work on an item can still change; resolved and cancelled are closed. */
export const OPEN: readonly ItemStatus[] = ['raised', 'assigned', 'in-progress', 'awaiting-review'];
/** Statuses in which the lead unit works on the item (before it reports completion). */
export const WORKING: readonly ItemStatus[] = ['assigned', 'in-progress'];

/** Refuses the command unless the item is in one of the `allowed` statuses. */
export function requireStatus(
  state: Item,
  command: ItemCommand['type'],
  allowed: readonly ItemStatus[],
) {
  if (!allowed.includes(state.status)) {
    throw new DomainError(
      'ITEM.ILLEGAL_TRANSITION',
      `${command} is not allowed on an item that is ${state.status}`,
      { itemId: state.id, status: state.status, command, allowed: [...allowed] },
    );
  }
}

/** The lead unit of an item in a working status, where the events guarantee there is one. */
export function leadOf(state: Item): string {
  if (state.leadUnit === null)
    throw new Error(`Item ${state.id} is ${state.status} without a lead unit`);
  return state.leadUnit;
}
