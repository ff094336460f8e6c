import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/app-config';
import { openEventStore } from '../../src/event-store/event-store.module';
import type { NewEvent } from '../../src/event-store/event-store.port';
import { verifyLog } from '../../src/event-sourcing/hash-chain';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * `test/fixtures/log-schema-v1.ndjson` is a log written before events were versioned: the demo
 * session plus a calendar declaration, every event at schema version 1, as this code's first
 * release stored them. It is replayed by today's code, through the upcasters, on a fresh store.
 */
const FIXTURE = join(__dirname, '..', 'fixtures', 'log-schema-v1.ndjson');

interface StoredLine {
  id: string;
  streamId: string;
  type: string;
  data: unknown;
  metadata: NewEvent['metadata'];
}

async function storeWithFixture(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'schema-v1-'));
  const store = await openEventStore(loadConfig({ DATA_DIR: dataDir, DEMO: 'false' }));
  const lines = readFileSync(FIXTURE, 'utf8').trim().split('\n');
  for (const line of lines) {
    const { id, streamId, type, data, metadata } = JSON.parse(line) as StoredLine;
    // The stored bytes, unchanged: ids, metadata and hashes as the old version wrote them.
    await store.appendToStream(streamId, [{ id, type, data, metadata }], {
      expectedRevision: 'any',
    });
  }
  await store.close();
  return dataDir;
}

describe('a log written at schema version 1, replayed by this version', () => {
  let old: TestApp;
  let fresh: TestApp;

  beforeAll(async () => {
    old = await startTestApp({ dataDir: await storeWithFixture() });
    fresh = await startTestApp({ demo: true });
  });
  afterAll(async () => {
    await old?.close();
    await fresh?.close();
  });

  it('is a version-1 log whose hash chains verify over the stored bytes', async () => {
    const events = await old.store.readAll({ limit: 1_000 });
    expect(events.length).toBeGreaterThan(100);
    expect(events.every((e) => e.metadata.schemaVersion === 1)).toBe(true);
    expect(await verifyLog(old.store)).toMatchObject({ ok: true, breaks: [] });
  });

  it('reads the old calendar declaration in its current shape: unconfirmed, no reference', async () => {
    const calendar = await old.http
      .get('/api/calendar')
      .set('Authorization', `Bearer ${old.token('office')}`)
      .expect(200);
    expect(calendar.body.years).toContainEqual({ year: 2027, declared: true, confirmed: false });
    expect(calendar.body.warnings).toContainEqual(
      expect.objectContaining({ code: 'CALENDAR.UNCONFIRMED', year: 2027 }),
    );
    const year = await old.http
      .get('/api/calendar/2027')
      .set('Authorization', `Bearer ${old.token('office')}`)
      .expect(200);
    expect(year.body.holidays).toContain('2027-02-08');
  });

  it('rebuilds the same read models as the demo seeded today', async () => {
    const office = (t: TestApp) => `Bearer ${t.token('office')}`;
    for (const path of [
      '/api/reports/overdue?groupBy=lead-unit&asOf=2026-06-30T17:00:00Z',
      '/api/reports/overdue?groupBy=commune&asOf=2026-03-31T17:00:00Z',
    ]) {
      const before = await old.http.get(path).set('Authorization', office(old)).expect(200);
      const now = await fresh.http.get(path).set('Authorization', office(fresh)).expect(200);
      expect(before.body.rows).toEqual(now.body.rows);
      expect(before.body.totals.total).toBeGreaterThan(0);
    }
    const list = (t: TestApp) =>
      t.http.get('/api/items?pageSize=100').set('Authorization', office(t)).expect(200);
    const [a, b] = [(await list(old)).body, (await list(fresh)).body];
    const summary = (page: { items: { id: string; status: string; deadline: unknown }[] }) =>
      page.items
        .map(({ id, status, deadline }) => ({ id, status, deadline }))
        .sort((x, y) => x.id.localeCompare(y.id));
    expect(summary(a)).toEqual(summary(b));
  });

  it('takes new commands on an item folded from version-1 events', async () => {
    const list = await old.http
      .get('/api/items?status=in-progress&pageSize=1')
      .set('Authorization', `Bearer ${old.token('office')}`)
      .expect(200);
    const item = list.body.items[0] as { id: string; leadUnit: string; revision: string };
    const written = await old.http
      .post(`/api/items/${item.id}/progress`)
      .set('Authorization', `Bearer ${old.token('unit', item.leadUnit)}`)
      .send({ note: 'Tiếp tục triển khai', percent: 60 })
      .expect(200);
    expect(BigInt(written.body.revision)).toBe(BigInt(item.revision) + 1n);
    expect(await verifyLog(old.store)).toMatchObject({ ok: true });
  });
});
