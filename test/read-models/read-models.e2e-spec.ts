import { startApp, removeDir, type AppHarness } from './app-harness';
import { calendarMissing } from '../support/test-app';

// In their own worker thread (the default) and on the HTTP thread (READ_MODELS_THREAD=main).
describe.each(['worker', 'main'])('read models over HTTP (%s thread)', (thread) => {
  let h: AppHarness;

  beforeAll(async () => {
    h = await startApp(undefined, { READ_MODELS_THREAD: thread });
    const admin = h.token('admin');
    for (const unit of [
      { id: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department' },
      { id: 'so-tai-chinh', name: 'Sở Tài chính', kind: 'department' },
      { id: 'xa-thanh-ba', name: 'Xã Thanh Ba', kind: 'commune' },
      { id: 'xa-quang-yen', name: 'Xã Quảng Yên', kind: 'commune' },
    ]) {
      await h.http.post('/api/units').set('Authorization', admin).send(unit).expect(201);
    }
  });

  afterAll(async () => {
    await h.close();
    removeDir(h.dataDir);
  });

  async function raise(body: object, role = 'office' as const, unit?: string) {
    const res = await h.http
      .post('/api/items')
      .set('Authorization', h.token(role, unit))
      .send(body)
      .expect(201);
    return res.body as { id: string; position: string };
  }

  it('lists a new item at once with minPosition, found by a search without diacritics', async () => {
    const { id, position } = await raise({
      kind: 'directive',
      title: 'Đẩy nhanh giải ngân vốn đầu tư công',
      communes: ['xa-thanh-ba'],
    });
    const res = await h.http
      .get('/api/items')
      .query({ q: 'giai ngan', minPosition: position })
      .set('Authorization', h.token('leader'))
      .expect(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 20, total: 1 });
    expect(res.body.items[0]).toMatchObject({ id, status: 'raised', timeliness: 'no-deadline' });
  });

  it('scopes the list of a unit user to the items that concern its unit', async () => {
    const { position } = await raise({ kind: 'directive', title: 'Rà soát biên chế' });
    const mine = await h.http
      .get('/api/items')
      .query({ minPosition: position })
      .set('Authorization', h.token('unit', 'xa-thanh-ba'))
      .expect(200);
    expect(mine.body.items.map((i: { title: string }) => i.title)).toEqual([
      'Đẩy nhanh giải ngân vốn đầu tư công',
    ]);
  });

  it('answers the overdue report and counts the unassigned items in the row without unit', async () => {
    const { position } = await raise({ kind: 'recommendation', title: 'Kinh phí trường học' });
    const res = await h.http
      .get('/api/reports/overdue')
      .query({ minPosition: position })
      .set('Authorization', h.token('auditor'))
      .expect(200);
    expect(res.body.rows).toEqual([
      expect.objectContaining({ unitId: null, total: 3, noDeadline: 3 }),
    ]);
    expect(res.body.totals).toMatchObject({ total: 3, noDeadline: 3, extended: 0 });
  });

  it('refuses the report to unit users and bad parameters', async () => {
    await h.http
      .get('/api/reports/overdue')
      .set('Authorization', h.token('unit', 'so-noi-vu'))
      .expect(403);
    const bad = await h.http
      .get('/api/reports/overdue')
      .query({ asOf: 'yesterday' })
      .set('Authorization', h.token('leader'))
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION', errors: [{ field: 'asOf' }] });
    await h.http
      .get('/api/items')
      .query({ minPosition: '-1' })
      .set('Authorization', h.token('leader'))
      .expect(400);
  });

  it('answers 503 with Retry-After when minPosition is not reached within 5 s', async () => {
    const res = await h.http
      .get('/api/items')
      .query({ minPosition: '999999' })
      .set('Authorization', h.token('leader'))
      .expect(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body.code).toBe('READ_MODEL.NOT_CAUGHT_UP');
  });

  it('pages the global log for auditors and verifies the hash chains', async () => {
    const page = await h.http
      .get('/api/audit/events')
      .query({ limit: 2 })
      .set('Authorization', h.token('auditor'))
      .expect(200);
    expect(page.body.events.map((e: { position: string }) => e.position)).toEqual(['1', '2']);
    expect(page.body.next).toBe('2');
    const verify = await h.http
      .get('/api/audit/verify')
      .set('Authorization', h.token('auditor'))
      .expect(200);
    expect(verify.body).toMatchObject({ ok: true, events: 7, breaks: [] });
    await h.http.get('/api/audit/verify').set('Authorization', h.token('leader')).expect(403);
  });

  it('shows the projector and its lag on /health', async () => {
    const res = await h.http.get('/health').set('Authorization', h.token('admin')).expect(200);
    expect(res.body).toMatchObject({
      store: { status: 'up', headPosition: '7' },
      projector: { state: 'live', checkpoint: '7', lag: 0 },
    });
    // Healthy read models; only a missing calendar year (from 1 October) may degrade it.
    expect(res.body.status).toBe(calendarMissing(res.body) ? 'degraded' : 'ok');
  });
});
