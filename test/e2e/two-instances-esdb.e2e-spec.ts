import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenService } from '../../src/auth/token.service';
import { startFakeEsdb, type FakeEsdb } from '../support/fake-esdb/fake-esdb';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * Scale-out on EventStoreDB: two app processes share one log, each with its own local read models.
 * A write through one is visible through the other with `minPosition`; conflicting writes through
 * both give one success and one 412.
 */
const SECRET = 'two-instances-secret-two-instances-secret';
const tokens = new TokenService(SECRET);
const office = tokens.sign({ sub: 'office-1', name: 'Văn phòng', role: 'office' });
const admin = tokens.sign({ sub: 'admin-1', name: 'Quản trị', role: 'admin' });
const lead = tokens.sign({ sub: 'noi-vu-1', name: 'Sở Nội vụ', role: 'unit', unit: 'so-noi-vu' });

describe('two app instances on one EventStoreDB', () => {
  jest.setTimeout(120_000);
  let esdb: FakeEsdb;
  const dirs: string[] = [];
  let a: ServerProcess;
  let b: ServerProcess;

  const call = async (
    server: ServerProcess,
    method: string,
    path: string,
    token: string,
    body?: object,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(server.url + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response shapes are checked by the assertions
    return { status: res.status, headers: res.headers, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    esdb = await startFakeEsdb();
    const start = (port: number) => {
      const dir = mkdtempSync(join(tmpdir(), 'instance-'));
      dirs.push(dir);
      return startServerProcess(
        {
          DATA_DIR: dir,
          DEMO: 'false',
          AUTH_SECRET: SECRET,
          EVENT_STORE: 'esdb',
          EVENTSTORE_CONNECTION_STRING: esdb.connectionString,
        },
        port,
      );
    };
    const base = 4100 + Math.floor(Math.random() * 400);
    [a, b] = await Promise.all([start(base), start(base + 1)]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await esdb?.stop();
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('shows a write made through one instance in the other, with minPosition', async () => {
    expect(
      (
        await call(a, 'POST', '/api/units', admin, {
          id: 'so-noi-vu',
          name: 'Sở Nội vụ',
          kind: 'department',
        })
      ).status,
    ).toBe(201);
    const raised = await call(a, 'POST', '/api/items', office, {
      kind: 'directive',
      title: 'Viết ở A, đọc ở B',
    });
    expect(raised.status).toBe(201);
    const list = await call(
      b,
      'GET',
      `/api/items?q=${encodeURIComponent('doc o B')}&minPosition=${raised.body.position}`,
      office,
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([raised.body.id]);
    // Commands through B see A's units and item at once: they read the shared log.
    const assigned = await call(b, 'POST', `/api/items/${raised.body.id}/assign`, office, {
      leadUnit: 'so-noi-vu',
    });
    expect(assigned.status).toBe(200);
  });

  it('lets exactly one of two conflicting writes through both instances succeed', async () => {
    const raised = await call(a, 'POST', '/api/items', office, {
      kind: 'directive',
      title: 'Hai nơi cùng ghi',
    });
    await call(a, 'POST', `/api/items/${raised.body.id}/assign`, office, { leadUnit: 'so-noi-vu' });
    const seen = await call(b, 'GET', `/api/items/${raised.body.id}`, lead);
    const etag = seen.headers.get('etag')!;
    const results = await Promise.all(
      [a, b].map((server, i) =>
        call(
          server,
          'POST',
          `/api/items/${raised.body.id}/progress`,
          lead,
          { note: `Báo cáo từ ${i}` },
          { 'if-match': etag },
        ),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const history = await call(a, 'GET', `/api/items/${raised.body.id}/history`, office);
    expect(
      history.body.filter((e: { type: string }) => e.type === 'ProgressReported'),
    ).toHaveLength(1);
  });
});
