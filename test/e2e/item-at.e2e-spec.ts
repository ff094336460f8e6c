import { registerTestUnits, startTestApp, type TestApp } from '../support/test-app';

/** API.md "Audit (more)": an item at any past moment, and what each event changed. */
describe('An item at a past moment, and its changes (HTTP)', () => {
  let t: TestApp;
  let office: string;
  let auditor: string;
  let id: string;
  let afterAssign: string;

  const get = (path: string, token = auditor) =>
    t.http.get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, body: object, token = office) =>
    t.http.post(path).set('Authorization', `Bearer ${token}`).send(body).expect(200);

  beforeAll(async () => {
    t = await startTestApp();
    await registerTestUnits(t);
    office = t.token('office');
    auditor = t.token('auditor');
    const raised = await t.http
      .post('/api/items')
      .set('Authorization', `Bearer ${office}`)
      .send({
        kind: 'directive',
        title: 'Rà soát kiến nghị',
        occurredAt: '2026-01-05T09:00:00+07:00',
      })
      .expect(201);
    id = raised.body.id;
    await post(`/api/items/${id}/assign`, {
      leadUnit: 'so-noi-vu',
      deadline: { type: 'date', date: '2026-02-27' },
      occurredAt: '2026-01-06T09:00:00+07:00',
    });
    afterAssign = new Date().toISOString();
    // Recorded now, but dated in January: "what was true then" and "what was shown then" differ.
    await post(
      `/api/items/${id}/progress`,
      { note: 'Đã họp', percent: 40, occurredAt: '2026-01-08T09:00:00+07:00' },
      t.token('unit', 'so-noi-vu'),
    );
  });
  afterAll(() => t.close());

  it('folds only the events at or before asOf on the business-time basis', async () => {
    const res = await get(`/api/items/${id}?asOf=2026-01-05`).expect(200);
    expect(res.body).toMatchObject({
      id,
      status: 'raised',
      leadUnit: null,
      revision: '0',
      asOf: '2026-01-05T17:00:00.000Z',
      basis: 'effective',
    });
    expect(res.headers.etag).toBeUndefined();
    const later = await get(`/api/items/${id}?asOf=2026-01-07T00:00:00%2B07:00`).expect(200);
    expect(later.body).toMatchObject({ status: 'assigned', leadUnit: 'so-noi-vu', revision: '1' });
    const withProgress = await get(`/api/items/${id}?asOf=2026-01-09`).expect(200);
    expect(withProgress.body).toMatchObject({ status: 'in-progress', revision: '2' });
    expect(withProgress.body.progress).toMatchObject({ note: 'Đã họp', percent: 40 });
  });

  it('judges timeliness at asOf, not today', async () => {
    const early = await get(`/api/items/${id}?asOf=2026-01-09`).expect(200);
    expect(early.body.timeliness).toBe('on-time');
    const now = await get(`/api/items/${id}`).expect(200);
    expect(now.body.timeliness).toBe('overdue');
  });

  it('on the recorded basis shows what the system held at that moment', async () => {
    const res = await get(
      `/api/items/${id}?asOf=${encodeURIComponent(afterAssign)}&basis=recorded`,
    ).expect(200);
    expect(res.body).toMatchObject({ status: 'assigned', revision: '1', basis: 'recorded' });
    // Everything was recorded today: on 9 January the system knew nothing of the item.
    await get(`/api/items/${id}?asOf=2026-01-09&basis=recorded`).expect(404);
  });

  it('answers 404 before the item was raised, 400 for a future or unreadable asOf or basis', async () => {
    const before = await get(`/api/items/${id}?asOf=2026-01-04`).expect(404);
    expect(before.body.code).toBe('ITEM.NOT_FOUND');
    for (const [query, field] of [
      ['asOf=2999-01-01', 'asOf'],
      ['asOf=yesterday', 'asOf'],
      ['asOf=2026-02-30', 'asOf'],
      [`asOf=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`, 'asOf'],
      ['asOf=2026-01-09&basis=whenever', 'basis'],
    ]) {
      const res = await get(`/api/items/${id}?${query}`).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    // Today is not in the future: it is the item as it stands now.
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const res = await get(`/api/items/${id}?asOf=${today}`).expect(200);
    expect(res.body.revision).toBe('2');
  });

  it('lists what each event changed, field by field', async () => {
    const res = await get(`/api/items/${id}/changes`).expect(200);
    expect(res.body.map((c: { type: string }) => c.type)).toEqual([
      'ItemRaised',
      'ItemAssigned',
      'ProgressReported',
    ]);
    const [raised, assigned, progress] = res.body;
    expect(raised).toMatchObject({
      revision: '0',
      occurredAt: '2026-01-05T02:00:00.000Z',
      actor: { role: 'office' },
    });
    expect(raised.changes).toContainEqual({ field: 'title', from: null, to: 'Rà soát kiến nghị' });
    expect(raised.changes).toContainEqual({ field: 'status', from: null, to: 'raised' });
    const assignedFields = Object.fromEntries(
      assigned.changes.map((c: { field: string; from: unknown; to: unknown }) => [c.field, c]),
    );
    expect(assignedFields.status).toEqual({ field: 'status', from: 'raised', to: 'assigned' });
    expect(assignedFields.leadUnit).toEqual({ field: 'leadUnit', from: null, to: 'so-noi-vu' });
    expect(assignedFields['deadline.current']).toEqual({
      field: 'deadline.current',
      from: null,
      to: '2026-02-27',
    });
    expect(assignedFields.title).toBeUndefined();
    expect(assignedFields.timeliness).toBeUndefined();
    expect(progress.changes).toContainEqual({
      field: 'status',
      from: 'assigned',
      to: 'in-progress',
    });
    expect(progress.actor).toMatchObject({ role: 'unit', unit: 'so-noi-vu' });
  });

  it('keeps the scope rules: a unit outside the item gets 403, an unknown id 404', async () => {
    await get(`/api/items/${id}/changes`, t.token('unit', 'so-y-te')).expect(403);
    await get(`/api/items/${id}?asOf=2026-01-09`, t.token('unit', 'so-y-te')).expect(403);
    await get('/api/items/00000000-0000-4000-8000-000000000000/changes').expect(404);
  });
});
