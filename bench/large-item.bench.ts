/**
 * One item made huge (issue 15): `npm run bench:large-item`.
 *
 * A lead unit posts 3,000 progress notes of 10,000 characters to one item (100 a business day, the
 * most the daily bound allows, dated over 30 days), through the real server as a child process.
 * Then measures, one request at a time over keep-alive:
 * - the item's detail: the first read (which folds the stream once) and then p50/p99;
 * - its history: the first page (size and time) and every page to the end;
 * - `/health` while 1, then 8, clients keep reading the item's history (and detail);
 * - the server's peak RSS (VmHWM).
 *
 * Before the kept fold and paged history, the issue measured detail 0.7 s, history 61 MB in 2.1 s,
 * `/health` waiting 1.5 s and RSS 500 MB at 3,000 notes. Prints a table, then one line of JSON.
 * `BENCH_NOTES=300` runs a smaller item.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TokenService } from '../src/auth/token.service';
import { PROGRESS_REPORTS_PER_DAY } from '../src/items/item.decider';
import { freePort, startServerProcess } from '../test/support/server-process';
import { callApi, percentile, round, type Answer } from './support/measure';

const NOTES = Number(process.env.BENCH_NOTES ?? 3_000);
const NOTE = 'Báo cáo tiến độ chi tiết. '.repeat(400).slice(0, 10_000);
const SECRET = 'large-item-bench-secret-0123456789abcdef';
const DAY_MS = 86_400_000;
const SAMPLES = 50;

const tokens = new TokenService(SECRET);
const office = tokens.sign({ sub: 'bench-office', name: 'Văn phòng', role: 'office' });
const lead = tokens.sign({ sub: 'bench-unit', name: 'Sở', role: 'unit', unit: 'so-noi-vu' });
const admin = tokens.sign({ sub: 'bench-admin', name: 'Quản trị', role: 'admin' });

/** The server's resident memory now (VmRSS), MB. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** `/health` latencies (sorted) while `readers` clients keep reading the item's detail and history. */
async function healthWhileReading(url: string, id: string, readers: number): Promise<number[]> {
  let reading = true;
  const running = Array.from({ length: readers }, async (_, r) => {
    while (reading) {
      await callApi(url, office, r % 2 ? `/api/items/${id}` : `/api/items/${id}/history`);
    }
  });
  const health: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await fetch(`${url}/health`).then((r) => r.text());
    health.push(performance.now() - started);
  }
  reading = false;
  await Promise.all(running);
  return health.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'large-item-'));
  const port = await freePort();
  const server = await startServerProcess(
    { DATA_DIR: dataDir, DEMO: 'false', AUTH_SECRET: SECRET, AUTH_FAILURES_PER_MINUTE: '100000' },
    port,
    { compiled: true },
  );
  try {
    const url = server.url;
    await callApi(url, admin, '/api/units', {
      id: 'so-noi-vu',
      name: 'Sở Nội vụ',
      kind: 'department',
    });
    const days = Math.ceil(NOTES / PROGRESS_REPORTS_PER_DAY);
    const startMs = Date.now() - (days + 2) * DAY_MS;
    const raised = await callApi(url, office, '/api/items', {
      kind: 'directive',
      title: 'Một việc bị ghi chú quá nhiều',
      occurredAt: new Date(startMs).toISOString(),
    });
    const id = (raised.json as { id: string }).id;
    await callApi(url, office, `/api/items/${id}/assign`, {
      leadUnit: 'so-noi-vu',
      occurredAt: new Date(startMs + 60_000).toISOString(),
    });
    const writeStarted = performance.now();
    for (let n = 0; n < NOTES; n++) {
      const day = Math.floor(n / PROGRESS_REPORTS_PER_DAY) + 1;
      const at = startMs + day * DAY_MS + (n % PROGRESS_REPORTS_PER_DAY) * 60_000;
      await callApi(url, lead, `/api/items/${id}/progress`, {
        note: NOTE,
        occurredAt: new Date(at).toISOString(),
      });
    }
    const writeSeconds = (performance.now() - writeStarted) / 1000;

    // A fresh server: the first read of the item folds its whole stream once.
    await server.stop();
    const fresh = await startServerProcess(
      { DATA_DIR: dataDir, DEMO: 'false', AUTH_SECRET: SECRET, AUTH_FAILURES_PER_MINUTE: '100000' },
      port,
      { compiled: true },
    );
    try {
      const rss: Record<string, number> = { afterStart: rssMb(fresh.child.pid!) };
      const first = await callApi(fresh.url, office, `/api/items/${id}`);
      rss.afterFirstDetail = rssMb(fresh.child.pid!);
      const detail: number[] = [];
      for (let i = 0; i < SAMPLES; i++)
        detail.push((await callApi(fresh.url, office, `/api/items/${id}`)).ms);
      detail.sort((a, b) => a - b);

      const firstPage = await callApi(fresh.url, office, `/api/items/${id}/history`);
      let pages = 0;
      let bytes = 0;
      const allStarted = performance.now();
      for (let path: string | null = `/api/items/${id}/history`; path;) {
        const page: Answer<unknown> = await callApi(fresh.url, office, path);
        pages++;
        bytes += page.bytes;
        path = page.link ? /^<([^>]+)>/.exec(page.link)![1] : null;
      }
      const allMs = performance.now() - allStarted;

      rss.afterAllHistory = rssMb(fresh.child.pid!);
      const healthOne = await healthWhileReading(fresh.url, id, 1);
      const healthEight = await healthWhileReading(fresh.url, id, 8);

      const result = {
        notes: NOTES,
        writeSeconds: round(writeSeconds),
        detailFirstMs: round(first.ms),
        detailP50Ms: round(percentile(detail, 0.5), 2),
        detailP99Ms: round(percentile(detail, 0.99), 2),
        historyFirstPageMs: round(firstPage.ms),
        historyFirstPageMb: round(firstPage.bytes / 1e6, 2),
        historyAllPages: pages,
        historyAllMs: round(allMs),
        historyAllMb: round(bytes / 1e6),
        healthBeside1ReaderP50Ms: round(percentile(healthOne, 0.5), 2),
        healthBeside1ReaderP99Ms: round(percentile(healthOne, 0.99), 2),
        healthBeside8ReadersP50Ms: round(percentile(healthEight, 0.5), 2),
        healthBeside8ReadersP99Ms: round(percentile(healthEight, 0.99), 2),
        serverRssAfterStartMb: rss.afterStart,
        serverRssAfterFirstDetailMb: rss.afterFirstDetail,
        serverRssAfterAllHistoryMb: rss.afterAllHistory,
        serverPeakRssMb: fresh.peakRssMb(),
      };
      console.table(result);
      console.log(JSON.stringify(result));
    } finally {
      await fresh.stop();
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
