/**
 * Verify beside live traffic (issue 15): `npm run bench:verify-load`.
 *
 * Writes 200,000 hash-chained events (200 streams of 1,000) into a SQLite event file, starts the
 * real server on it as a child process, then calls `GET /api/audit/verify` while a client keeps
 * asking `/health`, and three more verifies at once. Reports how long the walk took, `/health`
 * p50/p99/max while it ran, and whether the concurrent calls shared one walk.
 *
 * Before verify moved to a worker thread the issue measured, at 200,000 events, 4.6 s with the
 * event loop blocked: every request waited for the whole walk. `BENCH_EVENTS=50000` runs less.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TokenService } from '../src/auth/token.service';
import { SQLITE_FILE } from '../src/event-store/event-store.module';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { chainEvents, EMPTY_CHAIN } from '../src/event-sourcing/hash-chain';
import { freePort, startServerProcess } from '../test/support/server-process';
import { percentile, round } from './support/measure';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const PER_STREAM = 1_000;
const SECRET = 'verify-load-bench-secret-0123456789abcdef';

async function populate(dataDir: string): Promise<void> {
  const store = new SqliteEventStore(join(dataDir, SQLITE_FILE));
  try {
    const actor = { sub: 'bench', role: 'office', unit: null, name: 'Văn phòng' };
    for (let s = 0; s < EVENTS / PER_STREAM; s++) {
      const streamId = `bench-${s}`;
      const events = chainEvents(
        streamId,
        EMPTY_CHAIN,
        Array.from({ length: PER_STREAM }, (_, n) => ({
          id: randomUUID(),
          type: 'BenchRecorded',
          data: { n, note: 'Ghi nhận kiểm thử tải.' },
          metadata: {
            actor,
            occurredAt: new Date().toISOString(),
            correlationId: randomUUID(),
            causationId: null,
            commandId: randomUUID(),
            schemaVersion: 1,
          },
        })),
      );
      await store.appendToStream(streamId, events, { expectedRevision: 'no-stream' });
    }
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'verify-load-'));
  const auditor = new TokenService(SECRET).sign({ sub: 'bench', name: 'KTNN', role: 'auditor' });
  try {
    await populate(dataDir);
    const server = await startServerProcess(
      { DATA_DIR: dataDir, DEMO: 'false', AUTH_SECRET: SECRET },
      await freePort(),
      { compiled: true },
    );
    try {
      const verify = async () => {
        const res = await fetch(`${server.url}/api/audit/verify`, {
          headers: { authorization: `Bearer ${auditor}` },
        });
        if (!res.ok) throw new Error(`verify: ${res.status} ${await res.text()}`);
        return (await res.json()) as { ok: boolean; events: number; startedAt: string };
      };
      let walking = true;
      const started = performance.now();
      const walk = verify().finally(() => (walking = false));
      const health: number[] = [];
      while (walking) {
        const t0 = performance.now();
        await fetch(`${server.url}/health`).then((r) => r.text());
        health.push(performance.now() - t0);
      }
      const report = await walk;
      const walkSeconds = (performance.now() - started) / 1000;
      health.sort((a, b) => a - b);

      const together = await Promise.all([verify(), verify(), verify()]);
      const result = {
        events: report.events,
        ok: report.ok,
        verifySeconds: round(walkSeconds, 2),
        healthDuringVerify: health.length,
        healthP50Ms: round(percentile(health, 0.5), 2),
        healthP99Ms: round(percentile(health, 0.99), 2),
        healthMaxMs: round(health[health.length - 1], 2),
        concurrentCallsShareOneWalk: new Set(together.map((r) => r.startedAt)).size === 1,
        serverPeakRssMb: server.peakRssMb(),
      };
      console.table(result);
      console.log(JSON.stringify(result));
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
