import { randomUUID } from 'node:crypto';
import { testEvent } from '../event-store.test-kit';
import { EventStoreDBClient, FORWARDS } from '@eventstore/db-client';
import { startFakeEsdb, type FakeEsdb } from '../../../test/support/fake-esdb/fake-esdb';
import { ConcurrencyError, type RecordedEvent } from '../event-store.port';
import { EsdbEventStore } from './esdb-event-store';

/** What the contract does not pin down but EventStoreDB users rely on. */
describe('EsdbEventStore', () => {
  let fake: FakeEsdb;
  let store: EsdbEventStore;

  beforeAll(async () => {
    fake = await startFakeEsdb();
  });

  beforeEach(() => {
    store = new EsdbEventStore(fake.connectionString);
  });

  afterEach(async () => {
    await store.close();
  });

  afterAll(async () => {
    await fake.stop();
  });

  it('leaves system records out of the global log: $ event types and $ streams', async () => {
    const streamId = `order-${randomUUID()}`;
    const result = await store.appendToStream(
      streamId,
      [
        testEvent('OrderPlaced', { title: 'Kế hoạch' }),
        testEvent('OrderPlaced', { title: 'Kế hoạch' }),
      ],
      {
        expectedRevision: 'no-stream',
      },
    );
    // Projections write `$>` links to `$ce-order` right after the events, so they end the log.
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.log.all().at(-1)?.streamId).toBe('$ce-order');

    const all = await store.readAll({ limit: 10_000 });
    const subscription = store.subscribeToAll();
    const [first] = await take(subscription[Symbol.asyncIterator](), 1);
    await subscription.close();

    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((event) => isSystem(event))).toEqual([]);
    expect(all.at(-1)?.position).toBe(result.position);
    expect(first.id).toBe(all[0].id);
    expect(await store.headPosition()).toBe(result.position);
  });

  it('answers a retried append with the same event ids as the first, writing nothing', async () => {
    const streamId = `order-${randomUUID()}`;
    const events = [
      testEvent('OrderPlaced', { title: 'Kế hoạch' }),
      testEvent('OrderPlaced', { title: 'Kế hoạch' }),
    ];

    const first = await store.appendToStream(streamId, events, { expectedRevision: 'no-stream' });
    const retried = await store.appendToStream(streamId, events, { expectedRevision: 'no-stream' });

    expect(retried).toEqual(first);
    expect(await store.readStream(streamId)).toHaveLength(2);
    await expect(
      store.appendToStream(streamId, [events[0], testEvent('OrderPlaced', { title: 'Kế hoạch' })], {
        expectedRevision: 'no-stream',
      }),
    ).rejects.toThrow(ConcurrencyError);
  });

  it('reads and subscribes after a position where the server cannot start', async () => {
    const streamId = `order-${randomUUID()}`;
    const { position } = await store.appendToStream(
      streamId,
      [testEvent('OrderPlaced', { title: 'Kế hoạch' })],
      {
        expectedRevision: 'no-stream',
      },
    );
    const client = EventStoreDBClient.connectionString(fake.connectionString);
    const refused = readAllFrom(client, position - 1n);

    await expect(refused).rejects.toMatchObject({ code: 3 });
    await client.dispose();
    const [read] = await store.readAll({ after: position - 1n, limit: 1 });
    const subscription = store.subscribeToAll({ after: position - 1n });
    const [delivered] = await take(subscription[Symbol.asyncIterator](), 1);
    await subscription.close();
    expect([read.position, delivered.position]).toEqual([position, position]);
  });

  it('ends its subscriptions when it closes', async () => {
    const subscription = store.subscribeToAll({ after: await store.headPosition() });
    const waiting = subscription[Symbol.asyncIterator]().next();

    await store.close();

    expect(await waiting).toEqual({ done: true, value: undefined });
  });

  it('leaves a client it was given open', async () => {
    const client = EventStoreDBClient.connectionString(fake.connectionString);
    const borrowing = new EsdbEventStore(client);
    await borrowing.appendToStream(
      `order-${randomUUID()}`,
      [testEvent('OrderPlaced', { title: 'Kế hoạch' })],
      {
        expectedRevision: 'any',
      },
    );

    await borrowing.close();

    await expect(readAllFrom(client, 0n)).resolves.toBeUndefined();
    await client.dispose();
  });

  it('maps a wrong expected version on the unary Append path (servers without BatchAppend)', async () => {
    const legacy = await startFakeEsdb({ batchAppend: false });
    const onAppend = new EsdbEventStore(legacy.connectionString);
    const streamId = `order-${randomUUID()}`;
    await onAppend.appendToStream(streamId, [testEvent('OrderPlaced', { title: 'Kế hoạch' })], {
      expectedRevision: 'no-stream',
    });

    const attempts = [
      onAppend.appendToStream(streamId, [testEvent('OrderPlaced', { title: 'Kế hoạch' })], {
        expectedRevision: 'no-stream',
      }),
      onAppend.appendToStream(
        `order-${randomUUID()}`,
        [testEvent('OrderPlaced', { title: 'Kế hoạch' })],
        { expectedRevision: 3n },
      ),
    ];

    await expect(attempts[0]).rejects.toMatchObject({ expected: 'no-stream', actual: 0n });
    await expect(attempts[1]).rejects.toMatchObject({ expected: 3n, actual: 'no-stream' });
    await expect(attempts[1]).rejects.toBeInstanceOf(ConcurrencyError);
    await onAppend.close();
    await legacy.stop();
  });
});

function isSystem(event: RecordedEvent): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/** Reads `$all` with the raw client from a position, draining the stream. */
async function readAllFrom(client: EventStoreDBClient, position: bigint): Promise<undefined> {
  const stream = client.readAll({
    fromPosition: { commit: position, prepare: position },
    direction: FORWARDS,
    maxCount: 1,
  });
  for await (const event of stream) void event;
  return undefined;
}

async function take(
  iterator: AsyncIterator<RecordedEvent>,
  count: number,
): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = [];
  while (taken.length < count) {
    const next = await iterator.next();
    if (next.done) throw new Error(`Subscription ended after ${taken.length} of ${count} events`);
    taken.push(next.value);
  }
  return taken;
}
