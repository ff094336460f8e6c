import { randomUUID } from 'node:crypto';
import { testEvent } from '../event-store.test-kit';
import { startFakeEsdb, type FakeEsdb } from '../../../test/support/fake-esdb/fake-esdb';
import { StoreUnavailableError, type RecordedEvent } from '../event-store.port';
import { EsdbEventStore } from './esdb-event-store';

/** Faults a real cluster has and a contract test cannot produce: a node dying, a slow node. */
describe('EsdbEventStore when EventStoreDB fails', () => {
  let fake: FakeEsdb;
  let store: EsdbEventStore;
  let resubscriptions: number;

  beforeEach(async () => {
    fake = await startFakeEsdb();
    resubscriptions = 0;
    // Deadlines well under the slow server's 5 s delay, and well over what a loaded CI machine
    // takes to answer a healthy call (300 ms failed there).
    store = new EsdbEventStore(fake.connectionString, {
      appendDeadlineMs: 2_000,
      readDeadlineMs: 2_000,
      resubscribe: {
        initialDelayMs: 20,
        maxDelayMs: 200,
        onRetry: () => {
          resubscriptions += 1;
        },
      },
    });
  });

  afterEach(async () => {
    await store.close();
    await fake.stop();
  });

  // A gap shows as an event that never comes: the test's own timeout makes it fail in seconds.
  // The catch-up ends with a checkpoint at (end of log, 0) and the first event written after the
  // restart lands exactly there: resuming from (end, end) instead would skip it.
  it('resumes a subscription after the server comes back, with no gap and no duplicate', async () => {
    const streamId = `fault-${randomUUID()}`;
    const events = Array.from({ length: 6 }, (_, index) =>
      testEvent(`Step${index}`, { note: 'Đã xử lý' }),
    );
    await store.appendToStream(streamId, events.slice(0, 3), { expectedRevision: 'no-stream' });
    const subscription = store.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    const before = await take(iterator, 3, streamId);

    await fake.stop();
    const during = store.appendToStream(streamId, events.slice(3, 4), { expectedRevision: 2n });
    await expect(during).rejects.toThrow(StoreUnavailableError);
    await fake.restart();
    // A caller retries the same events with the same expected revision; the first attempts may
    // still meet the client's reconnection backoff.
    await retryWhileUnavailable(() =>
      store.appendToStream(streamId, events.slice(3, 5), { expectedRevision: 2n }),
    );
    await store.appendToStream(streamId, events.slice(5), { expectedRevision: 4n });
    const after = await take(iterator, 3, streamId);
    await subscription.close();

    expect([...before, ...after].map((event) => event.id)).toEqual(events.map((e) => e.id));
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(resubscriptions).toBeGreaterThan(0);
  }, 10_000);

  it('fails an append during an outage with StoreUnavailableError, then succeeds on retry', async () => {
    const streamId = `fault-${randomUUID()}`;
    const event = testEvent('Decided', { note: 'Đã xử lý' });
    await fake.stop();

    const error = await store
      .appendToStream(streamId, [event], { expectedRevision: 'no-stream' })
      .catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(
      new RegExp(`EventStoreDB is unavailable \\(append to stream ${streamId}\\)`),
    );
    await expect(store.readStream(streamId)).rejects.toThrow(StoreUnavailableError);
    await fake.restart();
    const result = await retryWhileUnavailable(() =>
      store.appendToStream(streamId, [event], { expectedRevision: 'no-stream' }),
    );
    expect(result.nextRevision).toBe(0n);
    expect((await store.readStream(streamId)).map((read) => read.id)).toEqual([event.id]);
  });

  it('does not let a slow server hold an append past its deadline', async () => {
    const streamId = `fault-${randomUUID()}`;
    const event = testEvent('Decided', { note: 'Đã xử lý' });
    fake.setDelay(5_000);

    // Without the deadline the append would succeed once the delay is over: it fails instead.
    const error = await store
      .appendToStream(streamId, [event], { expectedRevision: 'no-stream' })
      .catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(StoreUnavailableError);
    // Reads carry no client deadline at all: the store's own bound is all that stops them.
    await expect(store.readStream(streamId)).rejects.toThrow(StoreUnavailableError);
    fake.setDelay(0);
    // The timed-out write may land later; a retry with the same ids is answered idempotently.
    await store.appendToStream(streamId, [event], { expectedRevision: 'no-stream' });
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('bounds an append on the unary Append path too (servers without BatchAppend)', async () => {
    await fake.stop();
    fake = await startFakeEsdb({ batchAppend: false });
    await store.close();
    store = new EsdbEventStore(fake.connectionString, { appendDeadlineMs: 2_000 });
    fake.setDelay(5_000);

    // Without the deadline the append would succeed once the delay is over.
    await expect(
      store.appendToStream(`fault-${randomUUID()}`, [testEvent('Decided', { note: 'Đã xử lý' })], {
        expectedRevision: 'any',
      }),
    ).rejects.toThrow(StoreUnavailableError);
  });
});

async function take(
  iterator: AsyncIterator<RecordedEvent>,
  count: number,
  streamId: string,
): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = [];
  while (taken.length < count) {
    const next = await iterator.next();
    if (next.done) throw new Error(`Subscription ended after ${taken.length} of ${count} events`);
    if (next.value.streamId === streamId) taken.push(next.value);
  }
  return taken;
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
