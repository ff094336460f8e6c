/**
 * Reference data benchmark (issue 15, "quadratic reference data"): `npm run bench:reference-data`.
 *
 * On a SQLite event file (bench/.tmp/reference-data-<pid>), through the real command handler and
 * reference-data service, as `POST /api/sources` and `GET /api/sources` use them:
 * 1. **POST at 2,500**: the sources stream holds 2,500 sources (written in one append); a fresh
 *    handler records 50 more one at a time. The first POST is cold (nothing folded yet), the
 *    others show the steady cost per POST.
 * 2. **fold of 20,000**: a stream of 20,000 sources is folded from nothing by the service (the
 *    `StreamFold` behind `GET /api/sources` and every raise's source check) and by a first POST
 *    (the command path's own fold).
 *
 * Prints a table, then one line of JSON. `BENCH_SOURCES=2500` and `BENCH_FOLD=20000` change the
 * sizes.
 *
 * Figures on the 2-core build VM, before (a fold copying the map per event, every POST re-reading
 * and re-folding the whole stream) and after (a kept fold for the command path, one copy per read
 * with the new events applied in place):
 *
 * | scenario                                  | before          | after            |
 * | ----------------------------------------- | --------------- | ---------------- |
 * | first POST at 2,500 sources (cold)        | 199 ms          | 11.6 ms          |
 * | POST at 2,500 sources, median / max of 49 | 188 ms / 256 ms | 0.55 ms / 2.1 ms |
 * | service fold of 20,000 sources            | 27.2 s          | 115 ms           |
 * | first POST at 20,000 sources              | 20.1 s          | 103 ms           |
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chainEvents, EMPTY_CHAIN } from '../src/event-sourcing/hash-chain';
import type { CommandMetadata } from '../src/event-sourcing/command-handler';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import {
  RecordSourceCommand,
  RecordSourceHandler,
} from '../src/organisation/application/reference-data.commands';
import { ReferenceDataService } from '../src/organisation/application/reference-data.service';
import { SOURCES_STREAM, type Source } from '../src/organisation/source.registry';

const SOURCES = Number(process.env.BENCH_SOURCES ?? 2_500);
const FOLD = Number(process.env.BENCH_FOLD ?? 20_000);
const POSTS = 50;

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

function metadata(n: number): CommandMetadata {
  return {
    actor: { sub: 'bench', role: 'office', unit: null, name: 'Bench' },
    occurredAt: new Date().toISOString(),
    correlationId: `c-${n}`,
    causationId: null,
    commandId: `cmd-${n}`,
  };
}

function source(n: number): Source {
  return {
    id: `src-${n}`,
    type: 'document',
    reference: `${n}/TB-UBND`,
    title: `Thông báo kết luận số ${n}`,
    issuedOn: '2026-01-05',
  };
}

/** Writes `count` sources to the sources stream in one append. */
async function seed(store: SqliteEventStore, count: number): Promise<void> {
  const events = chainEvents(
    SOURCES_STREAM,
    EMPTY_CHAIN,
    Array.from({ length: count }, (_, n) => ({
      id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
      type: 'SourceRecorded',
      data: source(n),
      metadata: { ...metadata(n), schemaVersion: 1 },
    })),
  );
  await store.appendToStream(SOURCES_STREAM, events, { expectedRevision: 'no-stream' });
}

async function withStore<T>(name: string, run: (store: SqliteEventStore) => Promise<T>) {
  const dir = join(__dirname, '.tmp', `reference-data-${process.pid}-${name}`);
  mkdirSync(dir, { recursive: true });
  const store = new SqliteEventStore(join(dir, 'events.db'));
  try {
    return await run(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timed(act: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await act();
  return performance.now() - start;
}

async function postsAt(count: number) {
  return withStore('posts', async (store) => {
    await seed(store, count);
    const handler = new RecordSourceHandler(store, new ReferenceDataService(store));
    const times: number[] = [];
    for (let i = 0; i < POSTS; i++) {
      const n = count + i;
      times.push(
        await timed(() => handler.execute(new RecordSourceCommand(source(n), metadata(n)))),
      );
    }
    const steady = times.slice(1).sort((a, b) => a - b);
    return {
      firstPostMs: round(times[0]),
      postMedianMs: round(steady[Math.floor(steady.length / 2)]),
      postMaxMs: round(steady[steady.length - 1]),
    };
  });
}

async function foldOf(count: number) {
  return withStore('fold', async (store) => {
    await seed(store, count);
    let listed = 0;
    const serviceFoldMs = await timed(async () => {
      listed = (await new ReferenceDataService(store).sources()).length;
    });
    if (listed !== count) throw new Error(`folded ${listed} sources, expected ${count}`);
    const handler = new RecordSourceHandler(store, new ReferenceDataService(store));
    const firstPostMs = await timed(() =>
      handler.execute(new RecordSourceCommand(source(count), metadata(count))),
    );
    return { serviceFoldMs: round(serviceFoldMs), firstPostMs: round(firstPostMs) };
  });
}

async function main(): Promise<void> {
  const posts = await postsAt(SOURCES);
  const fold = await foldOf(FOLD);
  console.table([
    { scenario: `first POST at ${SOURCES} sources (cold)`, ms: posts.firstPostMs },
    { scenario: `POST at ${SOURCES} sources, median of ${POSTS - 1}`, ms: posts.postMedianMs },
    { scenario: `POST at ${SOURCES} sources, max of ${POSTS - 1}`, ms: posts.postMaxMs },
    { scenario: `service fold of ${FOLD} sources`, ms: fold.serviceFoldMs },
    { scenario: `first POST at ${FOLD} sources (command fold)`, ms: fold.firstPostMs },
  ]);
  console.log(JSON.stringify({ sources: SOURCES, fold: FOLD, posts, foldOf: fold }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
