import { DomainError } from '../shared/domain-error';
import { lineageChangesOf, UnitLineage } from './unit-lineage';
import { unitEvents, unitRegistry, type UnitCommand, type UnitEvent } from './unit.registry';

const TODAY = '2026-03-01';

function stateAfter(events: UnitEvent[]) {
  return events.reduce(unitRegistry.evolve, unitRegistry.initialState());
}

function decide(events: UnitEvent[], command: UnitCommand, today = TODAY): UnitEvent[] {
  return unitRegistry.decide(command, stateAfter(events), { today });
}

function refusal(events: UnitEvent[], command: UnitCommand): DomainError {
  try {
    decide(events, command);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

const registered = (id: string, validFrom: string | null = null): UnitEvent => ({
  type: 'UnitRegistered',
  data: { id, name: `Xã ${id}`, kind: 'commune', validFrom },
});
const base = [registered('xa-a'), registered('xa-b'), registered('xa-c', '2025-07-01')];
const merge = (from: string[], into: string, effectiveOn = '2026-01-01'): UnitCommand => ({
  type: 'MergeUnits',
  from,
  into: { id: into },
  effectiveOn,
});

describe('units that change', () => {
  it('merges into a new unit: registered from the effective date, the merged ones ended the day before', () => {
    const events = decide(base, {
      type: 'MergeUnits',
      from: ['xa-a', 'xa-b'],
      into: { id: 'xa-moi', name: 'Xã Mới', kind: 'commune', code: '08152' },
      effectiveOn: '2026-01-01',
      reference: 'NQ 1/2026',
    });
    expect(events).toEqual([
      {
        type: 'UnitRegistered',
        data: {
          id: 'xa-moi',
          name: 'Xã Mới',
          kind: 'commune',
          code: '08152',
          validFrom: '2026-01-01',
        },
      },
      {
        type: 'UnitsMerged',
        data: {
          from: ['xa-a', 'xa-b'],
          into: 'xa-moi',
          effectiveOn: '2026-01-01',
          reference: 'NQ 1/2026',
        },
      },
    ]);
    const units = stateAfter([...base, ...events]);
    expect(units.get('xa-a')).toMatchObject({
      active: false,
      validTo: '2025-12-31',
      successor: {
        id: 'xa-moi',
        reason: 'merger',
        effectiveOn: '2026-01-01',
        reference: 'NQ 1/2026',
      },
    });
    expect(units.get('xa-moi')).toMatchObject({
      active: true,
      validFrom: '2026-01-01',
      code: '08152',
      predecessors: [
        { id: 'xa-a', reason: 'merger' },
        { id: 'xa-b', reason: 'merger' },
      ],
    });
  });

  it('renames from a date and keeps the names over time', () => {
    const events = decide(base, {
      type: 'RenameUnit',
      unitId: 'xa-c',
      name: '  Phường C ',
      effectiveOn: '2026-02-01',
    });
    expect(stateAfter([...base, ...events]).get('xa-c')).toMatchObject({
      name: 'Phường C',
      names: [
        { name: 'Xã xa-c', from: '2025-07-01' },
        { name: 'Phường C', from: '2026-02-01' },
      ],
    });
  });

  it('dissolves with or without a successor', () => {
    const withOne = decide(base, {
      type: 'DissolveUnit',
      unitId: 'xa-a',
      successor: 'xa-b',
      effectiveOn: '2026-01-01',
    });
    expect(stateAfter([...base, ...withOne]).get('xa-b')?.predecessors).toEqual([
      { id: 'xa-a', reason: 'dissolution', effectiveOn: '2026-01-01', reference: null },
    ]);
    const without = decide(base, { type: 'DissolveUnit', unitId: 'xa-a', effectiveOn: TODAY });
    expect(stateAfter([...base, ...without]).get('xa-a')).toMatchObject({
      active: false,
      successor: null,
    });
  });

  it.each<[string, UnitEvent[], UnitCommand, string, DomainError['kind']]>([
    ['into itself', base, merge(['xa-a', 'xa-b'], 'xa-a'), 'UNIT.MERGE_INTO_ITSELF', 'invalid'],
    [
      'a dissolved unit as its own successor',
      base,
      { type: 'DissolveUnit', unitId: 'xa-a', successor: 'xa-a', effectiveOn: TODAY },
      'UNIT.MERGE_INTO_ITSELF',
      'invalid',
    ],
    [
      'a cycle of successors',
      [
        ...base,
        {
          type: 'UnitsMerged',
          data: { from: ['xa-a'], into: 'xa-b', effectiveOn: '2026-01-01', reference: null },
        },
      ],
      merge(['xa-b'], 'xa-a', '2026-02-01'),
      'UNIT.SUCCESSOR_CYCLE',
      'conflict',
    ],
    [
      'an inactive unit merged again',
      [
        ...base,
        {
          type: 'UnitsMerged',
          data: { from: ['xa-a'], into: 'xa-b', effectiveOn: '2026-01-01', reference: null },
        },
      ],
      merge(['xa-a'], 'xa-c', '2026-02-01'),
      'UNIT.INACTIVE',
      'conflict',
    ],
    [
      'a merger into an inactive unit',
      [
        ...base,
        {
          type: 'UnitDissolved',
          data: { unitId: 'xa-c', successor: null, effectiveOn: '2026-01-01', reference: null },
        },
      ],
      merge(['xa-a'], 'xa-c', '2026-02-01'),
      'UNIT.INACTIVE',
      'conflict',
    ],
    [
      'an effective date before the unit existed',
      base,
      merge(['xa-c'], 'xa-a', '2025-06-30'),
      'UNIT.BEFORE_VALID_FROM',
      'conflict',
    ],
    [
      'an effective date before the unit’s last change',
      [
        ...base,
        {
          type: 'UnitRenamed',
          data: { unitId: 'xa-a', name: 'A2', previousName: 'Xã xa-a', effectiveOn: '2026-02-01' },
        },
      ],
      merge(['xa-a'], 'xa-b', '2026-01-15'),
      'UNIT.CHANGE_OUT_OF_ORDER',
      'conflict',
    ],
    [
      'an effective date in the future',
      base,
      merge(['xa-a'], 'xa-b', '2026-03-02'),
      'VALIDATION',
      'invalid',
    ],
    [
      'an empty name',
      base,
      { type: 'RenameUnit', unitId: 'xa-a', name: '  ', effectiveOn: TODAY },
      'VALIDATION',
      'invalid',
    ],
    ['an unknown merged unit', base, merge(['xa-zz'], 'xa-b'), 'VALIDATION', 'invalid'],
    [
      'a new unit without a name and kind',
      base,
      merge(['xa-a'], 'xa-new'),
      'VALIDATION',
      'invalid',
    ],
    [
      'an unknown unit renamed',
      base,
      { type: 'RenameUnit', unitId: 'xa-zz', name: 'Z', effectiveOn: TODAY },
      'UNIT.NOT_FOUND',
      'not-found',
    ],
  ])('refuses %s', (_, events, command, code, kind) => {
    const error = refusal(events, command);
    expect([error.code, error.kind]).toEqual([code, kind]);
  });

  it('reads a version-1 registration as a unit older than the records', () => {
    const upcast = unitEvents.upcast({
      type: 'UnitRegistered',
      data: { id: 'so-a', name: 'Sở A', kind: 'department' },
      schemaVersion: 1,
    });
    expect(upcast.data).toEqual({ id: 'so-a', name: 'Sở A', kind: 'department', validFrom: null });
    expect(unitEvents.versionOf('UnitRegistered')).toBe(2);
  });
});

describe('units as organised then or now', () => {
  const at = (day: string) => Date.parse(`${day}T00:00:00+07:00`);
  // A and B merged into C from 1 July 2025, recorded on 15 July; C renamed from 1 Jan 2026.
  const lineage = new UnitLineage([
    ...lineageChangesOf(registered('xa-a'), at('2025-01-01')),
    ...lineageChangesOf(registered('xa-b'), at('2025-01-01')),
    ...lineageChangesOf(registered('xa-c', '2025-07-01'), at('2025-07-15')),
    ...lineageChangesOf(
      {
        type: 'UnitsMerged',
        data: { from: ['xa-a', 'xa-b'], into: 'xa-c', effectiveOn: '2025-07-01', reference: null },
      },
      at('2025-07-15'),
    ),
    ...lineageChangesOf(
      {
        type: 'UnitRenamed',
        data: {
          unitId: 'xa-c',
          name: 'Phường C',
          previousName: 'Xã xa-c',
          effectiveOn: '2026-01-01',
        },
      },
      at('2026-01-02'),
    ),
  ]);

  const noon = (day: string) => Date.parse(`${day}T12:00:00+07:00`);

  it('maps a merged unit to its successor from the effective date, as known today', () => {
    expect(lineage.at('then', noon('2025-06-30'), 'effective').unitOf('xa-a')).toBe('xa-a');
    // A report as of 30 June (its 24:00) still has the units of 30 June.
    expect(lineage.at('then', at('2025-07-01'), 'effective').unitOf('xa-a')).toBe('xa-a');
    expect(lineage.at('then', noon('2025-07-01'), 'effective').unitOf('xa-a')).toBe('xa-c');
    expect(lineage.at('now', at('2025-03-31'), 'effective').unitOf('xa-b')).toBe('xa-c');
  });

  it('on the recorded basis, only from the day the merger was recorded', () => {
    expect(lineage.at('then', at('2025-07-10'), 'recorded').unitOf('xa-a')).toBe('xa-a');
    expect(lineage.at('then', at('2025-07-16'), 'recorded').unitOf('xa-a')).toBe('xa-c');
  });

  it('names units as they were called then', () => {
    expect(lineage.at('then', at('2026-01-01'), 'effective').nameOf('xa-c')).toBe('Xã xa-c');
    expect(lineage.at('then', noon('2026-01-01'), 'effective').nameOf('xa-c')).toBe('Phường C');
    expect(lineage.at('now', 0, 'effective').nameOf('xa-c')).toBe('Phường C');
  });
});
