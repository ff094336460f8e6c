import { registerTestUnits, startTestApp, type TestApp } from '../support/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString();
const dateDaysAgo = (n: number) =>
  new Date(Date.now() + 7 * 3_600_000 - n * DAY_MS).toISOString().slice(0, 10);

interface Page {
  items: {
    id: string;
    status: string;
    timeliness: string;
    leadUnit: string | null;
    reworkRequested: boolean;
  }[];
  total: number;
  asOf?: string;
  basis?: string;
}

/** Issue 14 over HTTP: work queues, lists at a past date, and cancelled items' timeliness. */
describe('work queues, past-date lists and cancelled items (issue 14)', () => {
  let t: TestApp;
  let office: string;
  let noiVu: string;
  let yTe: string;
  const post = (path: string, body: object, token = office) =>
    t.http.post(path).set('Authorization', `Bearer ${token}`).send(body).expect(200);
  const get = (path: string, token = office) =>
    t.http.get(path).set('Authorization', `Bearer ${token}`);
  const ids = (page: Page) => page.items.map((i) => i.id).sort();

  /** A directive raised `ago` days back, optionally assigned a day later. */
  async function raise(title: string, ago: number, lead?: string, extra: object = {}) {
    const res = await t.http
      .post('/api/items')
      .set('Authorization', `Bearer ${office}`)
      .send({ kind: 'directive', title, occurredAt: daysAgo(ago) })
      .expect(201);
    const id: string = res.body.id;
    if (lead) {
      await post(`/api/items/${id}/assign`, {
        leadUnit: lead,
        occurredAt: daysAgo(ago - 1),
        ...extra,
      });
    }
    return id;
  }

  let unassigned: string;
  let toReview: string;
  let extension: string;
  let returned: string;
  let supported: string;
  let cancelled: string;
  let overdueThenDone: string;

  beforeAll(async () => {
    t = await startTestApp();
    await registerTestUnits(t);
    office = t.token('office');
    noiVu = t.token('unit', 'so-noi-vu');
    yTe = t.token('unit', 'so-y-te');
    unassigned = await raise('Chưa giao', 30);
    toReview = await raise('Chờ duyệt', 30, 'so-noi-vu');
    await post(`/api/items/${toReview}/complete`, { summary: 'Xong' }, noiVu);
    extension = await raise('Xin gia hạn', 30, 'so-noi-vu', {
      deadline: { type: 'date', date: dateDaysAgo(-60) },
    });
    await post(
      `/api/items/${extension}/extension-request`,
      { proposedDueDate: dateDaysAgo(-90), reason: 'Chờ vốn' },
      noiVu,
    );
    returned = await raise('Trả lại làm lại', 30, 'so-noi-vu');
    await post(`/api/items/${returned}/complete`, { summary: 'Xong' }, noiVu);
    await post(`/api/items/${returned}/review`, { verdict: 'return', comment: 'Thiếu số liệu' });
    supported = await raise('Phối hợp', 30, 'so-y-te', { supportingUnits: ['so-noi-vu'] });
    // Overdue 20 days ago, then cancelled 10 days ago: overdue then, cancelled now.
    cancelled = await raise('Rút lại', 60, 'so-noi-vu', {
      deadline: { type: 'date', date: dateDaysAgo(40) },
    });
    await post(`/api/items/${cancelled}/cancel`, { reason: 'Rút', occurredAt: daysAgo(10) });
    // Overdue 20 days ago, completed late since.
    overdueThenDone = await raise('Xong muộn', 60, 'so-y-te', {
      deadline: { type: 'date', date: dateDaysAgo(40) },
    });
    await post(`/api/items/${overdueThenDone}/resolve`, {
      outcome: 'completed',
      note: 'Đã xong',
      occurredAt: daysAgo(5),
    });
  });
  afterAll(() => t.close());

  it("counts and lists the office's queues", async () => {
    const queues = (await get('/api/items/queues').expect(200)).body.queues;
    expect(queues).toEqual([
      { name: 'extension-requests', count: 1 },
      { name: 'to-review', count: 1 },
      { name: 'unassigned', count: 1 },
    ]);
    const list = async (queue: string) =>
      ids((await get(`/api/items?queue=${queue}`).expect(200)).body);
    expect(await list('extension-requests')).toEqual([extension]);
    expect(await list('to-review')).toEqual([toReview]);
    expect(await list('unassigned')).toEqual([unassigned]);
  });

  it("counts and lists a unit's queues, with rework flagged", async () => {
    const queues = (await get('/api/items/queues', noiVu).expect(200)).body.queues;
    expect(queues).toEqual([
      { name: 'leading', count: 3 },
      { name: 'supporting', count: 1 },
      { name: 'named', count: 0 },
      { name: 'returned', count: 1 },
    ]);
    const list = async (queue: string) =>
      ids((await get(`/api/items?queue=${queue}`, noiVu).expect(200)).body);
    expect(await list('leading')).toEqual([toReview, extension, returned].sort());
    expect(await list('supporting')).toEqual([supported]);
    expect(await list('returned')).toEqual([returned]);
    const leading: Page = (await get('/api/items?queue=leading', noiVu).expect(200)).body;
    expect(leading.items.filter((i) => i.reworkRequested).map((i) => i.id)).toEqual([returned]);
  });

  it('counts the open items a merger of a unit would carry over, for an admin', async () => {
    const admin = t.token('admin');
    const count = (await get('/api/items/open-count?unit=so-noi-vu', admin).expect(200)).body;
    // It leads three open items and supports one; the cancelled one is closed.
    expect(count).toEqual({ unitId: 'so-noi-vu', openItems: 4 });
    expect((await get('/api/items/open-count?unit=so-noi-vu', noiVu)).status).toBe(403);
    const bad = await get('/api/items/open-count?unit=Not%20A%20Unit', admin);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('unit');
  });

  it("refuses another role's queue with a field error", async () => {
    const res = await get('/api/items?queue=leading', office);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('queue');
    expect((await get('/api/items?queue=to-review', yTe)).status).toBe(400);
  });

  it('gives a cancelled item the timeliness `cancelled`, listed under that filter only', async () => {
    expect((await get(`/api/items/${cancelled}`).expect(200)).body.timeliness).toBe('cancelled');
    expect(ids((await get('/api/items?timeliness=cancelled').expect(200)).body)).toEqual([
      cancelled,
    ]);
    for (const timeliness of ['overdue', 'on-time', 'due-soon', 'no-deadline']) {
      const page: Page = (await get(`/api/items?timeliness=${timeliness}`).expect(200)).body;
      expect(ids(page)).not.toContain(cancelled);
    }
  });

  it("lists items as they stood at a past date, totals equal to the report's", async () => {
    const asOf = dateDaysAgo(20);
    for (const basis of ['effective', 'recorded']) {
      const page: Page = (
        await get(`/api/items?asOf=${asOf}&basis=${basis}&timeliness=overdue`).expect(200)
      ).body;
      const report = (await get(`/api/reports/overdue?asOf=${asOf}&basis=${basis}`).expect(200))
        .body;
      expect(page.total).toBe(report.totals.openOverdue);
      expect(page).toMatchObject({ basis });
      expect(page.asOf!.slice(0, 10)).toBe(
        new Date(Date.parse(`${asOf}T17:00:00Z`)).toISOString().slice(0, 10),
      );
      if (basis === 'effective') {
        // Both were overdue then; today one is cancelled and the other completed late.
        expect(ids(page)).toEqual([cancelled, overdueThenDone].sort());
        expect(page.items.every((i) => i.timeliness === 'overdue' && i.status !== 'resolved')).toBe(
          true,
        );
      }
    }
    // Recorded today, the acts were not in the system 20 days ago.
    const recorded: Page = (await get(`/api/items?asOf=${asOf}&basis=recorded`).expect(200)).body;
    expect(recorded.total).toBe(0);
  });

  it('lists the items without a lead unit, now and at a past date', async () => {
    expect(ids((await get('/api/items?unassigned=true').expect(200)).body)).toEqual([unassigned]);
    const asOf = dateDaysAgo(20);
    const page: Page = (await get(`/api/items?asOf=${asOf}&unassigned=true`).expect(200)).body;
    const report = (await get(`/api/reports/overdue?asOf=${asOf}`).expect(200)).body;
    const row = report.rows.find((r: { unitId: string | null }) => r.unitId === null);
    expect(ids(page)).toEqual([unassigned]);
    expect(page.total).toBe(row.total);
    const both = await get('/api/items?unassigned=true&leadUnit=so-noi-vu');
    expect(both.status).toBe(400);
    expect(both.body.errors[0].field).toBe('unassigned');
  });

  it("scopes a past list to the unit's items and refuses filters the past cannot answer", async () => {
    const asOf = dateDaysAgo(20);
    const page: Page = (await get(`/api/items?asOf=${asOf}`, noiVu).expect(200)).body;
    // Sở Nội vụ leads, supports or led these; the others were never its own.
    expect(ids(page)).toEqual([toReview, extension, returned, supported, cancelled].sort());
    for (const extra of [
      'status=raised',
      'q=xong',
      'queue=to-review',
      'sourceId=x',
      'format=xlsx',
    ]) {
      const res = await get(`/api/items?asOf=${asOf}&${extra}`);
      expect([extra, res.status]).toEqual([extra, 400]);
      expect(res.body.errors[0].field).toBe(extra.split('=')[0]);
    }
    const future = await get(`/api/items?asOf=${dateDaysAgo(-2)}`);
    expect(future.status).toBe(400);
    expect((await get('/api/items?basis=recorded')).status).toBe(400);
  });
});
