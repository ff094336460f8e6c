import { EventSchema } from '../shared/event-schema';
import { DomainError } from '../shared/domain-error';

/** Departments, communes and other bodies that lead, support or raise items. */
export type UnitKind = 'department' | 'commune' | 'agency' | 'province';
export const UNIT_KINDS: readonly UnitKind[] = ['department', 'commune', 'agency', 'province'];

export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  code?: string;
  active: boolean;
}

/** All units live in one stream: the list is short and changes rarely, and one fold lists them. */
export const UNITS_STREAM = 'units-province';

export type UnitEvent = { type: 'UnitRegistered'; data: Omit<Unit, 'active'> };
export type UnitCommand = { type: 'RegisterUnit'; unit: Omit<Unit, 'active'> };
export type UnitRegistry = ReadonlyMap<string, Unit>;

/** The units stream's schema (no older versions yet). */
export const unitEvents = new EventSchema<UnitEvent>(['UnitRegistered']);

export const unitRegistry = {
  events: unitEvents,
  initialState: (): UnitRegistry => new Map(),
  evolve(state: UnitRegistry, event: UnitEvent): UnitRegistry {
    return unitRegistry.evolveInPlace(new Map(state), event);
  },
  evolveInPlace(state: UnitRegistry, event: UnitEvent): UnitRegistry {
    return (state as Map<string, Unit>).set(event.data.id, { ...event.data, active: true });
  },
  decide(command: UnitCommand, state: UnitRegistry): UnitEvent[] {
    if (state.has(command.unit.id)) {
      throw new DomainError(
        'UNIT.ALREADY_EXISTS',
        `Unit ${command.unit.id} already exists`,
        undefined,
        'conflict',
      );
    }
    return [{ type: 'UnitRegistered', data: command.unit }];
  },
};
