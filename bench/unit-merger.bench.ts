/**
 * A unit merged while it leads 10,000 open items (issue 20): `npm run bench:unit-merger`.
 *
 * Through the real server as a child process (SQLite store): registers two communes and a
 * department, raises and assigns `BENCH_ITEMS` (10,000) directives to commune xa-a and 200 to the
 * department, then, while `BENCH_CLIENTS` (8) clients keep reporting progress on the department's
 * items one request after another, merges xa-a into a new commune. Measures:
 * - until every item is carried over: the item list by lead unit says 10,000 for the new commune
 *   and none for xa-a, and the overdue report (`units=then`) has the new commune's row at 10,000;
 * - the other commands' latency while the transfers run (p50, p99, max), and how many.
 * Targets: consistent within 10 s; p99 ≤ 100 ms meanwhile. Prints a table, then one line of JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TokenService } from '../src/auth/token.service';
import { inParallel } from '../src/shared/in-parallel';
import { freePort, startServerProcess } from '../test/support/server-process';
import { callApi, percentile, round } from './support/measure';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const OTHERS = 200;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECRET = 'unit-merger-bench-secret-0123456789abcdef';

const tokens = new TokenService(SECRET);
const office = tokens.sign({ sub: 'bench-office', name: 'Văn phòng', role: 'office' });
const admin = tokens.sign({ sub: 'bench-admin', name: 'Quản trị', role: 'admin' });
const department = tokens.sign({ sub: 'bench-so', name: 'Sở', role: 'unit', unit: 'so-b' });

/** The answer's body, as the bearer of `token`. */
async function call<T = unknown>(url: string, token: string, path: string, body?: object) {
  return (await callApi<T>(url, token, path, body)).json;
}

async function raiseAssigned(url: string, leadUnit: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  await inParallel(
    Array.from({ length: n }, (_, i) => i),
    32,
    async (i) => {
      const { id } = await call<{ id: string }>(url, office, '/api/items', {
        kind: 'directive',
        title: `Việc ${leadUnit} số ${i}`,
      });
      await call(url, office, `/api/items/${id}/assign`, {
        leadUnit,
        deadline: { type: 'working-days', days: 20 },
      });
      ids.push(id);
    },
  );
  return ids;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'unit-merger-'));
  const port = await freePort();
  const server = await startServerProcess(
    { DATA_DIR: dataDir, DEMO: 'false', AUTH_SECRET: SECRET, AUTH_FAILURES_PER_MINUTE: '100000' },
    port,
  );
  try {
    const url = server.url;
    for (const unit of [
      { id: 'xa-a', name: 'Xã A', kind: 'commune' },
      { id: 'xa-b', name: 'Xã B', kind: 'commune' },
      { id: 'so-b', name: 'Sở B', kind: 'department' },
    ]) {
      await call(url, admin, '/api/units', unit);
    }
    const seedStarted = performance.now();
    await raiseAssigned(url, 'xa-a', ITEMS);
    const others = await raiseAssigned(url, 'so-b', OTHERS);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    // Let the read side and the transfer engine catch up with the seeding first.
    await call(url, office, `/api/items?leadUnit=xa-a&pageSize=1`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    let loading = true;
    let transferring = false;
    const during: number[] = [];
    let errors = 0;
    const load = Array.from({ length: CLIENTS }, async (_, c) => {
      for (let n = c; loading; n += CLIENTS) {
        const started = performance.now();
        try {
          await call(url, department, `/api/items/${others[n % others.length]}/progress`, {
            note: `Tiến độ ${n}`,
          });
        } catch {
          errors++;
        }
        if (transferring) during.push(performance.now() - started);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const mergeStarted = performance.now();
    transferring = true;
    await call(url, admin, '/api/units/merge', {
      from: ['xa-a', 'xa-b'],
      into: { id: 'xa-moi', name: 'Xã Mới', kind: 'commune' },
      effectiveOn: today,
      reference: 'Nghị quyết thử nghiệm',
    });
    const acknowledgedMs = performance.now() - mergeStarted;
    let consistentMs = NaN;
    let listMs = NaN;
    for (;;) {
      const [moved, left, report] = await Promise.all([
        call<{ total: number }>(url, office, '/api/items?leadUnit=xa-moi&pageSize=1'),
        call<{ total: number }>(url, office, '/api/items?leadUnit=xa-a&pageSize=1'),
        call<{ rows: { unitId: string | null; total: number }[] }>(
          url,
          office,
          '/api/reports/overdue?units=then',
        ),
      ]);
      const row = report.rows.find((r) => r.unitId === 'xa-moi');
      if (Number.isNaN(listMs) && row?.total === ITEMS) listMs = performance.now() - mergeStarted;
      if (moved.total === ITEMS && left.total === 0 && row?.total === ITEMS) {
        consistentMs = performance.now() - mergeStarted;
        break;
      }
      if (performance.now() - mergeStarted > 120_000) throw new Error('transfers never finished');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    transferring = false;
    loading = false;
    await Promise.all(load);
    during.sort((a, b) => a - b);

    const figures = {
      items: ITEMS,
      seedSeconds: round(seedSeconds),
      mergeAnsweredMs: round(acknowledgedMs),
      reportRowMs: round(listMs),
      allTransferredMs: round(consistentMs),
      commandsDuring: during.length,
      commandsPerSecond: round(during.length / (consistentMs / 1000)),
      p50Ms: round(percentile(during, 0.5)),
      p99Ms: round(percentile(during, 0.99)),
      maxMs: round(during[during.length - 1] ?? NaN),
      errors,
      peakRssMb: server.peakRssMb(),
    };
    console.table({
      'merge answered (ms)': figures.mergeAnsweredMs,
      'report row of the new unit at 10,000 (ms)': figures.reportRowMs,
      'every item carried over, lists and report agree (ms)': figures.allTransferredMs,
      'other commands meanwhile': figures.commandsDuring,
      'their p50 / p99 / max (ms)': `${figures.p50Ms} / ${figures.p99Ms} / ${figures.maxMs}`,
      'server peak RSS (MB)': figures.peakRssMb,
    });
    console.log(JSON.stringify({ bench: 'unit-merger', ...figures }));
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
