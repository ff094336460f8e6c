/**
 * SQLite event store benchmark: `npm run bench:store`.
 *
 * Runs on a real file with WAL + synchronous = FULL (every commit is an fsync), in bench/.tmp/,
 * removed afterwards. Prints a table, then one line of JSON with the figures.
 *
 * - serial: 2,000 streams x 5 events, one awaited append per event with its exact expected
 *   revision, as a command handler appends. Nothing can batch, so this measures one append.
 * - read + fold: read every stream written by `serial` and fold it (count + last type).
 * - concurrent: 50 writers on their own streams, 20,000 events in all, each writer awaiting its
 *   own appends in turn; group commit lets them share fsyncs. Latency is per append call.
 */
import { randomUUID } from 'node:crypto';
import { uuidv7 } from '../src/shared/ids';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EventMetadata, ExpectedRevision, NewEvent } from '../src/event-store/event-store.port';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';

const SERIAL_STREAMS = 2_000;
const EVENTS_PER_STREAM = 5;
const WRITERS = 50;
const CONCURRENT_EVENTS = 20_000;

const TARGETS = {
  serialAppendsPerSecond: 3_000,
  readFoldStreamsPerSecond: 50_000,
  concurrentEventsPerSecond: 20_000,
  concurrentP99Ms: 10,
};

const EVENT_TYPES = [
  'ItemRaised',
  'ItemAssigned',
  'ItemAcknowledged',
  'ProgressReported',
  'ItemResolved',
];

function newEvent(type: string, streamId: string): NewEvent {
  const metadata: EventMetadata = {
    actor: { sub: 'user-42', role: 'department', unit: 'so-nong-nghiep', name: 'Nguyễn Văn An' },
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: null,
    commandId: randomUUID(),
    schemaVersion: 1,
    prevHash: null,
    hash: 'c0ffee'.repeat(10) + 'abcd',
  };
  const data = {
    itemId: streamId,
    title: 'Sở Nông nghiệp và Môi trường — giải ngân vốn đầu tư công 71,11%',
    dueDate: '2025-06-30',
    leadUnit: 'so-nong-nghiep',
  };
  return { id: uuidv7(), type, data, metadata };
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

const round = (value: number, digits = 0): number => Number(value.toFixed(digits));

async function serial(store: SqliteEventStore): Promise<{ seconds: number; streams: string[] }> {
  const streams = Array.from({ length: SERIAL_STREAMS }, () => `item-${randomUUID()}`);
  const started = performance.now();
  for (const streamId of streams) {
    let expected: ExpectedRevision = 'no-stream';
    for (const type of EVENT_TYPES.slice(0, EVENTS_PER_STREAM)) {
      const result = await store.appendToStream(streamId, [newEvent(type, streamId)], {
        expectedRevision: expected,
      });
      expected = result.nextRevision;
    }
  }
  return { seconds: (performance.now() - started) / 1000, streams };
}

async function readAndFold(store: SqliteEventStore, streams: readonly string[]): Promise<number> {
  const started = performance.now();
  let folded = 0;
  for (const streamId of streams) {
    const events = await store.readStream(streamId);
    const state = events.reduce((acc, event) => ({ count: acc.count + 1, lastType: event.type }), {
      count: 0,
      lastType: '',
    });
    if (state.count !== EVENTS_PER_STREAM) throw new Error(`${streamId} folded ${state.count}`);
    folded += 1;
  }
  if (folded !== streams.length) throw new Error('not every stream was folded');
  return (performance.now() - started) / 1000;
}

async function concurrent(
  store: SqliteEventStore,
): Promise<{ seconds: number; latencies: number[] }> {
  const perWriter = CONCURRENT_EVENTS / WRITERS;
  const latencies: number[] = [];
  const writer = async () => {
    const streamId = `writer-${randomUUID()}`;
    let expected: ExpectedRevision = 'no-stream';
    for (let index = 0; index < perWriter; index += 1) {
      const event = newEvent(EVENT_TYPES[index % EVENT_TYPES.length], streamId);
      const started = performance.now();
      const result = await store.appendToStream(streamId, [event], { expectedRevision: expected });
      latencies.push(performance.now() - started);
      expected = result.nextRevision;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: WRITERS }, writer));
  return { seconds: (performance.now() - started) / 1000, latencies };
}

async function main(): Promise<void> {
  const dir = join(__dirname, '.tmp', `store-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const store = new SqliteEventStore(join(dir, 'events.db'));
  try {
    const durable =
      store.db.pragma('journal_mode', { simple: true }) === 'wal' &&
      store.db.pragma('synchronous', { simple: true }) === 2;
    if (!durable) throw new Error('The bench must run with WAL and synchronous = FULL');

    const serialRun = await serial(store);
    const serialStats = store.stats();
    const foldSeconds = await readAndFold(store, serialRun.streams);
    // A second pass shows the steady state of a running server (JIT warm); the target applies
    // to the first.
    const warmFoldSeconds = await readAndFold(store, serialRun.streams);
    const concurrentRun = await concurrent(store);
    const concurrentStats = store.stats();

    const serialAppends = SERIAL_STREAMS * EVENTS_PER_STREAM;
    const sorted = [...concurrentRun.latencies].sort((a, b) => a - b);
    const concurrentCommits = concurrentStats.commits - serialStats.commits;
    const figures = {
      serialAppendsPerSecond: round(serialAppends / serialRun.seconds),
      readFoldStreamsPerSecond: round(SERIAL_STREAMS / foldSeconds),
      readFoldWarmStreamsPerSecond: round(SERIAL_STREAMS / warmFoldSeconds),
      concurrentEventsPerSecond: round(CONCURRENT_EVENTS / concurrentRun.seconds),
      concurrentP50Ms: round(percentile(sorted, 0.5), 3),
      concurrentP99Ms: round(percentile(sorted, 0.99), 3),
      concurrentAppendsPerCommit: round(CONCURRENT_EVENTS / concurrentCommits, 1),
    };
    const pass = {
      serial: figures.serialAppendsPerSecond >= TARGETS.serialAppendsPerSecond,
      fold: figures.readFoldStreamsPerSecond >= TARGETS.readFoldStreamsPerSecond,
      concurrent:
        figures.concurrentEventsPerSecond >= TARGETS.concurrentEventsPerSecond &&
        figures.concurrentP99Ms <= TARGETS.concurrentP99Ms,
    };

    console.table([
      {
        scenario: `serial: ${SERIAL_STREAMS} streams x ${EVENTS_PER_STREAM}, awaited appends`,
        rate: `${figures.serialAppendsPerSecond} appends/s`,
        latency: `${round((serialRun.seconds * 1000) / serialAppends, 3)} ms mean`,
        target: `>= ${TARGETS.serialAppendsPerSecond} appends/s`,
        ok: pass.serial,
      },
      {
        scenario: `read + fold ${SERIAL_STREAMS} streams x ${EVENTS_PER_STREAM}`,
        rate: `${figures.readFoldStreamsPerSecond} streams/s`,
        latency: `second pass ${figures.readFoldWarmStreamsPerSecond} streams/s`,
        target: `>= ${TARGETS.readFoldStreamsPerSecond} streams/s`,
        ok: pass.fold,
      },
      {
        scenario: `concurrent: ${WRITERS} writers, ${CONCURRENT_EVENTS} events`,
        rate: `${figures.concurrentEventsPerSecond} events/s`,
        latency: `p50 ${figures.concurrentP50Ms} ms, p99 ${figures.concurrentP99Ms} ms`,
        target: `>= ${TARGETS.concurrentEventsPerSecond} events/s, p99 <= ${TARGETS.concurrentP99Ms} ms`,
        ok: pass.concurrent,
      },
    ]);
    console.log(
      JSON.stringify({ bench: 'store', adapter: 'sqlite', synchronous: 'FULL', ...figures, pass }),
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
