import { seedDemo, seedDemoOnFirstStart } from '../../src/demo/seed-demo';
import { DEMO_ITEMS } from '../../src/demo/demo-session';
import { startTestApp, type TestApp } from '../support/test-app';

describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('loads the seed session: the six communes, the departments, items routed with business dates', async () => {
    const office = t.token('office');
    const units = (
      await t.http.get('/api/units').set('Authorization', `Bearer ${office}`).expect(200)
    ).body;
    expect(
      units
        .filter((u: { kind: string }) => u.kind === 'commune')
        .map((u: { code: string }) => u.code)
        .sort(),
    ).toEqual(['08152', '08173', '08203', '08209', '08218', '08227']);
    const head = await t.store.headPosition();
    const list = await t.http
      .get(`/api/items?pageSize=100&minPosition=${head}`)
      .set('Authorization', `Bearer ${office}`)
      .expect(200);
    expect(list.body.total).toBe(DEMO_ITEMS.length);
    const dyke = list.body.items.find((i: { title: string }) =>
      i.title.startsWith('Bảo vệ hành lang đê điều'),
    );
    expect(dyke).toMatchObject({ status: 'raised', leadUnit: null });
    const pest = list.body.items.find((i: { title: string }) => i.title.includes('dịch tả lợn'));
    expect(pest).toMatchObject({ status: 'resolved', timeliness: 'completed-on-time' });
    const history = (
      await t.http
        .get(`/api/items/${pest.id}/history`)
        .set('Authorization', `Bearer ${office}`)
        .expect(200)
    ).body;
    expect(history[0]).toMatchObject({
      type: 'ItemRaised',
      occurredAt: '2025-12-25T09:30:00.000Z',
    });
  });

  it('gives a few units addresses to email, as an administrator would', async () => {
    const contacts = await t.http
      .get('/api/units/so-noi-vu/contacts')
      .set('Authorization', `Bearer ${t.token('admin')}`)
      .expect(200);
    expect(contacts.body).toMatchObject({
      emails: ['vanthu@sonoivu.phutho.example'],
      webhook: null,
    });
  });

  it('loading it again appends nothing', async () => {
    const head = await t.store.headPosition();
    await seedDemo(t.app);
    expect(await t.store.headPosition()).toBe(head);
  });

  it('is loaded on first start only, and never with DEMO=false', async () => {
    const fresh = await startTestApp();
    try {
      expect(await seedDemoOnFirstStart(fresh.app, { ...fresh.config, demo: false })).toBe(0);
      expect(await fresh.store.headPosition()).toBe(-1n);
      expect(await seedDemoOnFirstStart(fresh.app, { ...fresh.config, demo: true })).toBe(
        DEMO_ITEMS.length,
      );
      const head = await fresh.store.headPosition();
      expect(await seedDemoOnFirstStart(fresh.app, { ...fresh.config, demo: true })).toBe(0);
      expect(await fresh.store.headPosition()).toBe(head);
    } finally {
      await fresh.close();
    }
  });
});
