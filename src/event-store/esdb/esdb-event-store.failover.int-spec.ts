import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { testEvent } from '../event-store.test-kit';
import {
  startFakeEsdb,
  type FakeEsdb,
  type NotHandledReason,
} from '../../../test/support/fake-esdb/fake-esdb';
import {
  StoreAccessDeniedError,
  StoreUnavailableError,
  type AppendResult,
} from '../event-store.port';
import { toPortError } from './esdb-errors';
import { EsdbEventStore } from './esdb-event-store';

/*
 * What a cluster does during a failover or an election, on the wire-level test server: an old
 * connection's calls failing after the client reconnected, nodes refusing work while not ready,
 * a leader change the connection did not notice, a user outside `$all`'s ACL.
 */
describe('EsdbEventStore during failover', () => {
  let fake: FakeEsdb;
  let store: EsdbEventStore;

  beforeEach(async () => {
    fake = await startFakeEsdb();
    store = new EsdbEventStore(fake.connectionString, { appendDeadlineMs: 5_000 });
  });

  afterEach(async () => {
    await store.close();
    await fake.stop();
  });

  const append = (streamId = `failover-${randomUUID()}`): Promise<AppendResult> =>
    store.appendToStream(streamId, [testEvent('Decided', { note: 'Đã xử lý' })], {
      expectedRevision: 'any',
    });

  // Client 6.2.1's BatchAppend keeps one process-wide map of pending appends: the old stream's
  // failure rejects the new stream's appends too, and the new stream's answers then throw inside
  // a gRPC 'data' handler. Jest fails a test on such an uncaught exception (and `npm start` would
  // have died); the adapter appends with unary calls, so each call fails on its own.
  it('fails only the appends of a connection that died after a reconnect, without crashing', async () => {
    await append();
    const release = fake.holdWrites();
    const before = append().catch((error: unknown) => error);
    await until(() => appendsServed(fake) === 2);
    const oldCalls = fake.callsInFlight();
    // A read fails with UNAVAILABLE: the client drops its channel and opens a new one.
    fake.failReads(14);
    await expect(store.readStream(`failover-${randomUUID()}`)).rejects.toThrow(
      StoreUnavailableError,
    );
    const after = append();
    await until(() => appendsServed(fake) === 3);

    oldCalls();
    expect(await before).toBeInstanceOf(StoreUnavailableError);
    // Only now does the new connection's answer arrive.
    release();

    const written = await after;
    expect(written.nextRevision).toBe(0n);
    expect(fake.served.batchAppend).toBe(0);
    await expect(append()).resolves.toMatchObject({ nextRevision: 0n });
  });

  it.each<NotHandledReason>(['not-ready', 'too-busy', 'no-leader-info'])(
    'answers a node that is %s with StoreUnavailableError, and succeeds on retry',
    async (reason) => {
      const streamId = `failover-${randomUUID()}`;
      const event = testEvent('Decided', { note: 'Đã xử lý' });
      fake.refuseAppends(reason);

      const refused = store
        .appendToStream(streamId, [event], { expectedRevision: 'no-stream' })
        .catch((error: unknown) => error);

      expect(await refused).toBeInstanceOf(StoreUnavailableError);
      await retryWhileUnavailable(() =>
        store.appendToStream(streamId, [event], { expectedRevision: 'no-stream' }),
      );
      expect((await store.readStream(streamId)).map((read) => read.id)).toEqual([event.id]);
    },
  );

  // The same three arrive on a BatchAppend stream as a status with an empty detail, which the
  // client reports as "Could not recognize ...": mapped too, should anything reach that path.
  it.each<NotHandledReason>(['not-ready', 'too-busy', 'no-leader-info'])(
    'maps the BatchAppend stream’s empty status for %s to StoreUnavailableError',
    async (reason) => {
      const client = EventStoreDBClient.connectionString(fake.connectionString);
      fake.refuseAppends(reason);

      const error = await client
        .appendToStream(`failover-${randomUUID()}`, jsonEvent({ type: 'Decided', data: {} }))
        .catch((reason: unknown) => reason);
      await client.dispose();

      expect(fake.served.batchAppend).toBe(0);
      expect(toPortError(error, { description: 'append' })).toBeInstanceOf(StoreUnavailableError);
    },
  );

  it('decides on the leader: a follower’s NotLeader sends the read and the append there', async () => {
    const leader = await startFakeEsdb({ log: fake.log });
    try {
      const streamId = `failover-${randomUUID()}`;
      await append(streamId);
      // An election moved the leader; the store's connection to the old node stays up.
      fake.followLeader(leader);
      const servedBefore = { ...fake.served };

      const read = await store.readStream(streamId);
      const written = await store.appendToStream(
        streamId,
        [testEvent('Decided', { note: 'Đã xử lý' })],
        { expectedRevision: read.at(-1)!.revision },
      );

      expect(written.nextRevision).toBe(1n);
      expect(leader.served.read).toBeGreaterThanOrEqual(1);
      expect(leader.served.append).toBe(1);
      expect(fake.served.append).toBe(servedBefore.append);
      expect(fake.served.read).toBe(servedBefore.read);
    } finally {
      await leader.stop();
    }
  });

  it('answers NotLeader twice in a row (an election still going on) with StoreUnavailableError', async () => {
    const other = await startFakeEsdb({ log: fake.log });
    try {
      // Each names the other: no node takes the write yet.
      fake.followLeader(other);
      other.followLeader(fake);

      await expect(append()).rejects.toThrow(StoreUnavailableError);
    } finally {
      await other.stop();
    }
  });

  it('reports a user outside $all’s ACL as StoreAccessDeniedError, and does not resubscribe', async () => {
    let retries = 0;
    const denied = new EsdbEventStore(fake.connectionString, {
      resubscribe: { initialDelayMs: 10, onRetry: () => (retries += 1) },
    });
    fake.denyAll(true);

    const head = denied.headPosition().catch((error: unknown) => error);
    const subscription = denied.subscribeToAll();
    const next = subscription[Symbol.asyncIterator]()
      .next()
      .catch((error: unknown) => error);

    expect(await head).toBeInstanceOf(StoreAccessDeniedError);
    expect((await head) as Error).toHaveProperty(
      'message',
      expect.stringContaining('needs to read and write its streams and to read $all'),
    );
    expect(await next).toBeInstanceOf(StoreAccessDeniedError);
    expect(retries).toBe(0);
    await denied.close();
  });
});

/** Appends a node took, on either call (the test must reach its end on both to show a crash). */
function appendsServed(node: FakeEsdb): number {
  return node.served.append + node.served.batchAppend;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function retryWhileUnavailable<T>(attempt: () => Promise<T>, tries = 50): Promise<T> {
  for (let left = tries; ; left -= 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || left <= 1) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
