import type { CommandMetadata } from '../../event-sourcing/command-handler';
import { MemoryEventStore } from '../../event-store/memory/memory-event-store';
import { StreamFold } from '../../event-sourcing/stream-fold';
import { SOURCES_STREAM, sourceRegistry, type Source } from '../source.registry';
import { UNITS_STREAM, unitRegistry } from '../unit.registry';
import {
  RecordSourceCommand,
  RecordSourceHandler,
  RegisterUnitCommand,
  RegisterUnitHandler,
} from './reference-data.commands';
import { ReferenceDataService } from './reference-data.service';

const metadata = (n: number): CommandMetadata => ({
  actor: { sub: 'admin', role: 'admin', unit: null, name: 'Admin' },
  occurredAt: '2026-01-05T02:00:00.000Z',
  correlationId: `c-${n}`,
  causationId: null,
  commandId: `cmd-${n}`,
});
const source = (n: number): Source => ({
  id: `src-${n}`,
  type: 'document',
  title: `Công văn ${n}`,
  issuedOn: '2026-01-05',
});

/** A memory store that counts the events each stream read returns. */
class CountingStore extends MemoryEventStore {
  eventsRead = 0;
  override async readStream(streamId: string, options?: { fromRevision?: bigint }) {
    const events = await super.readStream(streamId, options);
    this.eventsRead += events.length;
    return events;
  }
}

describe('reference data stays linear as it grows', () => {
  it('each POST /api/sources reads only the events since the last one, not the whole stream', async () => {
    const store = new CountingStore();
    const handler = new RecordSourceHandler(store, new ReferenceDataService(store));
    for (let n = 0; n < 200; n++) {
      await handler.execute(new RecordSourceCommand(source(n), metadata(n)));
    }
    // Re-reading the stream on every POST would be 0 + 1 + … + 199 = 19,900 events.
    expect(store.eventsRead).toBeLessThan(200);
    expect((await store.readStream(SOURCES_STREAM)).length).toBe(200);
  });

  it('each unit registration reads only the events since the last one', async () => {
    const store = new CountingStore();
    const handler = new RegisterUnitHandler(store);
    for (let n = 0; n < 100; n++) {
      await handler.execute(
        new RegisterUnitCommand({ id: `xa-${n}`, name: `Xã ${n}`, kind: 'commune' }, metadata(n)),
      );
    }
    expect(store.eventsRead).toBeLessThan(100);
    expect((await store.readStream(UNITS_STREAM)).length).toBe(100);
  });

  it('a fold of many events copies the registry once, and never changes a state it answered', async () => {
    const store = new MemoryEventStore();
    const handler = new RecordSourceHandler(store, new ReferenceDataService(store));
    for (let n = 0; n < 3; n++) {
      await handler.execute(new RecordSourceCommand(source(n), metadata(n)));
    }
    const counted = { ...sourceRegistry, evolve: jest.fn(sourceRegistry.evolve) };
    const fold = new StreamFold(store, SOURCES_STREAM, counted);
    const first = await fold.current();
    expect([...first.keys()]).toEqual(['src-0', 'src-1', 'src-2']);
    expect(counted.evolve).toHaveBeenCalledTimes(1);

    for (let n = 3; n < 6; n++) {
      await handler.execute(new RecordSourceCommand(source(n), metadata(n)));
    }
    const second = await fold.current();
    expect(second.size).toBe(6);
    expect(counted.evolve).toHaveBeenCalledTimes(2);
    expect(first.size).toBe(3);
    expect(await fold.current()).toBe(second);
  });

  it("the deciders' evolve stays a pure copy", () => {
    const before = unitRegistry.initialState();
    const after = unitRegistry.evolve(before, {
      type: 'UnitRegistered',
      data: { id: 'xa-a', name: 'Xã A', kind: 'commune', validFrom: null },
    });
    expect(before.size).toBe(0);
    expect(after.get('xa-a')).toMatchObject({
      id: 'xa-a',
      name: 'Xã A',
      kind: 'commune',
      active: true,
    });
    const sources = sourceRegistry.evolve(sourceRegistry.initialState(), {
      type: 'SourceRecorded',
      data: source(1),
    });
    expect(sourceRegistry.evolve(sources, { type: 'SourceRecorded', data: source(2) }).size).toBe(
      2,
    );
    expect(sources.size).toBe(1);
  });
});
