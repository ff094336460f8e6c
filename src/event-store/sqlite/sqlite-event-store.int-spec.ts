import Database from 'better-sqlite3';
import { testEvent } from '../event-store.test-kit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConcurrencyError, RecordedEvent, StoreUnavailableError } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore', () => {
  let dir: string;
  let file: string;
  const opened: { close(): unknown }[] = [];

  /** Opens a store (or a raw connection) that the test's teardown will close. */
  function open<T extends { close(): unknown }>(resource: T): T {
    opened.push(resource);
    return resource;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
    file = join(dir, 'events.db');
  });

  afterEach(async () => {
    for (const resource of opened.splice(0).reverse()) await resource.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('durability', () => {
    it('runs the file in WAL mode with synchronous = FULL', () => {
      const store = open(new SqliteEventStore(file));

      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    });

    it('keeps every event across close and reopen, and carries on from there', async () => {
      const first = new SqliteEventStore(file);
      await first.appendToStream(
        'item-1',
        [
          testEvent('ItemRaised', { title: 'Repair the dyke' }),
          testEvent('ItemRaised', { title: 'Repair the dyke' }),
        ],
        { expectedRevision: 'no-stream' },
      );
      await first.appendToStream(
        'item-2',
        [testEvent('ItemRaised', { title: 'Repair the dyke' })],
        { expectedRevision: 'no-stream' },
      );
      const before = await first.readAll({ limit: 100 });
      await first.close();

      const reopened = open(new SqliteEventStore(file));
      expect(await reopened.readAll({ limit: 100 })).toEqual(before);
      expect(await reopened.headPosition()).toBe(before[2].position);
      const next = await reopened.appendToStream(
        'item-1',
        [testEvent('ItemRaised', { title: 'Repair the dyke' })],
        { expectedRevision: 1n },
      );
      expect(next.nextRevision).toBe(2n);
      expect(next.position > before[2].position).toBe(true);
    });

    it.each([
      ['on this thread', false],
      ['in a writer thread', true],
    ])('commits appends still queued when the store is closed (%s)', async (_, writerThread) => {
      const store = new SqliteEventStore(file, { writerThread });
      const pending = store.appendToStream(
        'item-1',
        [testEvent('ItemRaised', { title: 'Repair the dyke' })],
        { expectedRevision: 'no-stream' },
      );
      await store.close();

      await expect(pending).resolves.toEqual({ nextRevision: 0n, position: 1n });
      const reopened = open(new SqliteEventStore(file));
      expect(await reopened.readStream('item-1')).toHaveLength(1);
    });

    it('refuses calls once closed', async () => {
      const store = new SqliteEventStore(':memory:');
      await store.close();

      await expect(store.readStream('item-1')).rejects.toThrow(StoreUnavailableError);
      await expect(
        store.appendToStream('item-1', [testEvent('ItemRaised', { title: 'Repair the dyke' })], {
          expectedRevision: 'any',
        }),
      ).rejects.toThrow(StoreUnavailableError);
    });

    it('shares a connection it was given and leaves it open on close', async () => {
      const db = open(new Database(file));
      const store = new SqliteEventStore(db);
      await store.appendToStream(
        'item-1',
        [testEvent('ItemRaised', { title: 'Repair the dyke' })],
        { expectedRevision: 'no-stream' },
      );
      await store.close();

      expect(db.open).toBe(true);
      expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(1);
    });

    it('reports an empty log as head -1', async () => {
      const store = open(new SqliteEventStore(':memory:'));

      expect(await store.headPosition()).toBe(-1n);
      expect(await store.readAll({ limit: 10 })).toEqual([]);
    });
  });

  describe('readLog', () => {
    it('reads the pages readAll reads, without event ids and metadata', async () => {
      const store = open(new SqliteEventStore(':memory:'));
      await store.appendToStream(
        'item-1',
        [
          testEvent('ItemRaised', { title: 'Repair the dyke' }),
          testEvent('ItemRaised', { title: 'Repair the dyke' }),
        ],
        { expectedRevision: 'no-stream' },
      );
      await store.appendToStream(
        'item-2',
        [testEvent('ItemRaised', { title: 'Repair the dyke' })],
        { expectedRevision: 'no-stream' },
      );
      await store.appendToStream(
        'item-1',
        [testEvent('ItemRaised', { title: 'Repair the dyke' })],
        { expectedRevision: 1n },
      );

      for (const [after, limit] of [
        [-1n, 10],
        [1n, 2],
        [3n, 5],
        [4n, 5],
        [-1n, 0],
      ] as const) {
        const lean = await store.readLog({ after, limit });
        const full = await store.readAll({ after, limit });
        expect(lean).toEqual(
          full.map(({ id: _id, metadata, ...rest }) => ({
            ...rest,
            schemaVersion: metadata.schemaVersion,
          })),
        );
      }
    });

    it('reads a file written before events were versioned as version 1', async () => {
      const db = new Database(':memory:');
      db.exec(`CREATE TABLE events (
        position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL,
        revision INTEGER NOT NULL, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
        data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL,
        UNIQUE (stream_id, revision))`);
      const old = testEvent('ItemRaised', { title: 'Old' });
      db.prepare(
        'INSERT INTO events (stream_id, revision, id, type, data, metadata, recorded_at)' +
          " VALUES ('item-1', 0, ?, ?, ?, ?, '2025-01-01T00:00:00.000Z')",
      ).run(old.id, old.type, JSON.stringify(old.data), JSON.stringify(old.metadata));
      const store = open(new SqliteEventStore(db));

      await store.appendToStream('item-1', [testEvent('ItemAssigned', {})], {
        expectedRevision: 0n,
      });
      expect((await store.readLog({ limit: 10 })).map((e) => e.schemaVersion)).toEqual([1, 1]);
    });

    it("carries each event's schema version, which upcasters need, without the metadata", async () => {
      const store = open(new SqliteEventStore(':memory:'));
      const v1 = testEvent('CalendarYearDeclared', { year: 2027 });
      const v2 = testEvent('CalendarYearDeclared', { year: 2028 });
      v2.metadata = { ...v2.metadata, schemaVersion: 2 };
      await store.appendToStream('calendar-province', [v1, v2], { expectedRevision: 'no-stream' });

      const lean = await store.readLog({ limit: 10 });
      expect(lean.map((e) => e.schemaVersion)).toEqual([1, 2]);
    });

    it('refuses calls once closed', async () => {
      const store = new SqliteEventStore(':memory:');
      await store.close();

      await expect(store.readLog({ limit: 1 })).rejects.toThrow(StoreUnavailableError);
    });
  });

  describe('group commit', () => {
    it.each([
      ['on this thread', false],
      ['in a writer thread', true],
    ])(
      'commits appends made in one tick together; a conflicting one fails alone (%s)',
      async (_, writerThread) => {
        const store = open(new SqliteEventStore(file, { writerThread }));
        await store.appendToStream(
          'item-taken',
          [testEvent('ItemRaised', { title: 'Repair the dyke' })],
          { expectedRevision: 'no-stream' },
        );
        const before = store.stats();

        const appends = Array.from({ length: 100 }, (_, index) =>
          store.appendToStream(
            `item-${index}`,
            [testEvent('ItemRaised', { title: 'Repair the dyke' })],
            { expectedRevision: 'no-stream' },
          ),
        );
        appends.splice(
          50,
          0,
          store.appendToStream(
            'item-taken',
            [testEvent('ItemRaised', { title: 'Repair the dyke' })],
            { expectedRevision: 'no-stream' },
          ),
        );
        const outcomes = await Promise.allSettled(appends);

        const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
        expect(rejected).toHaveLength(1);
        expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
        expect(outcomes[50].status).toBe('rejected');
        const after = store.stats();
        expect(after.appends - before.appends).toBe(101);
        expect(after.commits - before.commits).toBeLessThan(101);
        expect(await store.headPosition()).toBe(101n);
        // Read back on the store's own connection: what the writer committed is visible at once.
        expect(await store.readStream('item-99')).toHaveLength(1);
      },
    );

    it('refuses a writer thread without a file to open from another thread', () => {
      expect(() => new SqliteEventStore(':memory:', { writerThread: true })).toThrow(/file/);
    });

    it('with a writer thread, gathers the appends made while a batch is there into the next one', async () => {
      const store = open(new SqliteEventStore(file, { writerThread: true }));
      const append = (streamId: string) =>
        store.appendToStream(streamId, [testEvent('ItemRaised', { title: 'Đê Thanh Ba' })], {
          expectedRevision: 'no-stream',
        });
      const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
      const before = store.stats();

      const first = Array.from({ length: 20 }, (_, i) => append(`first-${i}`));
      await nextTurn(); // the first batch is at the writer
      const second = Array.from({ length: 20 }, (_, i) => append(`second-${i}`));
      await nextTurn();
      const third = Array.from({ length: 20 }, (_, i) => append(`third-${i}`));
      await Promise.all([...first, ...second, ...third]);

      // The second and third waves waited for the first batch, then went as one.
      expect(store.stats().commits - before.commits).toBe(2);
      expect(await store.headPosition()).toBe(60n);
    });

    it('lets appends to one stream in one batch see each other, in call order', async () => {
      const store = open(new SqliteEventStore(':memory:'));
      const commitsBefore = store.stats().commits;

      const [first, second, stale] = await Promise.allSettled([
        store.appendToStream('item-1', [testEvent('ItemRaised', { title: 'Repair the dyke' })], {
          expectedRevision: 'no-stream',
        }),
        store.appendToStream(
          'item-1',
          [
            testEvent('ItemRaised', { title: 'Repair the dyke' }),
            testEvent('ItemRaised', { title: 'Repair the dyke' }),
          ],
          { expectedRevision: 0n },
        ),
        store.appendToStream('item-1', [testEvent('ItemRaised', { title: 'Repair the dyke' })], {
          expectedRevision: 0n,
        }),
      ]);

      expect(first).toEqual({ status: 'fulfilled', value: { nextRevision: 0n, position: 1n } });
      expect(second).toEqual({ status: 'fulfilled', value: { nextRevision: 2n, position: 3n } });
      expect(stale).toMatchObject({ status: 'rejected', reason: { expected: 0n, actual: 2n } });
      expect(store.stats().commits - commitsBefore).toBe(1);
    });

    it('rolls back a failing append alone, even after some of its events were written', async () => {
      const store = open(new SqliteEventStore(':memory:'));
      const taken = testEvent('ItemRaised', { title: 'Repair the dyke' });
      await store.appendToStream('item-0', [taken], { expectedRevision: 'no-stream' });

      const [good, duplicate] = await Promise.allSettled([
        store.appendToStream('item-1', [testEvent('ItemRaised', { title: 'Repair the dyke' })], {
          expectedRevision: 'no-stream',
        }),
        // The second event reuses an id: the unique index rejects it after the first was inserted.
        store.appendToStream(
          'item-2',
          [
            testEvent('ItemRaised', { title: 'Repair the dyke' }),
            { ...testEvent('ItemRaised', { title: 'Repair the dyke' }), id: taken.id },
          ],
          {
            expectedRevision: 'no-stream',
          },
        ),
      ]);

      expect(good.status).toBe('fulfilled');
      expect(duplicate).toMatchObject({
        status: 'rejected',
        reason: { code: 'SQLITE_CONSTRAINT_UNIQUE' },
      });
      expect(await store.readStream('item-2')).toEqual([]);
      expect(await store.readStream('item-1')).toHaveLength(1);
    });

    it('rejects a whole batch it cannot commit, and a retry then succeeds', async () => {
      // No busy timeout, so the lock held by "another process" fails the batch at once.
      const store = open(new SqliteEventStore(open(new Database(file, { timeout: 0 }))));
      const other = open(new Database(file));
      other.exec('BEGIN IMMEDIATE');

      const outcomes = await Promise.allSettled([
        store.appendToStream('item-1', [testEvent('ItemRaised', { title: 'Repair the dyke' })], {
          expectedRevision: 'no-stream',
        }),
        store.appendToStream('item-2', [testEvent('ItemRaised', { title: 'Repair the dyke' })], {
          expectedRevision: 'no-stream',
        }),
      ]);
      other.exec('ROLLBACK');

      for (const outcome of outcomes) {
        expect(outcome).toMatchObject({
          status: 'rejected',
          reason: expect.any(StoreUnavailableError),
        });
      }
      expect(await store.headPosition()).toBe(-1n);
      await store.appendToStream(
        'item-1',
        [testEvent('ItemRaised', { title: 'Repair the dyke' })],
        { expectedRevision: 'no-stream' },
      );
      expect(await store.headPosition()).toBe(1n);
    });

    it('does not touch a transaction the caller holds open on a shared connection', async () => {
      const db = open(new Database(':memory:'));
      const store = open(new SqliteEventStore(db));
      db.exec('CREATE TABLE read_model (x)');
      db.exec('BEGIN');
      db.exec('INSERT INTO read_model VALUES (1)');

      await expect(
        store.appendToStream('item-1', [testEvent('ItemRaised', { title: 'Repair the dyke' })], {
          expectedRevision: 'no-stream',
        }),
      ).rejects.toThrow(StoreUnavailableError);

      expect(db.inTransaction).toBe(true);
      db.exec('COMMIT');
      expect(db.prepare('SELECT COUNT(*) FROM read_model').pluck().get()).toBe(1);
    });
  });

  describe('subscription', () => {
    it('sees events appended by another connection to the same file', async () => {
      const reader = open(new SqliteEventStore(file, { pollIntervalMs: 10 }));
      const writer = open(new SqliteEventStore(file));
      const subscription = open(reader.subscribeToAll({ after: await reader.headPosition() }));
      const events = subscription[Symbol.asyncIterator]();
      const waiting = events.next();

      await writer.appendToStream(
        'item-1',
        [testEvent('ItemRaised', { title: 'Repair the dyke' })],
        { expectedRevision: 'no-stream' },
      );

      const next = await waiting;
      expect((next.value as RecordedEvent).streamId).toBe('item-1');
    });

    it('ends open subscriptions when the store closes', async () => {
      const store = new SqliteEventStore(':memory:');
      const events = store.subscribeToAll()[Symbol.asyncIterator]();
      const waiting = events.next();

      await store.close();

      expect(await waiting).toEqual({ done: true, value: undefined });
    });
  });
});
