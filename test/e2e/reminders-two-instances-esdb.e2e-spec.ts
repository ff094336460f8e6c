import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenService } from '../../src/auth/token.service';
import { startFakeEsdb, type FakeEsdb } from '../support/fake-esdb/fake-esdb';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * Two app processes on one EventStoreDB, both with their reminder engines ticking every 200 ms:
 * a reminder that comes due is recorded once, whichever instance gets there first.
 */
const SECRET = 'two-engines-secret-two-engines-secret-0123';
const tokens = new TokenService(SECRET);
const office = tokens.sign({ sub: 'office-1', name: 'Văn phòng', role: 'office' });
const admin = tokens.sign({ sub: 'admin-1', name: 'Quản trị', role: 'admin' });

describe('two reminder engines on one EventStoreDB', () => {
  jest.setTimeout(120_000);
  let esdb: FakeEsdb;
  const dirs: string[] = [];
  let a: ServerProcess;
  let b: ServerProcess;

  async function call(
    server: ServerProcess,
    method: string,
    path: string,
    token: string,
    body?: object,
  ) {
    const res = await fetch(server.url + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string; position: string; type?: string }[] & {
      id: string;
      position: string;
    };
  }

  beforeAll(async () => {
    esdb = await startFakeEsdb();
    const start = async () => {
      const dir = mkdtempSync(join(tmpdir(), 'engine-'));
      dirs.push(dir);
      return startServerProcess(
        {
          DATA_DIR: dir,
          DEMO: 'false',
          AUTH_SECRET: SECRET,
          EVENT_STORE: 'esdb',
          EVENTSTORE_CONNECTION_STRING: esdb.connectionString,
          REMINDER_INTERVAL_MS: '200',
        },
        await freePort(),
      );
    };
    a = await start();
    b = await start();
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await esdb?.stop();
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('records an overdue reminder once although both engines find it due', async () => {
    // Any time of day, so the test does not depend on the clock.
    await call(a, 'PUT', '/api/reminder-rules', admin, {
      rules: [{ id: 'overdue-0', when: 'overdue', workingDays: 0, notify: ['lead-unit'] }],
      sendWindow: null,
    });
    await call(a, 'POST', '/api/units', admin, {
      id: 'so-noi-vu',
      name: 'Sở Nội vụ',
      kind: 'department',
    });
    const items: string[] = [];
    for (let i = 0; i < 5; i++) {
      const raised = await call(b, 'POST', '/api/items', office, {
        kind: 'directive',
        title: `Quá hạn ${i}`,
        occurredAt: '2026-01-05T02:00:00Z',
      });
      await call(i % 2 ? a : b, 'POST', `/api/items/${raised.id}/assign`, office, {
        leadUnit: 'so-noi-vu',
        deadline: { type: 'date', date: '2026-01-19' },
        occurredAt: '2026-01-05T03:00:00Z',
      });
      items.push(raised.id);
    }
    const fired = async (id: string) =>
      (await call(a, 'GET', `/api/items/${id}/history`, office)).filter(
        (e) => e.type === 'ReminderFired',
      ).length;
    const deadline = Date.now() + 30_000;
    while ((await Promise.all(items.map(fired))).some((n) => n === 0)) {
      if (Date.now() > deadline) throw new Error('The reminders were not fired');
      await new Promise((r) => setTimeout(r, 200));
    }
    // Both engines have had many more ticks to fire them again.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await Promise.all(items.map(fired))).toEqual([1, 1, 1, 1, 1]);
  });
});
