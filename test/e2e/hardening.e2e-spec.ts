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
});
