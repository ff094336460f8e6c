/**
 * Read models and reports benchmark: `npm run bench:reports`.
 *
 * 1. Generates a province (15 departments, 148 communes, 100,000 items, about 930,000 events over
 *    the two years up to today, business dates spread, 5% of acts entered days late) with the real
 *    decider, and appends it to a SQLite event file through a fast path: events are hash-chained
 *    with `chainEvents` and inserted in large transactions with their generated recorded times.
 * 2. Rebuilds the read models from the log in a child process, as `npm run cli -- rebuild` would
 *    (`rebuildWithProgressBar`: progress bar on stderr).
 * 3. Starts the production server (`node dist/main.js`, built first by the npm script) on that data
 *    directory, its memory read from /proc, and asks
 *    for the overdue report over HTTP (keep-alive, one request at a time): now by lead unit and by
 *    commune, then at past dates on both bases; then item lists (plain, filtered, a search every
 *    title matches) and searches for a word few titles hold. Reports p50/p99.
 * 4. Reads the server's peak RSS (VmHWM) once it has served everything.
 * 5. Period reports and ratings (issue 16): the period report for a quarter and for a year (both
 *    groupings and bases), ratings for a quarter and a year; the overdue report as xlsx; the whole
 *    item list (every item) as xlsx, with the server's RSS sampled every 50 ms while it streams;
 *    then commands (raising directives, 16 at a time) for a few seconds alone and beside a
 *    running export of the whole list, to compare their throughput.
 *
 * Prints a table, then one line of JSON. `BENCH_ITEMS=10000` runs a smaller province;
 * `BENCH_KEEP=1` keeps the data directory (bench/.tmp/reports-<pid>).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TokenService } from '../src/auth/token.service';
import { SQLITE_FILE } from '../src/event-store/event-store.module';
import { chainEvents, EMPTY_CHAIN, type ChainTip } from '../src/event-sourcing/hash-chain';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { rebuildWithProgressBar } from '../src/read-side/rebuild/rebuild-with-progress-bar';
import { FollowUpScenario } from '../test/support/read-models/follow-up-scenario';
import {
  generateProvince,
  provinceUnits,
  type ProvinceShape,
} from '../test/support/read-models/province-generator';
import { DEFAULT_CALENDAR } from '../src/shared/calendar/default-calendar';
import { addDays, toLocalDate } from '../src/shared/calendar/local-date';
import { BuiltServer } from './support/built-server';

const TARGETS = {
  rebuildEventsPerSecond: 100_000,
  nowP99Ms: 15,
  pastP99Ms: 250,
  peakRssMb: 400,
  periodP99Ms: 100,
  ratingsP99Ms: 200,
  overdueXlsxP99Ms: 300,
  listXlsxSeconds: 10,
  listXlsxRssGrowthMb: 150,
};
const PERIOD_REQUESTS = 100;
const XLSX_REQUESTS = 20;
const COMMAND_SECONDS = Number(process.env.BENCH_COMMAND_SECONDS ?? 5);
const COMMAND_CONCURRENCY = 16;
const SECRET = 'reports-bench-secret-0123456789abcdef-0123456789';
const DAY_MS = 86_400_000;
const INSERT_BATCH = 20_000;
const WARMUP = 30;
const NOW_REQUESTS = 300;
const PAST_REQUESTS = 100;

const round = (value: number, digits = 0): number => Number(value.toFixed(digits));
const percentile = (sorted: readonly number[], fraction: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];

/** Peak resident set of this process (Linux), MB. */
function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : process.memoryUsage().rss / 1024 / 1024;
}

/** Appends the generated province to the event file; returns the number of events. */
async function populate(dataDir: string, shape: ProvinceShape): Promise<number> {
  const store = new SqliteEventStore(join(dataDir, SQLITE_FILE));
  try {
    const { departments, communes } = provinceUnits(shape);
    await new FollowUpScenario(store).registerUnits([...departments, ...communes]);
    const insert = store.db.prepare(
      'INSERT INTO events (stream_id, revision, id, type, data, metadata, recorded_at)' +
        ' VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const tips = new Map<string, ChainTip>();
    let pending: unknown[][] = [];
    const flush = store.db.transaction((rows: unknown[][]) => {
      for (const row of rows) insert.run(...row);
    });
    let events = 0;
    for (const act of generateProvince(shape, DEFAULT_CALENDAR)) {
      const streamId = `${act.kind}-${act.itemId}`;
      const tip = tips.get(streamId) ?? EMPTY_CHAIN;
      const actor = { sub: 'office-1', role: 'office', unit: null, name: 'Văn phòng UBND tỉnh' };
      const chained = chainEvents(
        streamId,
        tip,
        act.events.map((e) => ({
          id: randomUUID(),
          type: e.type,
          data: e.data,
          metadata: {
            actor,
            occurredAt: act.occurredAt,
            correlationId: randomUUID(),
            causationId: null,
            commandId: randomUUID(),
            schemaVersion: 1,
          },
        })),
      );
      chained.forEach((e, i) => {
        pending.push([
          streamId,
          tip.revision + 1n + BigInt(i),
          e.id,
          e.type,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
          act.recordedAt,
        ]);
      });
      const last = chained[chained.length - 1];
      tips.set(streamId, {
        revision: tip.revision + BigInt(chained.length),
        hash: last.metadata.hash,
      });
      events += chained.length;
      if (pending.length >= INSERT_BATCH) {
        flush(pending);
        pending = [];
        process.stderr.write(`\rGenerated ${events.toLocaleString('en')} events`);
      }
    }
    flush(pending);
    process.stderr.write(`\rGenerated ${events.toLocaleString('en')} events\n`);
    return events;
  } finally {
    await store.close();
  }
}

function ask<T>(child: ChildProcess, message?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (reply) => resolve(reply as T));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    if (message) child.send(message);
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(port: number, token: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(
      { host: '127.0.0.1', port, path, agent, headers: { Authorization: `Bearer ${token}` } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const elapsed = performance.now() - started;
          if (response.statusCode !== 200) {
            reject(
              new Error(`${path}: ${response.statusCode} ${Buffer.concat(chunks).toString()}`),
            );
          } else resolve(elapsed);
        });
      },
    );
    request.on('error', reject);
  });
}

function getJson<T>(port: number, token: string, path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    http
      .get(
        { host: '127.0.0.1', port, path, agent, headers: { Authorization: `Bearer ${token}` } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()) as T));
        },
      )
      .on('error', reject);
  });
}

/** GETs `path` to the end, counting bytes; resolves with the time it took and the size. */
function download(
  port: number,
  token: string,
  path: string,
): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(
        { host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${token}` } },
        (response) => {
          let bytes = 0;
          response.on('data', (chunk: Buffer) => (bytes += chunk.length));
          response.on('end', () =>
            response.statusCode === 200
              ? resolve({ ms: performance.now() - started, bytes })
              : reject(new Error(`${path}: ${response.statusCode}`)),
          );
        },
      )
      .on('error', reject);
  });
}

/** Raises directives, `COMMAND_CONCURRENCY` at a time, for `seconds`; answers commands/s. */
async function commandsFor(port: number, token: string, seconds: number): Promise<number> {
  const commandAgent = new http.Agent({ keepAlive: true, maxSockets: COMMAND_CONCURRENCY });
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const body = JSON.stringify({ kind: 'directive', title: 'Đôn đốc giải ngân (bench)' });
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/items',
          method: 'POST',
          agent: commandAgent,
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            response.statusCode === 201
              ? resolve()
              : reject(new Error(`raise: ${response.statusCode}`)),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: COMMAND_CONCURRENCY }, async () => {
      while (performance.now() < until) {
        await one();
        done++;
      }
    }),
  );
  commandAgent.destroy();
  return done / ((performance.now() - started) / 1000);
}

async function measure(
  port: number,
  token: string,
  paths: string[],
  count: number,
): Promise<{ p50: number; p99: number; max: number }> {
  for (let i = 0; i < WARMUP; i++) await get(port, token, paths[i % paths.length]);
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) latencies.push(await get(port, token, paths[i % paths.length]));
  latencies.sort((a, b) => a - b);
  return {
    p50: round(percentile(latencies, 0.5), 2),
    p99: round(percentile(latencies, 0.99), 2),
    max: round(latencies[latencies.length - 1], 2),
  };
}

/** Child process: the rebuild as `npm run cli -- rebuild` runs it, in a process of its own. */
async function rebuildChild(dataDir: string): Promise<void> {
  const store = new SqliteEventStore(join(dataDir, SQLITE_FILE));
  const result = await rebuildWithProgressBar(store, dataDir);
  await store.close();
  process.send!({ ...result, peakRssMb: peakRssMb() });
}

/** Runs this file again in a child process (`mode` is --rebuild). */
function child(mode: string, dataDir: string): ChildProcess {
  return fork(__filename, [mode, dataDir], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === '--rebuild') return rebuildChild(process.argv[3]);

  const dataDir = join(__dirname, '.tmp', `reports-${process.pid}`);
  mkdirSync(dataDir, { recursive: true });
  const today = toLocalDate(new Date().toISOString());
  const shape: ProvinceShape = {
    departments: 15,
    communes: 148,
    items: Number(process.env.BENCH_ITEMS ?? 100_000),
    // Two years up to yesterday: every act is in the past, as in a real log.
    start: new Date(Date.now() - 731 * DAY_MS).toISOString(),
    days: 730,
    seed: 42,
  };
  let server: BuiltServer | undefined;
  try {
    const generationStarted = performance.now();
    const events = await populate(dataDir, shape);
    const generationSeconds = (performance.now() - generationStarted) / 1000;

    // In a fresh process, as the CLI runs it (not in this one, whose heap holds the generator's).
    const rebuild = await ask<{ eventsPerSecond: number; seconds: number; peakRssMb: number }>(
      child('--rebuild', dataDir),
    );

    const serverStarted = performance.now();
    server = await BuiltServer.start(dataDir, { AUTH_SECRET: SECRET, EVENT_STORE: 'sqlite' });
    const startupMs = performance.now() - serverStarted;
    const { port } = server;
    const token = new TokenService(SECRET).sign(
      { sub: 'bench', name: 'Bench', role: 'leader' },
      { expiresIn: '2h' },
    );
    const report = (query: string) => `/api/reports/overdue?${query}`;
    const pastDates = [90, 200, 365, 540].map((days) => addDays(today, -days));
    const nowLead = await measure(port, token, [report('groupBy=lead-unit')], NOW_REQUESTS);
    const nowCommune = await measure(port, token, [report('groupBy=commune')], NOW_REQUESTS);
    const pastEffective = await measure(
      port,
      token,
      pastDates.flatMap((d) => [
        report(`groupBy=lead-unit&asOf=${d}&basis=effective`),
        report(`groupBy=commune&asOf=${d}&basis=effective`),
      ]),
      PAST_REQUESTS,
    );
    const pastRecorded = await measure(
      port,
      token,
      pastDates.flatMap((d) => [
        report(`groupBy=lead-unit&asOf=${d}&basis=recorded`),
        report(`groupBy=commune&asOf=${d}&basis=recorded`),
      ]),
      PAST_REQUESTS,
    );
    const list = await measure(
      port,
      token,
      [
        '/api/items?pageSize=20',
        '/api/items?timeliness=overdue&leadUnit=so-3',
        '/api/items?q=giai%20ngan&page=3',
      ],
      PAST_REQUESTS,
    );
    // A word only a few titles hold (the number in "... số 80defe"): found through the search
    // index, where "giai ngan" above is in every title and counted by a scan.
    const someTitles = await getJson<{ items: { title: string }[] }>(
      port,
      token,
      '/api/items?pageSize=50',
    );
    const rareWords = someTitles.items.map((item) => item.title.split(' ').pop()!);
    const search = await measure(
      port,
      token,
      rareWords.map((word) => `/api/items?q=${encodeURIComponent(word)}`),
      PAST_REQUESTS,
    );
    const memory = server.memory();

    // Period reports and ratings (issue 16): a quarter and a year ending last month.
    const lastQuarterEnd = addDays(`${today.slice(0, 8)}01`, -1);
    const quarterStart = addDays(lastQuarterEnd, -91);
    const yearStart = addDays(lastQuarterEnd, -364);
    const period = (from: string, query: string) =>
      `/api/reports/period?from=${from}&to=${lastQuarterEnd}&${query}`;
    const variants = (from: string) =>
      ['groupBy=lead-unit', 'groupBy=commune'].flatMap((g) =>
        ['effective', 'recorded'].map((b) => period(from, `${g}&basis=${b}`)),
      );
    const periodQuarter = await measure(port, token, variants(quarterStart), PERIOD_REQUESTS);
    const periodYear = await measure(port, token, variants(yearStart), PERIOD_REQUESTS);
    const ratingsQuarter = await measure(
      port,
      token,
      [`/api/reports/ratings?from=${quarterStart}&to=${lastQuarterEnd}`],
      PERIOD_REQUESTS,
    );
    const ratingsYear = await measure(
      port,
      token,
      [`/api/reports/ratings?from=${yearStart}&to=${lastQuarterEnd}`],
      PERIOD_REQUESTS,
    );
    const overdueXlsx = await measure(
      port,
      token,
      [report('groupBy=lead-unit&format=xlsx'), report('groupBy=commune&format=xlsx')],
      XLSX_REQUESTS,
    );
    const rssBeforeMb = server.sampleStart();
    const listXlsx = await download(port, token, '/api/items?format=xlsx');
    const rssDuringMb = server.sampleStop();
    const commandsAlone = await commandsFor(port, token, COMMAND_SECONDS);
    const exporting = download(port, token, '/api/items?format=xlsx');
    const commandsBeside = await commandsFor(port, token, COMMAND_SECONDS);
    const besideExport = await exporting;

    const figures = {
      items: shape.items,
      events,
      generationSeconds: round(generationSeconds, 1),
      rebuildEventsPerSecond: round(rebuild.eventsPerSecond),
      rebuildSeconds: round(rebuild.seconds, 1),
      rebuildPeakRssMb: round(rebuild.peakRssMb),
      serverStartupMs: round(startupMs),
      nowLeadUnitP50Ms: nowLead.p50,
      nowLeadUnitP99Ms: nowLead.p99,
      nowCommuneP50Ms: nowCommune.p50,
      nowCommuneP99Ms: nowCommune.p99,
      pastEffectiveP50Ms: pastEffective.p50,
      pastEffectiveP99Ms: pastEffective.p99,
      pastRecordedP50Ms: pastRecorded.p50,
      pastRecordedP99Ms: pastRecorded.p99,
      listP50Ms: list.p50,
      listP99Ms: list.p99,
      searchRareP50Ms: search.p50,
      searchRareP99Ms: search.p99,
      serverPeakRssMb: round(memory.peakRssMb),
      serverRssMb: round(memory.rssMb),
      periodQuarterP50Ms: periodQuarter.p50,
      periodQuarterP99Ms: periodQuarter.p99,
      periodYearP50Ms: periodYear.p50,
      periodYearP99Ms: periodYear.p99,
      ratingsQuarterP99Ms: ratingsQuarter.p99,
      ratingsYearP50Ms: ratingsYear.p50,
      ratingsYearP99Ms: ratingsYear.p99,
      overdueXlsxP50Ms: overdueXlsx.p50,
      overdueXlsxP99Ms: overdueXlsx.p99,
      listXlsxSeconds: round(listXlsx.ms / 1000, 2),
      listXlsxMb: round(listXlsx.bytes / 1024 / 1024, 1),
      listXlsxRssGrowthMb: round(rssDuringMb - rssBeforeMb),
      commandsPerSecondAlone: round(commandsAlone),
      commandsPerSecondBesideExport: round(commandsBeside),
      exportBesideCommandsSeconds: round(besideExport.ms / 1000, 2),
    };
    const pass = {
      rebuild: figures.rebuildEventsPerSecond >= TARGETS.rebuildEventsPerSecond,
      now: Math.max(figures.nowLeadUnitP99Ms, figures.nowCommuneP99Ms) <= TARGETS.nowP99Ms,
      past: Math.max(figures.pastEffectiveP99Ms, figures.pastRecordedP99Ms) <= TARGETS.pastP99Ms,
      rss: figures.serverPeakRssMb <= TARGETS.peakRssMb,
      period: Math.max(periodQuarter.p99, periodYear.p99) <= TARGETS.periodP99Ms,
      ratings: Math.max(ratingsQuarter.p99, ratingsYear.p99) <= TARGETS.ratingsP99Ms,
      overdueXlsx: overdueXlsx.p99 <= TARGETS.overdueXlsxP99Ms,
      listXlsx:
        figures.listXlsxSeconds <= TARGETS.listXlsxSeconds &&
        figures.listXlsxRssGrowthMb <= TARGETS.listXlsxRssGrowthMb,
    };
    console.table([
      {
        scenario: `rebuild ${events.toLocaleString('en')} events`,
        result: `${figures.rebuildEventsPerSecond} events/s (${figures.rebuildSeconds} s)`,
        target: `>= ${TARGETS.rebuildEventsPerSecond} events/s`,
        ok: pass.rebuild,
      },
      {
        scenario: 'report now, by lead unit (HTTP)',
        result: `p50 ${nowLead.p50} ms, p99 ${nowLead.p99} ms`,
        target: `p99 <= ${TARGETS.nowP99Ms} ms`,
        ok: nowLead.p99 <= TARGETS.nowP99Ms,
      },
      {
        scenario: 'report now, by commune (HTTP)',
        result: `p50 ${nowCommune.p50} ms, p99 ${nowCommune.p99} ms`,
        target: `p99 <= ${TARGETS.nowP99Ms} ms`,
        ok: nowCommune.p99 <= TARGETS.nowP99Ms,
      },
      {
        scenario: 'report at past dates, effective (HTTP)',
        result: `p50 ${pastEffective.p50} ms, p99 ${pastEffective.p99} ms`,
        target: `p99 <= ${TARGETS.pastP99Ms} ms`,
        ok: pastEffective.p99 <= TARGETS.pastP99Ms,
      },
      {
        scenario: 'report at past dates, recorded (HTTP)',
        result: `p50 ${pastRecorded.p50} ms, p99 ${pastRecorded.p99} ms`,
        target: `p99 <= ${TARGETS.pastP99Ms} ms`,
        ok: pastRecorded.p99 <= TARGETS.pastP99Ms,
      },
      {
        scenario: 'item list (HTTP, for reference)',
        result: `p50 ${list.p50} ms, p99 ${list.p99} ms`,
        target: '-',
        ok: true,
      },
      {
        scenario: 'item search, a rare word (HTTP, for reference)',
        result: `p50 ${search.p50} ms, p99 ${search.p99} ms`,
        target: '-',
        ok: true,
      },
      {
        scenario: 'server peak RSS (VmHWM)',
        result: `${figures.serverPeakRssMb} MB (now ${figures.serverRssMb} MB)`,
        target: `<= ${TARGETS.peakRssMb} MB`,
        ok: pass.rss,
      },
      {
        scenario: 'period report, a quarter (HTTP)',
        result: `p50 ${periodQuarter.p50} ms, p99 ${periodQuarter.p99} ms`,
        target: `p99 <= ${TARGETS.periodP99Ms} ms`,
        ok: periodQuarter.p99 <= TARGETS.periodP99Ms,
      },
      {
        scenario: 'period report, a year (HTTP)',
        result: `p50 ${periodYear.p50} ms, p99 ${periodYear.p99} ms`,
        target: `p99 <= ${TARGETS.periodP99Ms} ms`,
        ok: periodYear.p99 <= TARGETS.periodP99Ms,
      },
      {
        scenario: 'ratings, a quarter / a year (HTTP)',
        result: `p99 ${ratingsQuarter.p99} ms / p50 ${ratingsYear.p50} ms, p99 ${ratingsYear.p99} ms`,
        target: `p99 <= ${TARGETS.ratingsP99Ms} ms`,
        ok: pass.ratings,
      },
      {
        scenario: 'overdue report as xlsx (HTTP)',
        result: `p50 ${overdueXlsx.p50} ms, p99 ${overdueXlsx.p99} ms`,
        target: `p99 <= ${TARGETS.overdueXlsxP99Ms} ms`,
        ok: pass.overdueXlsx,
      },
      {
        scenario: `item list as xlsx, ${shape.items.toLocaleString('en')} items`,
        result: `${figures.listXlsxSeconds} s, ${figures.listXlsxMb} MB, RSS +${figures.listXlsxRssGrowthMb} MB`,
        target: `<= ${TARGETS.listXlsxSeconds} s, RSS +${TARGETS.listXlsxRssGrowthMb} MB`,
        ok: pass.listXlsx,
      },
      {
        scenario: `commands (${COMMAND_CONCURRENCY} at a time): alone / beside an export`,
        result: `${figures.commandsPerSecondAlone} / ${figures.commandsPerSecondBesideExport} per s (export ${figures.exportBesideCommandsSeconds} s)`,
        target: '-',
        ok: true,
      },
    ]);
    console.log(JSON.stringify({ bench: 'reports', ...figures, pass }));
  } finally {
    if (server) {
      await server.stop();
    }
    agent.destroy();
    if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
