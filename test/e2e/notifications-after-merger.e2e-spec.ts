import { registerTestUnits, startTestApp, type TestApp } from '../support/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString();
const localDateDaysAgo = (n: number) =>
  new Date(Date.now() + 7 * 3_600_000 - n * DAY_MS).toISOString().slice(0, 10);

/** Issue 20: once an item is carried over to the unit a commune merged into, that unit hears of it. */
describe('notifications follow an item carried over to a successor unit', () => {
  let t: TestApp;
  let itemId: string;
  const office = () => `Bearer ${t.token('office')}`;
  const unit = (id: string) => `Bearer ${t.token('unit', id)}`;

  async function kinds(unitId: string, minPosition: string): Promise<string[]> {
    const res = await t.http
      .get(`/api/notifications?minPosition=${minPosition}`)
      .set('Authorization', unit(unitId))
      .expect(200);
    return (res.body.items as { kind: string; itemId: string }[])
      .filter((n) => n.itemId === itemId)
      .map((n) => n.kind);
  }

  beforeAll(async () => {
    t = await startTestApp();
    await registerTestUnits(t);
    const raised = await t.http
      .post('/api/items')
      .set('Authorization', office())
      .send({ kind: 'directive', title: 'Sắp xếp trụ sở xã', occurredAt: daysAgo(10) })
      .expect(201);
    itemId = raised.body.id;
    await t.http
      .post(`/api/items/${itemId}/assign`)
      .set('Authorization', office())
      .send({ leadUnit: 'xa-thanh-ba', supportingUnits: ['so-y-te'], occurredAt: daysAgo(9) })
      .expect(200);
    await t.http
      .post('/api/units/merge')
      .set('Authorization', `Bearer ${t.token('admin')}`)
      .send({
        from: ['xa-thanh-ba'],
        into: { id: 'xa-quang-yen' },
        effectiveOn: localDateDaysAgo(1),
        reference: 'Nghị quyết 1656/NQ-UBTVQH15',
      })
      .expect(200);
    // The transfer engine carries the item over in the background.
    for (let attempt = 0; ; attempt++) {
      const item = await t.http.get(`/api/items/${itemId}`).set('Authorization', office());
      if (item.body.leadUnit === 'xa-quang-yen') break;
      if (attempt > 100) throw new Error(`not carried over: ${JSON.stringify(item.body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(() => t?.close());

  it('tells the successor of an urge, and no longer the merged commune', async () => {
    const urged = await t.http
      .post(`/api/items/${itemId}/urge`)
      .set('Authorization', office())
      .send({ note: 'Đề nghị báo cáo' })
      .expect(200);
    expect(await kinds('xa-quang-yen', urged.body.position)).toEqual(['urged']);
    expect(await kinds('xa-thanh-ba', urged.body.position)).toEqual(['assigned']);
  });
});
