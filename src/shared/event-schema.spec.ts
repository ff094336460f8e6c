import { EventRegistry, EventSchema } from './event-schema';

type Renamed = { type: 'UnitRenamed'; data: { id: string; name: string; effectiveOn: string } };
type Noted = { type: 'NoteWritten'; data: { text: string } };

/** v1 had `title`; v2 called it `name`; v3 added `effectiveOn`. */
const renamed = new EventSchema<Renamed>(
  ['UnitRenamed'],
  [
    {
      type: 'UnitRenamed',
      fromVersion: 2,
      upcast: (data) => ({ ...(data as object), effectiveOn: '2025-07-01' }),
    },
    {
      type: 'UnitRenamed',
      fromVersion: 1,
      upcast: (data) => {
        const { title, ...rest } = data as { id: string; title: string };
        return { ...rest, name: title };
      },
    },
  ],
);

describe('EventSchema', () => {
  it('writes new events with the version after its last upcaster', () => {
    expect(renamed.versionOf('UnitRenamed')).toBe(3);
  });

  it('upcasts a stored event through every later version, in order', () => {
    const stored = {
      type: 'UnitRenamed',
      data: { id: 'xa-a', title: 'Xã A' },
      metadata: { schemaVersion: 1 },
    };
    const current = renamed.upcast(stored);
    expect(current.data).toEqual({ id: 'xa-a', name: 'Xã A', effectiveOn: '2025-07-01' });
    expect(current).toMatchObject({ schemaVersion: 3 });
    // The stored event is left as it was: the hash chain is over its bytes.
    expect(stored.data).toEqual({ id: 'xa-a', title: 'Xã A' });
  });

  it('does not upcast twice: an upcast event says which version its data is', () => {
    const once = renamed.upcast({
      type: 'UnitRenamed',
      data: { id: 'xa-a', name: 'Xã A' },
      schemaVersion: 2,
    });
    expect(renamed.upcast(once)).toBe(once);
  });

  it('returns a current event as it is', () => {
    const event = { type: 'UnitRenamed', data: {}, metadata: { schemaVersion: 3 } };
    expect(renamed.upcast(event)).toBe(event);
  });

  it('refuses an event written by a newer version of the code', () => {
    expect(() => renamed.upcast({ type: 'UnitRenamed', data: {}, schemaVersion: 4 })).toThrow(
      /schema version 4; this code reads versions 1 to 3/,
    );
  });

  it('decodes only its own types', () => {
    expect(() => renamed.decode({ type: 'NoteWritten', data: {} })).toThrow(/not an event/);
    expect(renamed.is({ type: 'UnitRenamed' })).toBe(true);
    expect(renamed.is({ type: 'NoteWritten' })).toBe(false);
  });

  it('refuses upcasters with a gap or for a type it does not have', () => {
    const skip = { type: 'UnitRenamed', fromVersion: 2, upcast: (d: unknown) => d };
    expect(() => new EventSchema<Renamed>(['UnitRenamed'], [skip])).toThrow(/without gaps/);
    const stray = { type: 'NoteWritten', fromVersion: 1, upcast: (d: unknown) => d };
    expect(() => new EventSchema<Renamed>(['UnitRenamed'], [stray])).toThrow(/not a type/);
  });
});

describe('EventRegistry', () => {
  const notes = new EventSchema<Noted>(['NoteWritten']);

  it("upcasts each event with its own type's schema and lets unknown types through", () => {
    const registry = new EventRegistry([renamed, notes]);
    expect(registry.upcast({ type: 'UnitRenamed', data: { id: 'x', title: 'X' } }).data).toEqual({
      id: 'x',
      name: 'X',
      effectiveOn: '2025-07-01',
    });
    const other = { type: 'SomethingElse', data: 1 };
    expect(registry.upcast(other)).toBe(other);
  });

  it('refuses a type claimed by two schemas', () => {
    expect(() => new EventRegistry([notes, new EventSchema<Noted>(['NoteWritten'])])).toThrow(
      /two schemas/,
    );
  });
});
