import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenService } from '../../src/auth/token.service';
import { verifyLog } from '../../src/event-sourcing/hash-chain';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { SQLITE_FILE } from '../../src/event-store/event-store.module';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * Crash safety of the real server: concurrent writers, `kill -9` at a random moment, restart,
 * retry what was in flight with the same idempotency keys, and check the log:
 * every write that got a 2xx is there, none is there twice, the hash chains verify, and the read
 * models converge to the log.
 */
const SECRET = 'crash-secret-crash-secret-crash-secret-0123';
const tokens = new TokenService(SECRET);
const leader = tokens.sign({ sub: 'crash-leader', name: 'Lãnh đạo', role: 'leader' });
const admin = tokens.sign({ sub: 'crash-admin', name: 'Quản trị', role: 'admin' });
const WRITERS = 12;
const KILL_POINTS = Number(process.env.CRASH_KILL_POINTS ?? 3);

interface Write {
  key: string;
  path: string | ((itemId: string) => string);
  body: object;
}
interface Ack {
  key: string;
  id: string;
  revision: string;
  position: string;
}

/** Each writer raises its own item, then reports progress on it: a chain of dependent writes. */
function writesOf(writer: number, round: number): Write[] {
  const prefix = `r${round}-w${writer}`;
  return [
    {
      key: `${prefix}-raise`,
      path: '/api/items',
      body: { kind: 'directive', title: `Chỉ đạo ${prefix}` },
    },
    {
      key: `${prefix}-assign`,
      path: (id) => `/api/items/${id}/assign`,
      body: { leadUnit: 'so-noi-vu' },
    },
    // Within the day's bound on progress reports per item (PROGRESS_REPORTS_PER_DAY).
    ...Array.from({ length: 80 }, (_, n) => ({
      key: `${prefix}-p${n}`,
      path: (id: string) => `/api/items/${id}/progress`,
      body: { note: `Báo cáo lần ${n}`, percent: n },
    })),
  ];
}

/** A client's retry on a network error (a dropped connection): the idempotency key makes it safe. */
async function sendWithRetry(url: string, write: Write, itemId: string | undefined): Promise<Ack> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(url, write, itemId);
    } catch (error) {
      if (!(error instanceof TypeError) || attempt >= 5) throw error;
    }
  }
}

async function send(url: string, write: Write, itemId: string | undefined): Promise<Ack> {
  const path = typeof write.path === 'string' ? write.path : write.path(itemId!);
  const res = await fetch(url + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${leader}`,
      'idempotency-key': write.key,
    },
    body: JSON.stringify(write.body),
  });
  if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return { key: write.key, ...((await res.json()) as Omit<Ack, 'key'>) };
}

function maxPosition(acks: Iterable<Ack>): string {
  let max = 0n;
  for (const ack of acks) if (BigInt(ack.position) > max) max = BigInt(ack.position);
  return max.toString();
}

/** Every item the read models list, with its revision, once they have caught up to `minPosition`. */
async function listAllItems(url: string, minPosition: string): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  for (let page = 1; ; page++) {
    const res = await fetch(
      `${url}/api/items?pageSize=100&page=${page}&minPosition=${minPosition}`,
      {
        headers: { authorization: `Bearer ${leader}` },
      },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { id: string; revision: string }[]; total: number };
    body.items.forEach((item) => items.set(item.id, item.revision));
    if (page * 100 >= body.total) return items;
  }
}

describe('crash: kill -9 under concurrent writes', () => {
  jest.setTimeout(180_000);
  let dataDir: string;
  let server: ServerProcess | undefined;
  const port = 3990 + Math.floor(Math.random() * 9);
  const env = () => ({ DATA_DIR: dataDir, DEMO: 'false', AUTH_SECRET: SECRET });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'crash-'));
    server = await startServerProcess(env(), port);
    const res = await fetch(`${server.url}/api/units`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ id: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department' }),
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`loses nothing acknowledged and duplicates nothing, over ${KILL_POINTS} kill points`, async () => {
    const acked = new Map<string, Ack>();
    let cutOff = 0;
    for (let round = 0; round < KILL_POINTS; round++) {
      const plans = Array.from({ length: WRITERS }, (_, w) => writesOf(w, round));
      const itemIds = new Map<number, string>();
      const progress = new Array<number>(WRITERS).fill(0);
      const url = server!.url;
      // Each writer goes through its writes in order until the server dies under it.
      const writers = plans.map(async (writes, w) => {
        for (; progress[w] < writes.length; progress[w]++) {
          const ack = await send(url, writes[progress[w]], itemIds.get(w));
          acked.set(ack.key, ack);
          if (progress[w] === 0) itemIds.set(w, ack.id);
        }
      });
      // The kill will cut writers off mid-request; that is the point, not a failure.
      writers.forEach((writer) => writer.catch(() => undefined));
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
      await server!.stop('SIGKILL');
      await Promise.allSettled(writers);

      cutOff += plans.reduce((n, writes, w) => n + writes.length - progress[w], 0);
      server = await startServerProcess(env(), port);
      // Retry everything that was not acknowledged, with the same keys, as a client would.
      await Promise.all(
        plans.map(async (writes, w) => {
          for (; progress[w] < writes.length; progress[w]++) {
            const ack = await sendWithRetry(server!.url, writes[progress[w]], itemIds.get(w));
            const first = acked.get(ack.key);
            if (first) expect(ack).toEqual(first);
            acked.set(ack.key, ack);
            if (progress[w] === 0) itemIds.set(w, ack.id);
          }
        }),
      );
    }

    // The kills really landed mid-stream: some writes were left to retry after a restart.
    expect(cutOff).toBeGreaterThan(0);
    const listed = await listAllItems(server!.url, maxPosition(acked.values()));
    const store = new SqliteEventStore(join(dataDir, SQLITE_FILE));
    try {
      const log: RecordedEvent[] = [];
      for (let after: bigint | undefined; ;) {
        const page = await store.readAll({ after, limit: 1000 });
        log.push(...page);
        if (page.length < 1000) break;
        after = page[page.length - 1].position;
      }
      const byKey = new Map<string, RecordedEvent[]>();
      for (const e of log) {
        const key = e.metadata.idempotencyKey;
        if (key) byKey.set(key, [...(byKey.get(key) ?? []), e]);
      }
      // Every acknowledged write is in the log, where its answer said.
      for (const ack of acked.values()) {
        const events = byKey.get(ack.key);
        expect(events).toBeDefined();
        const last = events![events!.length - 1];
        expect([last.position.toString(), last.revision.toString()]).toEqual([
          ack.position,
          ack.revision,
        ]);
      }
      // Each command appended exactly one event: no write appears twice.
      for (const [, events] of byKey) expect(events).toHaveLength(1);
      expect(byKey.size).toBe(KILL_POINTS * WRITERS * writesOf(0, 0).length);
      expect(await verifyLog(store)).toMatchObject({ ok: true, breaks: [] });
      // The read models converged to the log: every item, at its last revision, and nothing else.
      const lastRevision = new Map<string, string>();
      for (const e of log) {
        if (e.streamId.startsWith('directive-'))
          lastRevision.set(e.streamId.slice('directive-'.length), e.revision.toString());
      }
      expect(listed).toEqual(lastRevision);
    } finally {
      await store.close();
    }
  });
});
