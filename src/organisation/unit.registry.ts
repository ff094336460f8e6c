import { EventSchema } from '../shared/event-schema';
import { DomainError } from '../shared/domain-error';
import { addDays, isValidLocalDate, type LocalDate } from '../shared/calendar/local-date';

/** Departments, communes and other bodies that lead, support or raise items. */
export type UnitKind = 'department' | 'commune' | 'agency' | 'province';
export const UNIT_KINDS: readonly UnitKind[] = ['department', 'commune', 'agency', 'province'];

/** A unit as lists show it. */
export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  code?: string;
  /** False from the day the unit was merged into another or dissolved. */
  active: boolean;
}

/** Why a unit's work went to another: it was merged into it, or dissolved with it as successor. */
export type UnitEndReason = 'merger' | 'dissolution';

/** One link of a unit's lineage: a unit that ended, and where its work went. */
export interface UnitLink {
  /** The other unit (the predecessor, or the successor). */
  id: string;
  reason: UnitEndReason;
  effectiveOn: LocalDate;
  reference: string | null;
}

/** A unit with its history: names over time, where it came from and where its work went. */
export interface UnitRecord extends Unit {
  /** First day the unit existed, when known (null: before the system's records). */
  validFrom: LocalDate | null;
  /** Last day the unit existed; null while active. */
  validTo: LocalDate | null;
  /** Names oldest first; `from` is the first day of each (null for a name held from the start). */
  names: { name: string; from: LocalDate | null }[];
  predecessors: UnitLink[];
  /** Where the unit's work went when it ended (null while active, or dissolved without one). */
  successor: UnitLink | null;
  /** Day of the unit's latest change (its start, a rename): later changes may not precede it. */
  changedOn: LocalDate | null;
}

/** All units live in one stream: the list is short and changes rarely, and one fold lists them. */
export const UNITS_STREAM = 'units-province';

export type UnitRegistered = {
  type: 'UnitRegistered';
  data: { id: string; name: string; kind: UnitKind; code?: string; validFrom: LocalDate | null };
};
export type UnitRenamed = {
  type: 'UnitRenamed';
  data: { unitId: string; name: string; previousName: string; effectiveOn: LocalDate };
};
/** `from` units end the day before `effectiveOn`; their items are carried over to `into`. */
export type UnitsMerged = {
  type: 'UnitsMerged';
  data: { from: string[]; into: string; effectiveOn: LocalDate; reference: string | null };
};
export type UnitDissolved = {
  type: 'UnitDissolved';
  data: {
    unitId: string;
    successor: string | null;
    effectiveOn: LocalDate;
    reference: string | null;
  };
};
export type UnitEvent = UnitRegistered | UnitRenamed | UnitsMerged | UnitDissolved;

export type NewUnit = { id: string; name: string; kind: UnitKind; code?: string };
export type UnitCommand =
  | { type: 'RegisterUnit'; unit: NewUnit & { validFrom?: LocalDate } }
  | { type: 'RenameUnit'; unitId: string; name: string; effectiveOn: LocalDate }
  | {
      type: 'MergeUnits';
      from: string[];
      into: { id: string; name?: string; kind?: UnitKind; code?: string };
      effectiveOn: LocalDate;
      reference?: string;
    }
  | {
      type: 'DissolveUnit';
      unitId: string;
      successor?: string;
      effectiveOn: LocalDate;
      reference?: string;
    };

/** What a unit decision may know besides the registry: today's local date (no clock is read). */
export interface UnitContext {
  today: LocalDate;
}

export type UnitRegistry = ReadonlyMap<string, UnitRecord>;

/**
 * The units stream's schema. `UnitRegistered` v2 added `validFrom` (the first day the unit
 * existed); a version-1 registration reads as `validFrom: null`, a unit older than the records.
 */
export const unitEvents = new EventSchema<UnitEvent>(
  ['UnitRegistered', 'UnitRenamed', 'UnitsMerged', 'UnitDissolved'],
  [
    {
      type: 'UnitRegistered',
      fromVersion: 1,
      upcast: (data) => ({ ...(data as object), validFrom: null }),
    },
  ],
);

export const unitRegistry = {
  events: unitEvents,
  initialState: (): UnitRegistry => new Map(),
  evolve(state: UnitRegistry, event: UnitEvent): UnitRegistry {
    return unitRegistry.evolveInPlace(new Map(state), event);
  },
  /** Replaces the records an event changes (never changes one): older maps may share them. */
  evolveInPlace(state: UnitRegistry, event: UnitEvent): UnitRegistry {
    const units = state as Map<string, UnitRecord>;
    const update = (id: string, change: (unit: UnitRecord) => Partial<UnitRecord>) => {
      const unit = units.get(id);
      if (unit) units.set(id, { ...unit, ...change(unit) });
    };
    switch (event.type) {
      case 'UnitRegistered': {
        const { validFrom, ...unit } = event.data;
        return units.set(unit.id, {
          ...unit,
          active: true,
          validFrom,
          validTo: null,
          names: [{ name: unit.name, from: validFrom }],
          predecessors: [],
          successor: null,
          changedOn: validFrom,
        });
      }
      case 'UnitRenamed': {
        const { unitId, name, effectiveOn } = event.data;
        update(unitId, (unit) => ({
          name,
          names: [...unit.names, { name, from: effectiveOn }],
          changedOn: effectiveOn,
        }));
        return units;
      }
      case 'UnitsMerged': {
        const { from, into, effectiveOn, reference } = event.data;
        for (const id of from) end(update, id, into, 'merger', effectiveOn, reference);
        update(into, (unit) => ({
          predecessors: [
            ...unit.predecessors,
            ...from.map((id) => ({ id, reason: 'merger' as const, effectiveOn, reference })),
          ],
        }));
        return units;
      }
      case 'UnitDissolved': {
        const { unitId, successor, effectiveOn, reference } = event.data;
        end(update, unitId, successor, 'dissolution', effectiveOn, reference);
        if (successor !== null) {
          update(successor, (unit) => ({
            predecessors: [
              ...unit.predecessors,
              { id: unitId, reason: 'dissolution' as const, effectiveOn, reference },
            ],
          }));
        }
        return units;
      }
      default: {
        const _never: never = event;
        return _never;
      }
    }
  },
  decide(command: UnitCommand, state: UnitRegistry, context?: UnitContext): UnitEvent[] {
    switch (command.type) {
      case 'RegisterUnit':
        return [register(command.unit, state, command.unit.validFrom ?? null)];
      case 'RenameUnit':
        return rename(command, state, today(context));
      case 'MergeUnits':
        return merge(command, state, today(context));
      case 'DissolveUnit':
        return dissolve(command, state, today(context));
      default: {
        const _never: never = command;
        throw new Error(`Unknown command: ${JSON.stringify(_never)}`);
      }
    }
  },
};

/** The public view of a unit (lists): without its history. */
export function unitSummary(unit: UnitRecord): Unit {
  return {
    id: unit.id,
    name: unit.name,
    kind: unit.kind,
    ...(unit.code !== undefined ? { code: unit.code } : {}),
    active: unit.active,
  };
}

function end(
  update: (id: string, change: (unit: UnitRecord) => Partial<UnitRecord>) => void,
  id: string,
  successor: string | null,
  reason: UnitEndReason,
  effectiveOn: LocalDate,
  reference: string | null,
): void {
  update(id, () => ({
    active: false,
    validTo: addDays(effectiveOn, -1),
    successor: successor === null ? null : { id: successor, reason, effectiveOn, reference },
    changedOn: effectiveOn,
  }));
}

function today(context: UnitContext | undefined): LocalDate {
  if (!context) throw new Error('Unit changes are decided with today’s date in the context');
  return context.today;
}

function register(unit: NewUnit, state: UnitRegistry, validFrom: LocalDate | null): UnitEvent {
  if (state.has(unit.id)) {
    throw new DomainError(
      'UNIT.ALREADY_EXISTS',
      `Unit ${unit.id} already exists`,
      undefined,
      'conflict',
    );
  }
  if (validFrom !== null && !isValidLocalDate(validFrom)) {
    throw DomainError.invalidField('validFrom', 'must be a date (YYYY-MM-DD)');
  }
  return { type: 'UnitRegistered', data: { ...unit, name: requiredName(unit.name), validFrom } };
}

function rename(
  command: Extract<UnitCommand, { type: 'RenameUnit' }>,
  state: UnitRegistry,
  today: LocalDate,
): UnitEvent[] {
  const unit = existing(state, command.unitId);
  const name = requiredName(command.name);
  effectiveDate(command.effectiveOn, today);
  requireActive(unit);
  requireInOrder(unit, command.effectiveOn);
  if (name === unit.name) return [];
  return [
    {
      type: 'UnitRenamed',
      data: { unitId: unit.id, name, previousName: unit.name, effectiveOn: command.effectiveOn },
    },
  ];
}

function merge(
  command: Extract<UnitCommand, { type: 'MergeUnits' }>,
  state: UnitRegistry,
  today: LocalDate,
): UnitEvent[] {
  const { from, into, effectiveOn } = command;
  effectiveDate(effectiveOn, today);
  if (from.length === 0) throw DomainError.invalidField('from', 'must name at least one unit');
  if (new Set(from).size !== from.length) {
    throw DomainError.invalidField('from', 'must name each unit once');
  }
  if (from.includes(into.id)) {
    throw new DomainError(
      'UNIT.MERGE_INTO_ITSELF',
      `${into.id} cannot be merged into itself`,
      { errors: [{ field: 'into.id', message: 'must not be one of the merged units' }] },
      'invalid',
    );
  }
  const merged = from.map((id) => existing(state, id, 'from'));
  const target = state.get(into.id);
  // A successor chain that leads back to a merged unit would make that unit its own successor.
  if (target) requireNoCycle(state, target, new Set(from));
  for (const unit of merged) {
    requireActive(unit);
    requireInOrder(unit, effectiveOn);
  }
  const events: UnitEvent[] = [];
  if (target) {
    requireActive(target);
    requireInOrder(target, effectiveOn);
    const differs = (['name', 'kind', 'code'] as const).filter(
      (field) => into[field] !== undefined && into[field] !== target[field],
    );
    if (differs.length > 0) {
      throw new DomainError(
        'VALIDATION',
        `Unit ${target.id} exists: its details stay as they are`,
        {
          errors: differs.map((field) => ({
            field: `into.${field}`,
            message: 'must be left out (or equal) for an existing unit; rename it separately',
          })),
        },
      );
    }
  } else {
    const errors = [
      ...(into.name === undefined
        ? [{ field: 'into.name', message: 'a new unit needs a name' }]
        : []),
      ...(into.kind === undefined
        ? [{ field: 'into.kind', message: 'a new unit needs a kind' }]
        : []),
    ];
    if (errors.length > 0) {
      throw new DomainError('VALIDATION', `${into.id} is a new unit`, { errors });
    }
    const unit: NewUnit = { id: into.id, name: into.name!, kind: into.kind! };
    if (into.code !== undefined) unit.code = into.code;
    events.push(register(unit, state, effectiveOn));
  }
  events.push({
    type: 'UnitsMerged',
    data: { from: [...from], into: into.id, effectiveOn, reference: command.reference ?? null },
  });
  return events;
}

function dissolve(
  command: Extract<UnitCommand, { type: 'DissolveUnit' }>,
  state: UnitRegistry,
  today: LocalDate,
): UnitEvent[] {
  const unit = existing(state, command.unitId);
  const { effectiveOn } = command;
  effectiveDate(effectiveOn, today);
  const successor =
    command.successor === undefined ? undefined : existing(state, command.successor, 'successor');
  if (successor) {
    if (successor.id === unit.id) {
      throw new DomainError(
        'UNIT.MERGE_INTO_ITSELF',
        `${unit.id} cannot be its own successor`,
        { errors: [{ field: 'successor', message: 'must be another unit' }] },
        'invalid',
      );
    }
    requireNoCycle(state, successor, new Set([unit.id]));
  }
  requireActive(unit);
  requireInOrder(unit, effectiveOn);
  if (successor) {
    requireActive(successor);
    requireInOrder(successor, effectiveOn);
  }
  return [
    {
      type: 'UnitDissolved',
      data: {
        unitId: unit.id,
        successor: successor?.id ?? null,
        effectiveOn,
        reference: command.reference ?? null,
      },
    },
  ];
}

function existing(state: UnitRegistry, id: string, field?: string): UnitRecord {
  const unit = state.get(id);
  if (unit) return unit;
  if (field) throw DomainError.invalidField(field, `no unit ${id}`);
  throw new DomainError('UNIT.NOT_FOUND', `No unit ${id}`, undefined, 'not-found');
}

function requiredName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '') throw DomainError.invalidField('name', 'must not be empty');
  return trimmed;
}

/** A real day, not after today: a change is recorded on or after the day it takes effect. */
function effectiveDate(effectiveOn: LocalDate, today: LocalDate): void {
  if (!isValidLocalDate(effectiveOn)) {
    throw DomainError.invalidField('effectiveOn', 'must be a date (YYYY-MM-DD)');
  }
  if (effectiveOn > today) {
    throw DomainError.invalidField(
      'effectiveOn',
      'must not be in the future: record the change on or after the day it takes effect',
    );
  }
}

function requireActive(unit: UnitRecord): void {
  if (unit.active) return;
  throw new DomainError(
    'UNIT.INACTIVE',
    `Unit ${unit.id} ended on ${unit.validTo}` +
      (unit.successor ? `; its work went to ${unit.successor.id}` : ''),
    { unitId: unit.id, successor: unit.successor?.id ?? null },
    'conflict',
  );
}

/** A unit's changes take effect in order: none before the unit began or before its last change. */
function requireInOrder(unit: UnitRecord, effectiveOn: LocalDate): void {
  if (unit.changedOn === null || effectiveOn >= unit.changedOn) return;
  const began = unit.changedOn === unit.validFrom;
  throw new DomainError(
    began ? 'UNIT.BEFORE_VALID_FROM' : 'UNIT.CHANGE_OUT_OF_ORDER',
    began
      ? `Unit ${unit.id} only exists from ${unit.validFrom}`
      : `Unit ${unit.id} already changed on ${unit.changedOn}`,
    {
      unitId: unit.id,
      errors: [{ field: 'effectiveOn', message: `must not be before ${unit.changedOn}` }],
    },
    'conflict',
  );
}

function requireNoCycle(state: UnitRegistry, target: UnitRecord, ending: Set<string>): void {
  const seen = new Set<string>();
  for (let unit: UnitRecord | undefined = target; unit;) {
    if (ending.has(unit.id)) {
      throw new DomainError(
        'UNIT.SUCCESSOR_CYCLE',
        `${target.id}'s work already goes to ${unit.id}: the successors would go round in a circle`,
        { unitId: target.id, via: unit.id },
        'conflict',
      );
    }
    if (seen.has(unit.id) || !unit.successor) return;
    seen.add(unit.id);
    unit = state.get(unit.successor.id);
  }
}
