import type { TransferItem } from './item.commands';
import type { ItemEvent, ItemUnitRole } from './item.events';
import type { Item } from './item.state';

/**
 * Carries a merged or dissolved unit's part in the item over to its successor: the system's own
 * record, so it never fails, it only does nothing when the unit holds no role in the item (any
 * more). The transfer engine may ask twice (a crash, a restart), and the log records it once.
 *
 * Ordering. The transfer is dated at `at`, the start of the day the change took effect, or at the
 * raise for an item raised after it (recorded before the change was). It may come after acts dated
 * later (a merger recorded weeks after its effective date finds acts of those weeks already in
 * the stream: they were the old unit's, recorded while the system knew no better), so it is
 * exempt from the act order; but it moves the item's last act forward to its own date, so no later
 * act may be dated before it: the successor never acts in the old organisation's time, and the
 * history reads in business-time order from the transfer on.
 */
export function transfer(command: TransferItem, state: Item, at: string): ItemEvent[] {
  const { from, to, reason, reference, effectiveOn } = command.data;
  const roles = rolesOf(state, from);
  if (roles.length === 0 || from === to) return [];
  const occurredAt = Date.parse(at) < Date.parse(state.raisedAt) ? state.raisedAt : at;
  return [
    {
      type: 'ItemTransferred',
      data: { itemId: state.id, from, to, reason, reference, effectiveOn, roles, occurredAt },
    },
  ];
}

/** The roles `unit` holds in the item now. */
export function rolesOf(item: Item, unit: string): ItemUnitRole[] {
  const roles: ItemUnitRole[] = [];
  if (item.leadUnit === unit) roles.push('lead');
  if (item.supportingUnits.includes(unit)) roles.push('supporting');
  if (item.originUnit === unit) roles.push('origin');
  if (item.communes.includes(unit)) roles.push('commune');
  return roles;
}
