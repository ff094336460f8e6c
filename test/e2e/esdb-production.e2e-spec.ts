import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binaryEvent, EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startFakeEsdb, type FakeEsdb } from '../support/fake-esdb/fake-esdb';
import { registerTestUnits, startTestApp, type TestApp } from '../support/test-app';

/*
 * Issue 19 through the whole application on the wire-level EventStoreDB test server: what a
 * production cluster does to an instance (elections, leader changes, other writers, a reset
 * volume, a user without `$all`) and what the instance answers.
 */
describe('The app on EventStoreDB in production', () => {
  let fake: FakeEsdb;
  const apps: TestApp[] = [];

  beforeEach(async () => {
    fake = await startFakeEsdb();
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await fake.stop();
  });

  async function start(dataDir?: string): Promise<TestApp> {
    const app = await startTestApp({
      dataDir,
      env: { EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: fake.connectionString },
    });
    apps.push(app);
    return app;
  }

  /** Raises a directive as the office; answers the write's position. */
  async function raise(t: TestApp, title: string): Promise<string> {
    const res = await t.http
      .post('/api/items')
      .set('Authorization', `Bearer ${t.token('office')}`)
      .send({ kind: 'directive', title })
      .expect(201);
    return String(res.body.position);
  }

  async function titles(t: TestApp, minPosition: string): Promise<string[]> {
    const res = await t.http
      .get(`/api/items?minPosition=${minPosition}&pageSize=100`)
      .set('Authorization', `Bearer ${t.token('office')}`)
      .expect(200);
    return (res.body.items as { title: string }[]).map((item) => item.title).sort();
  }

  it('answers a write during an election with 503 and Retry-After, and takes the retry', async () => {
    const t = await start();
    for (const reason of ['not-ready', 'too-busy', 'no-leader-info'] as const) {
      fake.refuseAppends(reason);

      const refused = await t.http
        .post('/api/items')
        .set('Authorization', `Bearer ${t.token('office')}`)
        .set('Idempotency-Key', `election-${reason}`)
        .send({ kind: 'directive', title: `Trong bầu chọn (${reason})` });

      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBeDefined();
      expect(refused.body).toMatchObject({ status: 503, code: 'STORE.UNAVAILABLE' });
      await t.http
        .post('/api/items')
        .set('Authorization', `Bearer ${t.token('office')}`)
        .set('Idempotency-Key', `election-${reason}`)
        .send({ kind: 'directive', title: `Trong bầu chọn (${reason})` })
        .expect(201);
    }
  });

  it('decides on the new leader after a leader change the connection did not notice', async () => {
    const t = await start();
    await registerTestUnits(t);
    const id = (
      await t.http
        .post('/api/items')
        .set('Authorization', `Bearer ${t.token('office')}`)
        .send({ kind: 'directive', title: 'Trước bầu chọn' })
        .expect(201)
    ).body.id as string;
    const leader = await startFakeEsdb({ log: fake.log });
    try {
      fake.followLeader(leader);

      await t.http
        .post(`/api/items/${id}/assign`)
        .set('Authorization', `Bearer ${t.token('office')}`)
        .send({ leadUnit: 'so-noi-vu' })
        .expect(200);

      expect(leader.served.append).toBe(1);
      expect(leader.served.read).toBeGreaterThan(0);
    } finally {
      fake.followLeader(undefined);
      await leader.stop();
    }
  });

  it('leaves other writers’ events out: verify passes and the read models go on', async () => {
    const t = await start();
    const other = EventStoreDBClient.connectionString(fake.connectionString);
    // The web UI or another application on the same server: no metadata, binary, or its own.
    await other.appendToStream('orders-1', jsonEvent({ type: 'OrderPlaced', data: { n: 1 } }));
    const position = await raise(t, 'Giữa các sự kiện khác');
    await other.appendToStream('blobs-1', binaryEvent({ type: 'Blob', data: Buffer.from([1]) }));
    await other.appendToStream(
      'directive-foreign',
      jsonEvent({ type: 'ItemRaised', data: { title: 1 }, metadata: { by: 'someone else' } }),
    );
    await other.dispose();
    const last = await raise(t, 'Sau các sự kiện khác');

    expect(await titles(t, last)).toEqual(['Giữa các sự kiện khác', 'Sau các sự kiện khác']);
    const verify = await t.http
      .get('/api/audit/verify')
      .set('Authorization', `Bearer ${t.token('auditor')}`)
      .expect(200);
    expect(verify.body).toMatchObject({ ok: true, streams: 2, events: 2 });
    const health = await t.http
      .get('/health')
      .set('Authorization', `Bearer ${t.token('admin')}`)
      .expect(200);
    expect(health.body.projector.state).toBe('live');
    expect(health.body.projector.lastError).toBeUndefined();
    expect(BigInt(health.body.store.headPosition)).toBeGreaterThan(BigInt(position));
  });

  it('rebuilds read models whose checkpoints lie past the head of a reset log', async () => {
    const first = await start();
    const dataDir = first.dataDir;
    let last = '';
    for (const title of ['Cũ 1', 'Cũ 2', 'Cũ 3']) last = await raise(first, title);
    expect(await titles(first, last)).toEqual(['Cũ 1', 'Cũ 2', 'Cũ 3']);
    const oldFile = currentFile(dataDir);
    await first.close({ removeData: false });
    apps.splice(apps.indexOf(first), 1);

    await fake.resetLog();
    const second = await start(dataDir);
    const position = await raise(second, 'Mới');

    expect(BigInt(position)).toBeLessThan(BigInt(last));
    expect(await titles(second, position)).toEqual(['Mới']);
    expect(currentFile(dataDir)).not.toBe(oldFile);
  });

  it('rebuilds read models built from another log, even once the new log is longer', async () => {
    const first = await start();
    const dataDir = first.dataDir;
    const last = await raise(first, 'Cũ');
    expect(await titles(first, last)).toEqual(['Cũ']);
    await first.close({ removeData: false });
    apps.splice(apps.indexOf(first), 1);

    // A restore of another cluster's backup: a longer log, none of whose events are ours.
    await fake.resetLog();
    const elsewhere = await start();
    let newLast = '';
    for (const title of ['Khác 1', 'Khác 2', 'Khác 3', 'Khác 4']) {
      newLast = await raise(elsewhere, title);
    }
    await elsewhere.close();
    apps.splice(apps.indexOf(elsewhere), 1);
    expect(BigInt(newLast)).toBeGreaterThan(BigInt(last));

    const second = await start(dataDir);

    expect(await titles(second, newLast)).toEqual(['Khác 1', 'Khác 2', 'Khác 3', 'Khác 4']);
  });

  it('keeps read models that follow this log across a restart', async () => {
    const first = await start();
    const dataDir = first.dataDir;
    const last = await raise(first, 'Vẫn đây');
    expect(await titles(first, last)).toEqual(['Vẫn đây']);
    const file = currentFile(dataDir);
    await first.close({ removeData: false });
    apps.splice(apps.indexOf(first), 1);

    const second = await start(dataDir);

    expect(currentFile(dataDir)).toBe(file);
    expect(await titles(second, await raise(second, 'Thêm'))).toEqual(['Thêm', 'Vẫn đây']);
  });

  it('reports a user outside $all’s ACL on /health instead of retrying for ever', async () => {
    const t = await start();
    fake.denyAll(true);
    // The read side restarts its reading on the next start; the store check fails at once.
    const health = await t.http
      .get('/health')
      .set('Authorization', `Bearer ${t.token('admin')}`)
      .expect(503);

    expect(health.body.status).toBe('down');
    expect(health.body.store.error).toMatch(
      /needs to read and write its streams and to read \$all/,
    );
    const anonymous = await t.http.get('/health').expect(503);
    expect(anonymous.body).toEqual({ status: 'down' });
  });
});

function currentFile(dataDir: string): string {
  return readFileSync(join(dataDir, 'read-models', 'CURRENT'), 'utf8').trim();
}
