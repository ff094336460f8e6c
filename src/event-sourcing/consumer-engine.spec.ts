import type { Database } from 'better-sqlite3';
import { MemoryEventStore } from '../event-store/memory/memory-event-store';
import type { EventStore } from '../event-store/event-store.port';
import type { ProjectedEvent, Projection } from '../read-models/projection';
import { EVENT_REGISTRY } from '../event-registry';
import { ConsumerEngine, type ConsumerEngineOptions } from './consumer-engine';
import { openReadModelDb, SqliteConsumerStorage } from '../read-models/read-model-db';
import { FollowUpScenario } from '../../test/support/read-models/follow-up-scenario';
import { silentLogger } from '../../test/support/read-models/project';

/** Counts events per type in a table; throws on the events `failOn` picks. */
class CountingProjection implements Projection {
  private db!: Database;
  constructor(
    readonly name: string,
    private readonly failOn: (e: ProjectedEvent) => boolean = () => false,
  ) {}
  setUp(db: Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS "${this.name}" (position INTEGER PRIMARY KEY, type TEXT)`);
  }
  createIndexes() {}
  open(db: Database) {
    this.db = db;
  }
  apply(e: ProjectedEvent) {
    if (this.failOn(e)) throw new Error(`cannot apply ${e.type}`);
    // A second application of one event would break the primary key: exactly once, or fail.
    this.db.prepare(`INSERT INTO "${this.name}" VALUES (?, ?)`).run(e.position, e.type);
  }
  flush() {}
  committed() {}
  rolledBack() {}
  positions(): bigint[] {
    return this.db
      .prepare(`SELECT position FROM "${this.name}" ORDER BY position`)
      .pluck()
      .safeIntegers(true)
      .all() as bigint[];
  }
}

/** The store, except that its `read`-th page read fails as a lost connection would. */
function failingOnRead(store: EventStore, read: number): EventStore {
  let reads = 0;
  return {
    appendToStream: (...args) => store.appendToStream(...args),
    readStream: (...args) => store.readStream(...args),
    headPosition: () => store.headPosition(),
    subscribeToAll: (...args) => store.subscribeToAll(...args),
    close: () => store.close(),
    readAll: async (options) => {
      if (++reads === read) throw new Error('connection lost');
      return store.readAll(options);
    },
  };
}

async function storeWithItems(count: number) {
  const store = new MemoryEventStore();
  const s = new FollowUpScenario(store);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = await s.raise('2026-03-02T02:00:00Z', { kind: 'directive' });
    await s.assign(id, '2026-03-02T03:00:00Z', 'so-noi-vu', { type: 'working-days', days: 5 });
    ids.push(id);
  }
  return { store, scenario: s, ids };
}

/** The engine on a read-model file, as the read models run it. */
function engine(
  store: EventStore,
  db: Database,
  consumers: Projection[],
  options: Partial<ConsumerEngineOptions> = {},
): ConsumerEngine<Database> {
  return new ConsumerEngine(store, new SqliteConsumerStorage(db), consumers, {
    registry: EVENT_REGISTRY,
    ...options,
  });
}

describe('ConsumerEngine', () => {
  it('catches up from the log, then follows live appends, each event applied once', async () => {
    const { store, scenario, ids } = await storeWithItems(5);
    const db = openReadModelDb(':memory:');
    const counting = new CountingProjection('counting');
    const projector = engine(store, db, [counting], {
      batchSize: 3,
      logger: silentLogger,
    });
    projector.start();
    const position = await scenario.acknowledge(ids[0], '2026-03-03T02:00:00Z');
    expect(await projector.waitFor(position, ['counting'], 5_000)).toBe(true);
    expect(counting.positions()).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n, 11n]);
    expect(projector.status()).toMatchObject({ state: 'live', checkpoint: '11' });
    await projector.stop();
    db.close();
  });

  it('stops a projection that throws at that event, keeps the others going, and says so', async () => {
    const { store } = await storeWithItems(3);
    const db = openReadModelDb(':memory:');
    const healthy = new CountingProjection('healthy');
    const failing = new CountingProjection(
      'failing',
      (e) => e.type === 'ItemAssigned' && e.position === 4n,
    );
    const errors: string[] = [];
    const projector = engine(store, db, [healthy, failing], {
      batchSize: 100,
      logger: { ...silentLogger, error: (m: string) => errors.push(m) },
    });
    await projector.catchUp();

    expect(healthy.positions()).toHaveLength(6);
    // Nothing from the failing event on: not skipped, not half-applied.
    expect(failing.positions()).toEqual([1n, 2n, 3n]);
    expect(projector.status().projections).toEqual([
      { name: 'healthy', status: 'running', checkpoint: '6' },
      {
        name: 'failing',
        status: 'failed',
        checkpoint: '3',
        failure: expect.objectContaining({
          position: '4',
          eventType: 'ItemAssigned',
          error: 'Error: cannot apply ItemAssigned',
        }),
      },
    ]);
    expect(projector.status().checkpoint).toBe('3');
    expect(errors).toEqual([expect.stringContaining('Projection failing stopped at position 4')]);

    // Once fixed (a new version starts), it resumes at the event it stopped on.
    const fixed = new CountingProjection('failing');
    await engine(store, db, [healthy, fixed], { logger: silentLogger }).catchUp();
    expect(fixed.positions()).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    db.close();
  });

  it('finds the event a projection cannot flush, by flushing event by event', async () => {
    const { store } = await storeWithItems(2);
    const db = openReadModelDb(':memory:');
    let buffered: ProjectedEvent[] = [];
    const flaky: Projection = {
      name: 'flaky',
      setUp: () => {},
      createIndexes: () => {},
      open: () => {},
      apply: (e) => void buffered.push(e),
      flush: () => {
        if (buffered.some((e) => e.position === 3n)) throw new Error('constraint failed');
        buffered = [];
      },
      committed: () => {},
      rolledBack: () => (buffered = []),
    };
    const projector = engine(store, db, [flaky], { logger: silentLogger });
    await projector.catchUp();
    expect(projector.status().projections[0]).toMatchObject({
      status: 'failed',
      checkpoint: '2',
      failure: { position: '3' },
    });
    db.close();
  });

  it('resumes after the last committed batch when a projector is dropped half-way', async () => {
    const { store } = await storeWithItems(10);
    const db = openReadModelDb(':memory:');
    const first = new CountingProjection('counting');
    // The connection is lost on the third page: the projector dies with two batches committed.
    const crashing = engine(failingOnRead(store, 3), db, [first], {
      batchSize: 4,
      logger: silentLogger,
    });
    await expect(crashing.catchUp()).rejects.toThrow('connection lost');
    expect(first.positions()).toHaveLength(8);

    const second = new CountingProjection('counting');
    await engine(store, db, [second], { batchSize: 4, logger: silentLogger }).catchUp();
    expect(second.positions()).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i + 1)));
    db.close();
  });

  it('answers false to a wait that outlasts its timeout', async () => {
    const store = new MemoryEventStore();
    const db = openReadModelDb(':memory:');
    const projector = engine(store, db, [new CountingProjection('c')], {
      logger: silentLogger,
    });
    projector.start();
    expect(await projector.waitFor(5n, ['c'], 50)).toBe(false);
    await projector.stop();
    db.close();
  });
});
