import { randomUUID } from 'node:crypto';
import { testEvent, testMetadata } from './event-store.test-kit';
import { readAllNdjson } from './read-all-ndjson';
import {
  ConcurrencyError,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
} from './event-store.port';

/** What an adapter's spec hands the suite: a fresh store per test, and how to dispose of it. */
export interface ContractStoreFactory {
  (): Promise<{ store: EventStore; cleanup?: () => Promise<void> }>;
}

/**
 * The one behaviour suite every `EventStore` adapter passes. Call it from the adapter's spec:
 *
 * ```ts
 * describeEventStoreContract('sqlite', async () => ({ store: new SqliteEventStore(':memory:') }));
 * ```
 *
 * The suite calls `store.close()` after each test, then `cleanup` (delete a temp file, ...). It
 * never assumes an empty log: every test writes to its own fresh streams (category `contract`),
 * and reads of the global log keep only those streams, so it can run against a shared server.
 */
export function describeEventStoreContract(name: string, createStore: ContractStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ store, cleanup } = await createStore());
    });

    afterEach(async () => {
      await store.close();
      await cleanup?.();
    });

    const append = (streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision) =>
      store.appendToStream(streamId, events, { expectedRevision });

    /** Appends one event to a fresh stream and returns the stream's name. */
    async function existingStream(): Promise<string> {
      const streamId = newStreamId();
      await append(streamId, [testEvent()], 'no-stream');
      return streamId;
    }

    async function expectConcurrencyError(
      attempt: Promise<unknown>,
      fields: Pick<ConcurrencyError, 'streamId' | 'expected' | 'actual'>,
    ): Promise<void> {
      const error = await attempt.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ name: 'ConcurrencyError', ...fields });
    }

    describe('expected revision', () => {
      it("'no-stream' creates a missing stream, revisions starting at 0", async () => {
        const streamId = newStreamId();
        const result = await append(streamId, [testEvent(), testEvent()], 'no-stream');

        expect(result.nextRevision).toBe(1n);
        const events = await store.readStream(streamId);
        expect(events.map((event) => event.revision)).toEqual([0n, 1n]);
        expect(result.position).toBe(events[1].position);
      });

      it("'no-stream' on an existing stream fails with the stream's revision", async () => {
        const streamId = await existingStream();

        await expectConcurrencyError(append(streamId, [testEvent()], 'no-stream'), {
          streamId,
          expected: 'no-stream',
          actual: 0n,
        });
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it("'exists' appends to an existing stream", async () => {
        const streamId = await existingStream();

        const result = await append(streamId, [testEvent()], 'exists');

        expect(result.nextRevision).toBe(1n);
      });

      it("'exists' on a missing stream fails with actual 'no-stream'", async () => {
        const streamId = newStreamId();

        await expectConcurrencyError(append(streamId, [testEvent()], 'exists'), {
          streamId,
          expected: 'exists',
          actual: 'no-stream',
        });
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it("'any' appends whether or not the stream exists", async () => {
        const streamId = newStreamId();

        const first = await append(streamId, [testEvent()], 'any');
        const second = await append(streamId, [testEvent(), testEvent()], 'any');

        expect([first.nextRevision, second.nextRevision]).toEqual([0n, 2n]);
      });

      it('an exact revision appends when it is the revision of the last event', async () => {
        const streamId = await existingStream();

        const result = await append(streamId, [testEvent()], 0n);
        const next = await append(streamId, [testEvent()], result.nextRevision);

        expect(next.nextRevision).toBe(2n);
      });

      it('an exact revision that does not match fails with the actual revision', async () => {
        const streamId = await existingStream();
        await append(streamId, [testEvent()], 0n);

        await expectConcurrencyError(append(streamId, [testEvent()], 0n), {
          streamId,
          expected: 0n,
          actual: 1n,
        });
        await expectConcurrencyError(append(streamId, [testEvent()], 5n), {
          streamId,
          expected: 5n,
          actual: 1n,
        });
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it("an exact revision on a missing stream fails with actual 'no-stream'", async () => {
        const streamId = newStreamId();

        await expectConcurrencyError(append(streamId, [testEvent()], 0n), {
          streamId,
          expected: 0n,
          actual: 'no-stream',
        });
      });

      it('of two concurrent appends with the same expected revision, exactly one wins', async () => {
        const streamId = await existingStream();
        const [left, right] = [testEvent('LeftDecided'), testEvent('RightDecided')];

        const outcomes = await Promise.allSettled([
          append(streamId, [left], 0n),
          append(streamId, [right], 0n),
        ]);

        const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
        const events = await store.readStream(streamId);
        expect(events).toHaveLength(2);
        const winner = outcomes[0].status === 'fulfilled' ? left : right;
        expect(events[1].id).toBe(winner.id);
      });

      it('of two concurrent creations of one stream, exactly one wins', async () => {
        const streamId = newStreamId();

        const outcomes = await Promise.allSettled([
          append(streamId, [testEvent(), testEvent()], 'no-stream'),
          append(streamId, [testEvent()], 'no-stream'),
        ]);

        expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
        const events = await store.readStream(streamId);
        const winner = outcomes[0].status === 'fulfilled' ? 2 : 1;
        expect(events).toHaveLength(winner);
      });
    });

    describe('appending', () => {
      it('appends several events atomically, with consecutive revisions and rising positions', async () => {
        const streamId = newStreamId();
        const events = [testEvent('A'), testEvent('B'), testEvent('C')];

        const result = await append(streamId, events, 'no-stream');

        const stored = await store.readStream(streamId);
        expect(stored.map((event) => event.id)).toEqual(events.map((event) => event.id));
        expect(stored.map((event) => event.revision)).toEqual([0n, 1n, 2n]);
        expect(stored[0].position < stored[1].position).toBe(true);
        expect(stored[1].position < stored[2].position).toBe(true);
        expect(result).toEqual({ nextRevision: 2n, position: stored[2].position });
      });

      it('a multi-event append that fails its revision check leaves nothing', async () => {
        const streamId = await existingStream();

        await expect(append(streamId, [testEvent(), testEvent()], 'no-stream')).rejects.toThrow(
          ConcurrencyError,
        );

        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it('a multi-event append whose last event cannot be serialised leaves nothing', async () => {
        const streamId = newStreamId();
        const unserialisable = testEvent('Broken', { amount: 1n });

        await expect(
          append(streamId, [testEvent(), testEvent(), unserialisable], 'no-stream'),
        ).rejects.toThrow();

        expect(await store.readStream(streamId)).toEqual([]);
        await append(streamId, [testEvent()], 'no-stream');
      });

      it('an empty append only checks the expected revision', async () => {
        const missing = newStreamId();
        const streamId = await existingStream();

        expect((await append(missing, [], 'no-stream')).nextRevision).toBe(-1n);
        expect((await append(streamId, [], 0n)).nextRevision).toBe(0n);
        expect((await append(streamId, [], 'exists')).nextRevision).toBe(0n);
        await expect(append(missing, [], 'exists')).rejects.toThrow(ConcurrencyError);
        await expect(append(streamId, [], 'no-stream')).rejects.toThrow(ConcurrencyError);
        await expect(append(streamId, [], 3n)).rejects.toThrow(ConcurrencyError);

        expect(await store.readStream(missing)).toEqual([]);
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it('stores copies: mutating an appended or a read event changes nothing stored', async () => {
        const streamId = newStreamId();
        const event = testEvent('Counted', { items: [1, 2] });
        await append(streamId, [event], 'no-stream');
        (event.data as { items: number[] }).items.push(3);

        const [read] = await store.readStream(streamId);
        (read.data as { items: number[] }).items.push(4);

        expect((await store.readStream(streamId))[0].data).toEqual({ items: [1, 2] });
      });
    });

    describe('reading a stream', () => {
      it('reads a missing stream as empty', async () => {
        expect(await store.readStream(newStreamId())).toEqual([]);
      });

      it('returns the full envelope of each event', async () => {
        const streamId = newStreamId();
        const event = testEvent('ItemRaised', { title: 'Repair the dyke', priority: 2 });
        const before = Date.now();

        const result = await append(streamId, [event], 'no-stream');

        const [read] = await store.readStream(streamId);
        expect(read).toEqual({
          id: event.id,
          streamId,
          revision: 0n,
          position: result.position,
          type: 'ItemRaised',
          data: { title: 'Repair the dyke', priority: 2 },
          metadata: event.metadata,
          recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
        });
        // Whole seconds of slack: a server's clock is not ours.
        expect(Date.parse(read.recordedAt)).toBeGreaterThan(before - 60_000);
      });

      it('reads from a revision on', async () => {
        const streamId = newStreamId();
        await append(
          streamId,
          [1, 2, 3, 4, 5].map(() => testEvent()),
          'no-stream',
        );

        const tail = await store.readStream(streamId, { fromRevision: 2n });
        const beyond = await store.readStream(streamId, { fromRevision: 5n });

        expect(tail.map((event) => event.revision)).toEqual([2n, 3n, 4n]);
        expect(beyond).toEqual([]);
      });

      it('reads a page of a stream: at most maxCount events from a revision on', async () => {
        const streamId = newStreamId();
        await append(
          streamId,
          ['E0', 'E1', 'E2', 'E3', 'E4'].map((type) => testEvent(type)),
          'no-stream',
        );

        const page = await store.readStream(streamId, { fromRevision: 1n, maxCount: 2 });
        const last = await store.readStream(streamId, { fromRevision: 4n, maxCount: 2 });

        expect(page.map((event) => event.type)).toEqual(['E1', 'E2']);
        expect(last.map((event) => event.type)).toEqual(['E4']);
      });
    });

    describe('reading the global log', () => {
      it('reads in commit order across streams, after a position', async () => {
        const head = await store.headPosition();
        const [first, second] = [newStreamId(), newStreamId()];
        const a0 = testEvent('A0');
        const b0 = testEvent('B0');
        const a1 = testEvent('A1');
        await append(first, [a0], 'no-stream');
        await append(second, [b0], 'no-stream');
        await append(first, [a1], 0n);

        const page = await store.readAll({ after: head, limit: 10_000 });

        expect(ownIds(page, [first, second])).toEqual([a0.id, b0.id, a1.id]);
        expectStrictlyRising(page.map((event) => event.position));
        expect(page.every((event) => event.position > head)).toBe(true);
      });

      it('pages with after and limit, neither skipping nor repeating an event', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        const events = Array.from({ length: 7 }, () => testEvent());
        await append(streamId, events.slice(0, 3), 'no-stream');
        await append(streamId, events.slice(3), 2n);

        const seen: RecordedEvent[] = [];
        let after = head;
        while (ownIds(seen, [streamId]).length < events.length) {
          const page = await store.readAll({ after, limit: 2 });
          expect(page.length).toBeGreaterThan(0);
          expect(page.length).toBeLessThanOrEqual(2);
          expect(page[0].position > after).toBe(true);
          seen.push(...page);
          after = page[page.length - 1].position;
        }

        expectStrictlyRising(seen.map((event) => event.position));
        expect(ownIds(seen, [streamId])).toEqual(events.map((event) => event.id));
      });

      it('reads from the start when after is omitted', async () => {
        const streamId = await existingStream();
        const [own] = await store.readStream(streamId);

        const [first] = await store.readAll({ limit: 1 });

        expect(first.position <= own.position).toBe(true);
        const after = await store.readAll({ after: own.position, limit: 10_000 });
        expect(after.map((event) => event.id)).not.toContain(own.id);
      });

      it('reports the head position: the position of the last event committed', async () => {
        const before = await store.headPosition();

        const result = await append(newStreamId(), [testEvent(), testEvent()], 'no-stream');

        const head = await store.headPosition();
        expect(typeof head).toBe('bigint');
        expect(before < result.position).toBe(true);
        expect(head >= result.position).toBe(true);
      });
      it("readAllNdjson (the adapter's own, or readAll encoded) reads the events readAll reads, as JSON lines", async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        const events = [
          testEvent('ContractTested', {
            title: 'Sửa đê "Hữu" 🌊\n',
            nested: { b: 1, a: [true, null] },
          }),
          testEvent(),
          testEvent(),
        ];
        events[1].metadata = { ...events[1].metadata, hash: 'f'.repeat(64) };
        await append(streamId, events, 'no-stream');
        const full = await store.readAll({ after: head, limit: 10 });

        for (const [limit, upTo] of [
          [10, undefined],
          [2, undefined],
          [10, full[1].position],
        ] as const) {
          const page = await readAllNdjson(store, { after: head, upTo, limit });
          const lines = page.ndjson.toString('utf8').split('\n');
          expect(lines.pop()).toBe('');
          const expected = full.slice(0, Math.min(limit, upTo === undefined ? 10 : 2));
          expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(
            expected.map((event) => ({
              ...event,
              position: event.position.toString(),
              revision: event.revision.toString(),
            })),
          );
          expect(page.events).toEqual(
            expected.map(({ type: _t, data: _d, metadata, ...envelope }) => ({
              ...envelope,
              hash: metadata.hash,
            })),
          );
        }
        const empty = await readAllNdjson(store, { after: full[2].position, limit: 10 });
        expect(empty).toEqual({ ndjson: Buffer.alloc(0), events: [] });
      });
    });

    describe('positions and revisions', () => {
      it('are bigints that compare in commit order and print as decimal strings', async () => {
        const streamId = newStreamId();
        const first = await append(streamId, [testEvent()], 'no-stream');
        const second = await append(streamId, [testEvent()], first.nextRevision);

        for (const value of [first.position, second.position, first.nextRevision]) {
          expect(typeof value).toBe('bigint');
          expect(value.toString()).toMatch(/^(0|[1-9]\d*)$/);
          expect(BigInt(value.toString())).toBe(value);
        }
        expect(second.position > first.position).toBe(true);
        const [read] = await store.readStream(streamId);
        expect(typeof read.position).toBe('bigint');
        expect(typeof read.revision).toBe('bigint');
        expect(read.position).toBe(first.position);
      });
    });

    describe('text', () => {
      it('round-trips Vietnamese text, combining marks and emoji byte for byte', async () => {
        const streamId = newStreamId();
        const title = 'Sở Nông nghiệp và Môi trường — giải ngân vốn đầu tư công 71,11%';
        const decomposed = 'Ủy ban nhân dân xã Đắk Hà, tỉnh Kon Tum'.normalize('NFD');
        const emoji = 'Đã xong 👍🏽 🇻🇳 👨‍👩‍👧';
        const data = { title, decomposed, emoji, list: [title, decomposed], [title]: emoji };
        const metadata = {
          ...testMetadata(),
          actor: { sub: 'u-1', role: 'department', unit: 'Sở Tài chính', name: 'Nguyễn Thị Hằng' },
          note: decomposed + emoji,
        };
        await append(
          streamId,
          [{ id: randomUUID(), type: 'ProgressReported', data, metadata }],
          'no-stream',
        );

        const [fromStream] = await store.readStream(streamId);
        const [fromLog] = await store.readAll({ after: fromStream.position - 1n, limit: 1 });

        for (const read of [fromStream, fromLog]) {
          expect(read.data).toEqual(data);
          expect(read.metadata).toEqual(metadata);
          expect(utf8(read.data)).toEqual(utf8(data));
          expect(utf8(read.metadata)).toEqual(utf8(metadata));
        }
        const readData = fromStream.data as typeof data;
        expect(readData.decomposed).toBe(decomposed);
        expect(readData.decomposed).not.toBe(decomposed.normalize('NFC'));
      });
    });

    describe('subscription to the global log', () => {
      it('catches up from a position, then delivers live events', async () => {
        const head = await store.headPosition();
        const [first, second] = [newStreamId(), newStreamId()];
        const history = [testEvent(), testEvent(), testEvent()];
        await append(first, history.slice(0, 2), 'no-stream');
        await append(second, history.slice(2), 'no-stream');

        const subscription = store.subscribeToAll({ after: head });
        const events = subscription[Symbol.asyncIterator]();
        const caughtUp = await take(events, 3, [first, second]);

        const live = [testEvent(), testEvent()];
        await append(first, live.slice(0, 1), 1n);
        await append(second, live.slice(1), 0n);
        const delivered = await take(events, 2, [first, second]);

        expect(caughtUp.map((event) => event.id)).toEqual(history.map((event) => event.id));
        expect(delivered.map((event) => event.id)).toEqual(live.map((event) => event.id));
        expectStrictlyRising([...caughtUp, ...delivered].map((event) => event.position));
        await subscription.close();
        expect(await events.next()).toEqual({ done: true, value: undefined });
      });

      it('resumes from a stored position with no gap and no duplicate', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        const all = Array.from({ length: 6 }, (_, index) => testEvent(`Step${index}`));
        await append(streamId, all.slice(0, 3), 'no-stream');

        const first = store.subscribeToAll({ after: head });
        const [, checkpoint] = await take(first[Symbol.asyncIterator](), 2, [streamId]);
        await first.close();
        await append(streamId, all.slice(3, 5), 2n);

        const resumed = store.subscribeToAll({ after: checkpoint.position });
        const events = resumed[Symbol.asyncIterator]();
        const caughtUp = await take(events, 3, [streamId]);
        await append(streamId, all.slice(5), 4n);
        const live = await take(events, 1, [streamId]);
        await resumed.close();

        expect([...caughtUp, ...live].map((event) => event.id)).toEqual(
          all.slice(2).map((event) => event.id),
        );
      });

      it('delivers every event in order while appends race the catch-up', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        const events = Array.from({ length: 1_200 }, () => testEvent());
        for (let start = 0; start < 1_000; start += 100) {
          const expected = start === 0 ? 'no-stream' : BigInt(start - 1);
          await append(streamId, events.slice(start, start + 100), expected);
        }

        const subscription = store.subscribeToAll({ after: head });
        const iterator = subscription[Symbol.asyncIterator]();
        const writer = (async () => {
          for (let index = 1_000; index < events.length; index += 1) {
            await append(streamId, [events[index]], BigInt(index - 1));
          }
        })();
        const delivered = await take(iterator, events.length, [streamId]);
        await writer;
        await subscription.close();

        expect(delivered.map((event) => event.id)).toEqual(events.map((event) => event.id));
        expect(delivered.map((event) => event.revision)).toEqual(events.map((_, i) => BigInt(i)));
      });

      it('starts at the beginning of the log when after is omitted', async () => {
        await existingStream();
        const [first] = await store.readAll({ limit: 1 });

        const subscription = store.subscribeToAll();
        const next = await subscription[Symbol.asyncIterator]().next();
        await subscription.close();

        expect(next.done).toBe(false);
        expect((next.value as RecordedEvent).position).toBe(first.position);
      });

      it('close() ends an iteration that is waiting for live events', async () => {
        const subscription = store.subscribeToAll({ after: await store.headPosition() });
        const events = subscription[Symbol.asyncIterator]();
        const waiting = events.next();

        await subscription.close();

        expect(await waiting).toEqual({ done: true, value: undefined });
      });

      it('leaving a for-await loop closes the subscription', async () => {
        const streamId = await existingStream();
        const [own] = await store.readStream(streamId);
        const subscription = store.subscribeToAll({ after: own.position - 1n });

        for await (const event of subscription) {
          expect(event.id).toBe(own.id);
          break;
        }

        expect(await subscription[Symbol.asyncIterator]().next()).toEqual({
          done: true,
          value: undefined,
        });
      });
    });
  });
}

function newStreamId(): string {
  return `contract-${randomUUID()}`;
}

/** Ids of the events that belong to `streams`, in the order given. */
function ownIds(events: readonly RecordedEvent[], streams: readonly string[]): string[] {
  return events.filter((event) => streams.includes(event.streamId)).map((event) => event.id);
}

function expectStrictlyRising(positions: readonly bigint[]): void {
  positions.slice(1).forEach((position, index) => {
    expect(position > positions[index]).toBe(true);
  });
}

/** Pulls events until `count` of them belong to `streams` (a shared log holds others too). */
async function take(
  iterator: AsyncIterator<RecordedEvent>,
  count: number,
  streams: readonly string[],
): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = [];
  while (taken.length < count) {
    const next = await iterator.next();
    if (next.done) throw new Error(`Subscription ended after ${taken.length} of ${count} events`);
    if (streams.includes(next.value.streamId)) taken.push(next.value);
  }
  return taken;
}

function utf8(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}
