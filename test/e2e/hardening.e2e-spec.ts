import * as jwt from 'jsonwebtoken';
import { registerTestUnits, startTestApp, TEST_SECRET, type TestApp } from '../support/test-app';

/** Issue 15: what one user could do to the record, refused over HTTP. */
describe('hardening (issue 15)', () => {
  let t: TestApp;
  let office: string;

  beforeAll(async () => {
    // Bad tokens are part of the input here; the limiter has its own test.
    t = await startTestApp({ env: { AUTH_FAILURES_PER_MINUTE: '100000' } });
    await registerTestUnits(t);
    office = t.token('office');
  });
  afterAll(() => t.close());

  describe('claims have types', () => {
    const signed = (claims: Record<string, unknown>) =>
      jwt.sign({ exp: Math.floor(Date.now() / 1000) + 600, ...claims }, TEST_SECRET, {
        algorithm: 'HS256',
      });
    const good = { sub: 'vp01', name: 'Văn phòng', role: 'office' };

    it.each([
      ['sub is an object', { ...good, sub: { id: 'vp01' } }],
      ['sub is an array', { ...good, sub: ['vp01'] }],
      ['sub is a number', { ...good, sub: 42 }],
      ['name is an object', { ...good, name: { vi: 'Văn phòng' } }],
      ['name is an array', { ...good, name: ['Văn phòng'] }],
      ['name is a number', { ...good, name: 7 }],
      ['role is an array', { ...good, role: ['office'] }],
      ['role is an object', { ...good, role: { toString: 'office' } }],
      ['unit is an array', { ...good, role: 'unit', unit: ['so-noi-vu'] }],
      ['unit is an object', { ...good, role: 'unit', unit: { id: 'so-noi-vu' } }],
      ['unit is a number', { ...good, role: 'unit', unit: 1 }],
    ])(
      'refuses a token whose %s (401), on reads and writes, and appends nothing',
      async (_, claims) => {
        const token = signed(claims);
        const before = await t.store.headPosition();
        const read = await t.http.get('/api/units').set('Authorization', `Bearer ${token}`);
        expect(read.status).toBe(401);
        expect(read.headers['content-type']).toMatch(/^application\/problem\+json/);
        const write = await t.http
          .post('/api/items')
          .set('Authorization', `Bearer ${token}`)
          .send({ kind: 'recommendation', title: 'Kiến nghị', originUnit: 'so-noi-vu' });
        expect(write.status).toBe(401);
        expect(await t.store.headPosition()).toBe(before);
      },
    );

    it('still accepts a token whose claims are text', async () => {
      await t.http
        .get('/api/units')
        .set('Authorization', `Bearer ${signed(good)}`)
        .expect(200);
      const unit = signed({ ...good, sub: 'alice', role: 'unit', unit: 'so-noi-vu' });
      await t.http.get('/api/units').set('Authorization', `Bearer ${unit}`).expect(200);
      await t.http.get('/api/units').set('Authorization', `Bearer ${office}`).expect(200);
    });
  });

  describe('dates stay between 2000 and 2100', () => {
    const post = (path: string, body: object, token = office) =>
      t.http.post(path).set('Authorization', `Bearer ${token}`).send(body);

    it.each([
      [
        'a deadline on 1969-12-31 (the day before the epoch)',
        { deadline: { type: 'date', date: '1969-12-31' } },
        'deadline',
      ],
      [
        'a deadline in the year 2101',
        { deadline: { type: 'date', date: '2101-01-01' } },
        'deadline',
      ],
      ['an act dated 1999', { occurredAt: '1999-12-31T16:59:59Z' }, 'occurredAt'],
    ])('refuses %s with a field error, appending nothing', async (_, extra, field) => {
      const head = await t.store.headPosition();
      const res = await post('/api/items', { kind: 'directive', title: 'Ngày lạ', ...extra });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await t.store.headPosition()).toBe(head);
    });

    it('refuses out-of-range dates on acts, sources and reports', async () => {
      const raised = await post('/api/items', { kind: 'directive', title: 'Có hạn' }).expect(201);
      const id = raised.body.id;
      await post(`/api/items/${id}/assign`, { leadUnit: 'so-noi-vu' }).expect(200);
      const head = await t.store.headPosition();
      const lead = t.token('unit', 'so-noi-vu');
      const refused = [
        await post(`/api/items/${id}/urge`, { note: 'x', respondBy: '2101-01-01' }),
        await post(
          `/api/items/${id}/extension-request`,
          { proposedDueDate: '3000-01-01', reason: 'x' },
          lead,
        ),
        await post('/api/sources', { type: 'document', title: 'x', issuedOn: '1900-01-01' }),
      ];
      expect(refused.map((r) => [r.status, r.body.errors?.[0]?.field])).toEqual([
        [400, 'respondBy'],
        [400, 'proposedDueDate'],
        [400, 'issuedOn'],
      ]);
      expect(refused[0].body.errors[0].message).toMatch(/from 2000-01-01 to 2100-12-31/);
      expect(await t.store.headPosition()).toBe(head);
      await t.http
        .get('/api/reports/overdue?asOf=1969-12-31')
        .set('Authorization', `Bearer ${office}`)
        .expect(400);
      await t.http
        .get('/api/reports/overdue?asOf=2026-06-30')
        .set('Authorization', `Bearer ${office}`)
        .expect(200);
    });
  });
});
