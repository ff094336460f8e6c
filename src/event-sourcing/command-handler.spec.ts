import { EventSchema } from '../shared/event-schema';
import {
  handleCommand,
  IdempotencyKeyReusedError,
  StreamCache,
  type CommandMetadata,
} from './command-handler';
import { ConcurrencyError, type EventStore } from '../event-store/event-store.port';
import { MemoryEventStore } from '../event-store/memory/memory-event-store';

/** A counter that refuses to go past its limit: enough to see fold, decide and append at work. */
const counter = {
  events: new EventSchema<{ type: 'Incremented'; data: { to: number } }>(['Incremented']),
  initialState: () => 0,
  evolve: (n: number) => n + 1,
  decide: (command: { limit: number }, n: number) => {
    if (n >= command.limit) throw new Error('limit reached');
    return [{ type: 'Incremented' as const, data: { to: n + 1 } }];
  },
};

const meta = (extra: Partial<CommandMetadata> = {}): CommandMetadata => ({
  actor: { sub: 'u', role: 'office', unit: null },
  occurredAt: '2026-01-05T01:00:00.000Z',
  correlationId: 'c',
  causationId: null,
  commandId: 'x',
  ...extra,
});

describe('handleCommand', () => {
  let store: EventStore;
  beforeEach(() => {
    store = new MemoryEventStore();
  });

  it('folds the stream, decides and appends at the revision it read', async () => {
    await handleCommand({
      store,
      decider: counter,
      streamId: 'counter-1',
      command: { limit: 5 },
      metadata: meta(),
    });
    const second = await handleCommand({
      store,
      decider: counter,
      streamId: 'counter-1',
      command: { limit: 5 },
      metadata: meta(),
    });
    expect(second).toMatchObject({ revision: 1n, state: 2, replayed: false });
    expect((await store.readStream('counter-1')).map((e) => e.data)).toEqual([
      { to: 1 },
      { to: 2 },
    ]);
  });

  it('retries from a fresh read when another writer got in between', async () => {
    await handleCommand({
      store,
      decider: counter,
      streamId: 'counter-1',
      command: { limit: 5 },
      metadata: meta(),
    });
    let interfered = false;
    const racing: EventStore = Object.create(store);
    racing.readStream = async (id, opts) => {
      const events = await store.readStream(id, opts);
      if (!interfered) {
        interfered = true;
        await handleCommand({
          store,
          decider: counter,
          streamId: id,
          command: { limit: 5 },
          metadata: meta(),
        });
      }
      return events;
    };
    const result = await handleCommand({
      store: racing,
      decider: counter,
      streamId: 'counter-1',
      command: { limit: 5 },
      metadata: meta(),
    });
    expect(result.revision).toBe(2n);
    expect((await store.readStream('counter-1')).map((e) => e.data)).toEqual([
      { to: 1 },
      { to: 2 },
      { to: 3 },
    ]);
  });

  it('gives the conflict back when the client pinned the revision (If-Match)', async () => {
    await handleCommand({
      store,
      decider: counter,
      streamId: 'counter-1',
      command: { limit: 5 },
      metadata: meta(),
    });
    await handleCommand({
      store,
      decider: counter,
      streamId: 'counter-1',
      command: { limit: 5 },
      metadata: meta(),
    });
    await expect(
      handleCommand({
        store,
        decider: counter,
        streamId: 'counter-1',
        command: { limit: 5 },
        metadata: meta({ expectedRevision: 0n }),
      }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream('counter-1')).toHaveLength(2);
  });

  it('answers a retried idempotency key with the first result and appends nothing', async () => {
    const first = await handleCommand({
      store,
      decider: counter,
      streamId: 'counter-1',
      command: { limit: 5 },
      metadata: meta({ idempotencyKey: 'k', requestHash: 'h' }),
    });
    await handleCommand({
      store,
      decider: counter,
      streamId: 'counter-1',
      command: { limit: 5 },
      metadata: meta(),
    });
    const again = await handleCommand({
      store,
      decider: counter,
      streamId: 'counter-1',
      command: { limit: 5 },
      metadata: meta({ idempotencyKey: 'k', requestHash: 'h' }),
    });
    expect(again).toMatchObject({
      revision: first.revision,
      position: first.position,
      replayed: true,
    });
    expect(await store.readStream('counter-1')).toHaveLength(2);
    await expect(
      handleCommand({
        store,
        decider: counter,
        streamId: 'counter-1',
        command: { limit: 5 },
        metadata: meta({ idempotencyKey: 'k', requestHash: 'other' }),
      }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('appends nothing when the decider refuses', async () => {
    await expect(
      handleCommand({
        store,
        decider: counter,
        streamId: 'counter-1',
        command: { limit: 0 },
        metadata: meta(),
      }),
    ).rejects.toThrow('limit reached');
    expect(await store.headPosition()).toBe(-1n);
  });

  describe('with a stream cache', () => {
    /** One more on counter-1 (limit 9), as this handler or, without the cache, another instance. */
    const count = (metadata: CommandMetadata, options?: { cache: StreamCache<number> }) =>
      handleCommand({
        store,
        decider: counter,
        streamId: 'counter-1',
        command: { limit: 9 },
        metadata,
        ...options,
      });

    it('reads only what was appended since, including by writers that do not share the cache', async () => {
      const cache = new StreamCache<number>();
      await count(meta(), { cache });
      // Another process (no shared cache) appends twice.
      await count(meta());
      await count(meta());
      const reads: (bigint | undefined)[] = [];
      const spying: EventStore = Object.create(store);
      spying.readStream = (id, opts) => {
        reads.push(opts?.fromRevision);
        return store.readStream(id, opts);
      };
      const result = await handleCommand({
        store: spying,
        decider: counter,
        streamId: 'counter-1',
        command: { limit: 9 },
        metadata: meta(),
        cache,
      });
      expect(result).toMatchObject({ revision: 3n, state: 4 });
      expect(reads).toEqual([1n]);
      // The chain stays intact across cached and uncached writers.
      const events = await store.readStream('counter-1');
      events.slice(1).forEach((e, i) => expect(e.metadata.prevHash).toBe(events[i].metadata.hash));
    });

    it('still answers a retried idempotency key, whether the first try was cached or not', async () => {
      const cache = new StreamCache<number>();
      const keyed = (key: string, hash = 'h') => meta({ idempotencyKey: key, requestHash: hash });
      const first = await count(keyed('a'), { cache });
      const other = await count(keyed('b'));
      expect(await count(keyed('a'), { cache })).toMatchObject({
        revision: first.revision,
        position: first.position,
        replayed: true,
      });
      expect(await count(keyed('b'), { cache })).toMatchObject({
        revision: other.revision,
        replayed: true,
      });
      await expect(count(keyed('a', 'other'), { cache })).rejects.toBeInstanceOf(
        IdempotencyKeyReusedError,
      );
      expect(await store.readStream('counter-1')).toHaveLength(2);
    });

    /** The store as the handler sees it, counting its stream reads. */
    function counting(): { store: EventStore; reads: () => number } {
      let reads = 0;
      const spying: EventStore = Object.create(store);
      spying.readStream = (id, opts) => {
        reads++;
        return store.readStream(id, opts);
      };
      return { store: spying, reads: () => reads };
    }

    it('decides on the cached view without reading the store when nobody else wrote', async () => {
      const cache = new StreamCache<number>();
      await count(meta(), { cache });
      const spy = counting();
      const result = await handleCommand({
        store: spy.store,
        decider: counter,
        streamId: 'counter-1',
        command: { limit: 9 },
        metadata: meta(),
        cache,
      });
      expect(result).toMatchObject({ revision: 1n, state: 2 });
      expect(spy.reads()).toBe(0);
    });

    it('judges a refusal of the cached view again on the stream as it is now', async () => {
      // A gate: passing is refused while it is closed.
      type GateEvent = { type: 'Opened' | 'Closed' | 'Passed'; data: null };
      const gate = {
        events: new EventSchema<GateEvent>(['Opened', 'Closed', 'Passed']),
        initialState: () => false,
        evolve: (open: boolean, e: GateEvent) => (e.type === 'Passed' ? open : e.type === 'Opened'),
        decide: (c: GateEvent['type'], open: boolean): GateEvent[] => {
          if (c === 'Passed' && !open) throw new Error('the gate is closed');
          return [{ type: c, data: null }];
        },
      };
      const cache = new StreamCache<boolean>();
      await handleCommand({
        store,
        decider: gate,
        streamId: 'gate-1',
        command: 'Closed',
        metadata: meta(),
        cache,
      });
      // Another instance opens it; this cache still says closed.
      await handleCommand({
        store,
        decider: gate,
        streamId: 'gate-1',
        command: 'Opened',
        metadata: meta(),
      });
      const result = await handleCommand({
        store,
        decider: gate,
        streamId: 'gate-1',
        command: 'Passed',
        metadata: meta(),
        cache,
      });
      expect(result).toMatchObject({ revision: 2n, state: true });
      // A refusal that holds on the fresh stream still refuses, and appends nothing.
      await handleCommand({
        store,
        decider: gate,
        streamId: 'gate-1',
        command: 'Closed',
        metadata: meta(),
      });
      await expect(
        handleCommand({
          store,
          decider: gate,
          streamId: 'gate-1',
          command: 'Passed',
          metadata: meta(),
          cache,
        }),
      ).rejects.toThrow('the gate is closed');
      expect(await store.readStream('gate-1')).toHaveLength(4);
    });

    it('takes an If-Match that names a revision written by another instance', async () => {
      const cache = new StreamCache<number>();
      await count(meta(), { cache });
      const other = await count(meta());
      // The client saw revision 1 through the other instance; this cache is still at 0.
      const pinned = meta({ expectedRevision: other.revision });
      const result = await count(pinned, { cache });
      expect(result).toMatchObject({ revision: 2n, state: 3 });
      await expect(count(pinned, { cache })).rejects.toBeInstanceOf(ConcurrencyError);
    });

    it('keeps only the most recently written streams', () => {
      const cache = new StreamCache<number>(2);
      const view = {
        state: 1,
        tip: { revision: 0n, hash: null },
        position: 1n,
        commands: new Map(),
      };
      cache.set('a', view);
      cache.set('b', view);
      cache.set('a', view);
      cache.set('c', view);
      expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([
        true,
        false,
        true,
      ]);
    });
  });
});
