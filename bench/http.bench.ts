/**
 * `npm run bench:http` — the real server (built, as `npm start` runs it) on the SQLite store under
 * load (autocannon).
 *
 * Setup: 15 departments, 10,000 directives raised and assigned over HTTP.
 * Then, for 30 s at once:
 * - commands: 64 connections writing progress reports and (re)assignments across the 10,000 items;
 *   target ≥ 2,000 commands/s, p99 ≤ 50 ms, zero 5xx;
 * - reads: 8 connections asking for the overdue report and item lists; target p99 ≤ 50 ms.
 * Prints a table and one JSON line, with the server's peak RSS.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenService } from '../src/auth/token.service';
import { startServerProcess } from '../test/support/server-process';

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 30);
/** Read connections beside the writers (0 measures commands alone). */
const READERS = Number(process.env.BENCH_READERS ?? 8);
const DEPARTMENTS = Array.from({ length: 15 }, (_, i) => `so-${i + 1}`);

const tokens = new TokenService(SECRET);
const admin = tokens.sign({ sub: 'bench-admin', name: 'admin', role: 'admin' });
const leader = tokens.sign({ sub: 'bench-leader', name: 'leader', role: 'leader' });

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const server = await startServerProcess(
    { DATA_DIR: dataDir, DEMO: 'false', AUTH_SECRET: SECRET },
    3970,
    { compiled: true },
  );
  try {
    const ids = await setUp(server.url);
    const [commands, reads] = await Promise.all([
      autocannon({
        url: server.url,
        connections: 64,
        duration: DURATION_S,
        requests: [{ setupRequest: (req) => ({ ...req, ...randomCommand(ids) }) }],
      }),
      autocannon({
        url: server.url,
        connections: Math.max(1, READERS),
        amount: READERS === 0 ? 1 : undefined,
        duration: DURATION_S,
        requests: [{ setupRequest: (req) => ({ ...req, ...randomRead() }) }],
      }),
    ]);
    const summary = (name: string, r: autocannon.Result, target: string) => ({
      scenario: name,
      'req/s': Math.round(r.requests.average),
      'p50 ms': r.latency.p50,
      'p99 ms': r.latency.p99,
      '2xx': r['2xx'],
      'non-2xx': r.non2xx,
      errors: r.errors + r.timeouts,
      target,
    });
    const table = [
      summary('commands (64 conn)', commands, '>= 2000/s, p99 <= 50 ms, 0 5xx'),
      summary(`reads (${READERS} conn)`, reads, 'p99 <= 50 ms'),
    ];
    console.table(table);
    const peakRssMb = server.peakRssMb();
    console.log(`server peak RSS: ${peakRssMb} MB`);
    console.log(
      JSON.stringify({
        bench: 'http',
        items: ITEMS,
        seconds: DURATION_S,
        commandsPerSecond: Math.round(commands.requests.average),
        commandP50Ms: commands.latency.p50,
        commandP99Ms: commands.latency.p99,
        commandNon2xx: commands.non2xx,
        readsPerSecond: Math.round(reads.requests.average),
        readP50Ms: reads.latency.p50,
        readP99Ms: reads.latency.p99,
        readNon2xx: reads.non2xx,
        peakRssMb,
      }),
    );
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const json = (token: string) => ({
  'content-type': 'application/json',
  authorization: `Bearer ${token}`,
});

async function setUp(url: string): Promise<string[]> {
  for (const id of DEPARTMENTS) {
    await post(url, '/api/units', admin, { id, name: `Sở ${id}`, kind: 'department' });
  }
  const ids: string[] = [];
  const started = Date.now();
  // 32 at a time: fast enough to set up, and it shows the command path under a first load.
  for (let i = 0; i < ITEMS; i += 32) {
    const batch = Array.from({ length: Math.min(32, ITEMS - i) }, async (_, j) => {
      const n = i + j;
      const { id } = (await post(url, '/api/items', leader, {
        kind: 'directive',
        title: `Chỉ đạo số ${n}: đẩy nhanh giải ngân vốn đầu tư công`,
        occurredAt: '2026-01-05T02:00:00.000Z',
      })) as { id: string };
      await post(url, `/api/items/${id}/assign`, leader, {
        leadUnit: DEPARTMENTS[n % DEPARTMENTS.length],
        deadline: { type: 'working-days', days: 10 + (n % 200) },
        occurredAt: '2026-01-06T02:00:00.000Z',
      });
      return id;
    });
    ids.push(...(await Promise.all(batch)));
  }
  console.log(`set up ${ITEMS} items in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ids;
}

async function post(url: string, path: string, token: string, body: unknown): Promise<unknown> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: json(token),
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

function randomCommand(ids: string[]) {
  const id = ids[Math.floor(Math.random() * ids.length)];
  const assign = Math.random() < 0.25;
  return {
    method: 'POST' as const,
    path: `/api/items/${id}/${assign ? 'assign' : 'progress'}`,
    headers: json(leader),
    body: JSON.stringify(
      assign
        ? { leadUnit: DEPARTMENTS[Math.floor(Math.random() * DEPARTMENTS.length)] }
        : { note: 'Đang triển khai', percent: Math.floor(Math.random() * 100) },
    ),
  };
}

function randomRead() {
  const r = Math.random();
  const path =
    r < 0.4
      ? '/api/reports/overdue?groupBy=lead-unit'
      : r < 0.6
        ? '/api/reports/overdue?groupBy=commune'
        : `/api/items?leadUnit=${DEPARTMENTS[Math.floor(Math.random() * DEPARTMENTS.length)]}&pageSize=20`;
  return { method: 'GET' as const, path, headers: { authorization: `Bearer ${leader}` } };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
