/**
 * Audit benchmark: `npm run bench:audit` (issue 17's targets).
 *
 * 1. Generates a province (100,000 items, about 930,000 events; `BENCH_ITEMS` for fewer) into a
 *    SQLite event file, hash-chained, as bench:reports does.
 * 2. Checkpoints: the consumer folds the whole log (catch-up) in a child process, as a server's
 *    first start would: events/s, checkpoints signed; then the cost of one checkpoint (sign, insert
 *    and the commit's fsync) against a batch without one, on the live path's batch size (1 event).
 * 3. Export: the whole log to a zip in a child process (`exportToFile`, as the CLI): events/s and
 *    the child's peak RSS (bounded memory: it must not grow with the log).
 * 4. Offline verification: `node verify.mjs bundle.zip`, a plain child: events/s and peak RSS.
 * 5. Item asOf: the real application on that data in a child process, `GET /api/items/{id}?asOf`
 *    over HTTP for random items at random past dates on both bases: p50/p99.
 *
 * Prints a table, then one line of JSON. `BENCH_KEEP=1` keeps bench/.tmp/audit-<pid>.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CheckpointConsumer } from '../src/audit/checkpoints/checkpoint.consumer';
import {
  CHECKPOINT_DB_FILE,
  CheckpointStorage,
  openCheckpointDb,
} from '../src/audit/checkpoints/checkpoint-db';
import { loadSigningKey } from '../src/audit/checkpoints/signing-key';
import { verifierPath } from '../src/audit/export/audit-bundle';
import { exportToFile } from '../src/audit/export/export-to-file';
import { createApp } from '../src/app.factory';
import { TokenService } from '../src/auth/token.service';
import { loadConfig } from '../src/config/app-config';
import { SQLITE_FILE } from '../src/event-store/event-store.module';
import { ConsumerEngine } from '../src/event-sourcing/consumer-engine';
import { chainEvents, EMPTY_CHAIN, type ChainTip } from '../src/event-sourcing/hash-chain';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { EventRegistry } from '../src/shared/event-schema';
import { DEFAULT_CALENDAR } from '../src/shared/calendar/default-calendar';
import { FollowUpScenario } from '../test/support/read-models/follow-up-scenario';
import {
  generateProvince,
  provinceUnits,
  type ProvinceShape,
} from '../test/support/read-models/province-generator';

const TARGETS = {
  exportEventsPerSecond: 100_000,
  verifyEventsPerSecond: 100_000,
  checkpointMs: 1,
  asOfP99Ms: 20,
};
const SECRET = 'audit-bench-secret-0123456789abcdef-0123456789';
const DAY_MS = 86_400_000;
const INSERT_BATCH = 20_000;
const AS_OF_REQUESTS = 1_000;

const round = (value: number, digits = 0): number => Number(value.toFixed(digits));
const percentile = (sorted: readonly number[], fraction: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];

function peakRssMb(pid: number | 'self' = 'self'): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

interface Sample {
  id: string;
  raisedMs: number;
}

/** The generated province in the event file; returns the events and some items to ask for. */
async function populate(dataDir: string, shape: ProvinceShape) {
  const store = new SqliteEventStore(join(dataDir, SQLITE_FILE));
  const samples: Sample[] = [];
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
    const actor = { sub: 'office-1', role: 'office', unit: null, name: 'Văn phòng UBND tỉnh' };
    for (const act of generateProvince(shape, DEFAULT_CALENDAR)) {
      const streamId = `${act.kind}-${act.itemId}`;
      const tip = tips.get(streamId) ?? EMPTY_CHAIN;
      if (tip === EMPTY_CHAIN && samples.length < 2_000 && events % 7 === 0) {
        samples.push({ id: act.itemId, raisedMs: Date.parse(act.occurredAt) });
      }
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
      chained.forEach((e, i) =>
        pending.push([
          streamId,
          tip.revision + 1n + BigInt(i),
          e.id,
          e.type,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
          act.recordedAt,
        ]),
      );
      tips.set(streamId, {
        revision: tip.revision + BigInt(chained.length),
        hash: chained[chained.length - 1].metadata.hash,
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
    return { events, samples };
  } finally {
    await store.close();
  }
}

/** Child: the checkpoint consumer catching up on the whole log, then the cost of one checkpoint. */
async function checkpointsChild(dataDir: string): Promise<void> {
  const store = new SqliteEventStore(join(dataDir, SQLITE_FILE));
  const db = openCheckpointDb(join(dataDir, CHECKPOINT_DB_FILE));
  const key = loadSigningKey(undefined, dataDir);
  const consumer = new CheckpointConsumer(key, { events: 1000, seconds: 60 });
  const storage = new CheckpointStorage(db);
  const engine = new ConsumerEngine(store, storage, [consumer], {
    registry: new EventRegistry([]),
  });
  const started = performance.now();
  await engine.catchUp();
  const seconds = (performance.now() - started) / 1000;
  const events = consumer.status().position;
  const checkpoints = consumer.status().latest?.seq ?? 0;

  // The live path: batches of one event (each one transaction with its fsync), half of them
  // sealing a checkpoint (policy 2 events) and half not (policy never), measured alike.
  const page = await store.readAll({ limit: 2_000 });
  const perBatch = (policyEvents: number): number => {
    const live = new CheckpointConsumer(key, { events: policyEvents, seconds: 3600 });
    const liveDb = openCheckpointDb(join(dataDir, `live-${policyEvents}.db`));
    live.setUp();
    live.open(liveDb);
    const liveStorage = new CheckpointStorage(liveDb);
    const times: number[] = [];
    for (const event of page) {
      const t0 = performance.now();
      liveStorage.transaction(() => {
        live.apply({ ...event, schemaVersion: 1 });
        live.flush();
        liveStorage.saveCheckpoint(live.name, event.position);
      });
      live.committed();
      times.push(performance.now() - t0);
    }
    liveDb.close();
    times.sort((a, b) => a - b);
    return percentile(times, 0.5);
  };
  const withoutSeal = perBatch(1_000_000);
  const everyBatchSeals = perBatch(1);
  await store.close();
  db.close();
  process.send!({
    events: Number(events) + 1,
    seconds,
    checkpoints,
    batchMs: withoutSeal,
    batchWithCheckpointMs: everyBatchSeals,
    peakRssMb: peakRssMb(),
  });
}

/** Child: the export as the CLI runs it. */
async function exportChild(dataDir: string): Promise<void> {
  const store = new SqliteEventStore(join(dataDir, SQLITE_FILE));
  const out = join(dataDir, 'bundle.zip');
  const started = performance.now();
  const manifest = await exportToFile(store, { dataDir, out, range: {} }, process.stderr);
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  process.send!({
    events: manifest.counts.events,
    seconds,
    bytes: statSync(out).size,
    peakRssMb: peakRssMb(),
  });
}

/** Child: the real application on the data directory. */
async function serve(dataDir: string): Promise<void> {
  const app = await createApp(
    loadConfig({
      DATA_DIR: dataDir,
      DEMO: 'false',
      AUTH_SECRET: SECRET,
      EVENT_STORE: 'sqlite',
      REMINDER_INTERVAL_MS: '0',
      DELIVERY_INTERVAL_MS: '0',
    }),
    { logger: false },
  );
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const token = app
    .get(TokenService)
    .sign({ sub: 'bench', name: 'Bench', role: 'auditor' }, { expiresIn: '2h' });
  process.on('message', (message) => {
    if (message === 'stop') void app.close().then(() => process.exit(0));
  });
  process.send!({ port, token });
}

function ask<T>(child: ChildProcess, message?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (reply) => resolve(reply as T));
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
    if (message) child.send(message);
  });
}

function child(mode: string, dataDir: string): ChildProcess {
  return fork(__filename, [mode, dataDir], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(port: number, token: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(
        { host: '127.0.0.1', port, path, agent, headers: { Authorization: `Bearer ${token}` } },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode !== 200 && response.statusCode !== 404) {
              reject(new Error(`${path}: ${response.statusCode}`));
            } else resolve(performance.now() - started);
          });
        },
      )
      .on('error', reject);
  });
}

/** `node verify.mjs bundle.zip`, with its peak RSS read from /proc while it runs. */
function verifyOffline(
  bundle: string,
): Promise<{ seconds: number; peakRssMb: number; out: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const run = spawn(process.execPath, [verifierPath(), bundle]);
    let out = '';
    let peak = 0;
    run.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    run.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setInterval(() => {
      try {
        peak = Math.max(peak, peakRssMb(run.pid!));
      } catch {
        // exited meanwhile
      }
    }, 50);
    run.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`verify.mjs exited ${code}: ${out}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakRssMb: peak, out });
    });
  });
}

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (mode === '--checkpoints') return checkpointsChild(dir);
  if (mode === '--export') return exportChild(dir);
  if (mode === '--serve') return serve(dir);

  const dataDir = join(__dirname, '.tmp', `audit-${process.pid}`);
  mkdirSync(dataDir, { recursive: true });
  const shape: ProvinceShape = {
    departments: 15,
    communes: 148,
    items: Number(process.env.BENCH_ITEMS ?? 100_000),
    start: new Date(Date.now() - 731 * DAY_MS).toISOString(),
    days: 730,
    seed: 42,
  };
  let server: ChildProcess | undefined;
  try {
    const { events, samples } = await populate(dataDir, shape);

    const cp = await ask<{
      events: number;
      seconds: number;
      checkpoints: number;
      batchMs: number;
      batchWithCheckpointMs: number;
      peakRssMb: number;
    }>(child('--checkpoints', dataDir));

    const ex = await ask<{ events: number; seconds: number; bytes: number; peakRssMb: number }>(
      child('--export', dataDir),
    );
    const verified = await verifyOffline(join(dataDir, 'bundle.zip'));

    server = child('--serve', dataDir);
    const { port, token } = await ask<{ port: number; token: string }>(server);
    const rnd = (() => {
      let s = 7;
      return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    })();
    const paths = Array.from({ length: AS_OF_REQUESTS }, () => {
      const sample = samples[Math.floor(rnd() * samples.length)];
      const asOf = new Date(sample.raisedMs + rnd() * 200 * DAY_MS);
      const at = asOf.getTime() > Date.now() ? new Date(Date.now() - DAY_MS) : asOf;
      const basis = rnd() < 0.5 ? 'effective' : 'recorded';
      return `/api/items/${sample.id}?asOf=${encodeURIComponent(at.toISOString())}&basis=${basis}`;
    });
    for (const path of paths.slice(0, 50)) await get(port, token, path);
    const latencies: number[] = [];
    for (const path of paths) latencies.push(await get(port, token, path));
    latencies.sort((a, b) => a - b);
    const asOf = { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
    await ask(server, 'stop').catch(() => undefined);
    server = undefined;

    const checkpointMs = cp.batchWithCheckpointMs - cp.batchMs;
    const result = {
      events,
      checkpointFoldEventsPerSecond: round(cp.events / cp.seconds),
      checkpointsSigned: cp.checkpoints,
      liveBatchMs: round(cp.batchMs, 3),
      liveBatchWithCheckpointMs: round(cp.batchWithCheckpointMs, 3),
      checkpointMs: round(checkpointMs, 3),
      exportEventsPerSecond: round(ex.events / ex.seconds),
      exportSeconds: round(ex.seconds, 1),
      exportMb: round(ex.bytes / 1024 / 1024, 1),
      exportPeakRssMb: round(ex.peakRssMb),
      verifyEventsPerSecond: round(events / verified.seconds),
      verifySeconds: round(verified.seconds, 1),
      verifyPeakRssMb: round(verified.peakRssMb),
      asOfP50Ms: round(asOf.p50, 2),
      asOfP99Ms: round(asOf.p99, 2),
    };
    const mark = (ok: boolean) => (ok ? '✓' : '✗');
    const rows: [string, string, string][] = [
      ['events in the log', events.toLocaleString('en'), ''],
      [
        'checkpoints: fold of the whole log',
        `${result.checkpointFoldEventsPerSecond.toLocaleString('en')} events/s, ${cp.checkpoints} checkpoints`,
        '',
      ],
      [
        'checkpoints: one checkpoint on a live batch',
        `${result.checkpointMs} ms (batch of 1 event ${result.liveBatchMs} ms → ${result.liveBatchWithCheckpointMs} ms, p50, fsync included)`,
        `≤ ${TARGETS.checkpointMs} ms ${mark(checkpointMs <= TARGETS.checkpointMs)}`,
      ],
      [
        'export (zip, streamed)',
        `${result.exportEventsPerSecond.toLocaleString('en')} events/s, ${result.exportSeconds} s, ${result.exportMb} MB, peak RSS ${result.exportPeakRssMb} MB`,
        `≥ ${TARGETS.exportEventsPerSecond.toLocaleString('en')} ${mark(result.exportEventsPerSecond >= TARGETS.exportEventsPerSecond)}`,
      ],
      [
        'offline verify.mjs',
        `${result.verifyEventsPerSecond.toLocaleString('en')} events/s, ${result.verifySeconds} s, peak RSS ${result.verifyPeakRssMb} MB`,
        `≥ ${TARGETS.verifyEventsPerSecond.toLocaleString('en')} ${mark(result.verifyEventsPerSecond >= TARGETS.verifyEventsPerSecond)}`,
      ],
      [
        'GET /api/items/{id}?asOf (HTTP)',
        `p50 ${result.asOfP50Ms} ms, p99 ${result.asOfP99Ms} ms`,
        `p99 ≤ ${TARGETS.asOfP99Ms} ms ${mark(result.asOfP99Ms <= TARGETS.asOfP99Ms)}`,
      ],
    ];
    const width = Math.max(...rows.map((r) => r[0].length));
    for (const [name, figure, target] of rows) {
      console.log(`${name.padEnd(width)}  ${figure}${target ? `  (${target})` : ''}`);
    }
    console.log(JSON.stringify({ bench: 'audit', ...result }));
  } finally {
    if (server) server.kill();
    if (!process.env.BENCH_KEEP && existsSync(dataDir)) rmSync(dataDir, { recursive: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
