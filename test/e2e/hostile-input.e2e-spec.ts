import * as jwt from 'jsonwebtoken';
import { registerTestUnits, startTestApp, TEST_SECRET, type TestApp } from '../support/test-app';

/**
 * Hostile and malformed input against every write endpoint: each answer is a 4xx problem
 * document, never a 5xx, and nothing is appended. Accepted text comes back byte for byte.
 */
describe('hostile input', () => {
  let t: TestApp;
  let office: string;
  let lead: string;
  let itemId: string;

  const WRITES: {
    path: (id: string) => string;
    token: () => string;
    valid: Record<string, unknown>;
  }[] = [
    {
      path: () => '/api/items',
      token: () => office,
      valid: { kind: 'directive', title: 'Tiêu đề' },
    },
    {
      path: (id) => `/api/items/${id}/assign`,
      token: () => office,
      valid: { leadUnit: 'so-noi-vu' },
    },
    { path: (id) => `/api/items/${id}/acknowledge`, token: () => lead, valid: {} },
    {
      path: (id) => `/api/items/${id}/return`,
      token: () => lead,
      valid: { reason: 'Sai thẩm quyền' },
    },
    {
      path: (id) => `/api/items/${id}/progress`,
      token: () => lead,
      valid: { note: 'Tiến độ', percent: 10 },
    },
    {
      path: (id) => `/api/items/${id}/extension-request`,
      token: () => lead,
      valid: { proposedDueDate: '2027-01-29', reason: 'x' },
    },
    {
      path: (id) => `/api/items/${id}/extension-decision`,
      token: () => office,
      valid: { approve: true },
    },
    { path: (id) => `/api/items/${id}/answer`, token: () => lead, valid: { response: 'Trả lời' } },
    { path: (id) => `/api/items/${id}/complete`, token: () => lead, valid: { summary: 'Xong' } },
    { path: (id) => `/api/items/${id}/review`, token: () => office, valid: { verdict: 'accept' } },
    {
      path: (id) => `/api/items/${id}/resolve`,
      token: () => office,
      valid: { outcome: 'completed', note: 'x' },
    },
    { path: (id) => `/api/items/${id}/reopen`, token: () => office, valid: { reason: 'x' } },
    { path: (id) => `/api/items/${id}/cancel`, token: () => office, valid: { reason: 'x' } },
    { path: (id) => `/api/items/${id}/urge`, token: () => office, valid: { note: 'x' } },
    {
      path: () => '/api/units',
      token: () => t.token('admin'),
      valid: { id: 'so-moi', name: 'Sở mới', kind: 'department' },
    },
    {
      path: () => '/api/sources',
      token: () => office,
      valid: { type: 'document', title: 'x', issuedOn: '2026-01-05' },
    },
  ];

  /** Bodies that are wrong whatever the endpoint. */
  const BAD_BODIES: [string, (valid: Record<string, unknown>) => unknown][] = [
    ['an extra field', (v) => ({ ...v, isAdmin: true })],
    [
      '__proto__ pollution',
      (v) =>
        JSON.parse(
          `{${Object.entries(v)
            .map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)},`)
            .join('')}"__proto__":{"role":"admin"}}`,
        ),
    ],
    [
      'every field with the wrong type',
      // An operator object where text is expected, as a NoSQL-injection attempt would send.
      (v) =>
        Object.keys(v).length > 0
          ? Object.fromEntries(Object.keys(v).map((k) => [k, { $ne: null }]))
          : { unexpected: [1] },
    ],
    ['deep nesting', (v) => ({ ...v, nested: JSON.parse('['.repeat(2000) + ']'.repeat(2000)) })],
    ['an absurd occurredAt', (v) => ({ ...v, occurredAt: '+275760-09-13T00:00:00.000Z' })],
    ['a date out of range', (v) => ({ ...v, occurredAt: '2026-02-30T10:00:00+07:00' })],
  ];

  beforeAll(async () => {
    // Bad tokens are part of the input here; the limiter has its own test.
    t = await startTestApp({ env: { AUTH_FAILURES_PER_MINUTE: '100000' } });
    await registerTestUnits(t);
    office = t.token('office');
    lead = t.token('unit', 'so-noi-vu');
    const res = await t.http
      .post('/api/items')
      .set('Authorization', `Bearer ${office}`)
      .send({ kind: 'recommendation', title: 'Mục thử' })
      .expect(201);
    itemId = res.body.id;
    await t.http
      .post(`/api/items/${itemId}/assign`)
      .set('Authorization', `Bearer ${office}`)
      .send({ leadUnit: 'so-noi-vu', deadline: { type: 'date', date: '2026-12-31' } })
      .expect(200);
  });
  afterAll(() => t.close());

  async function expectRefused(
    send: () => Promise<{
      status: number;
      headers: Record<string, string>;
      body: { code?: string };
    }>,
  ) {
    const before = await t.store.headPosition();
    const res = await send();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(typeof res.body.code).toBe('string');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+|SQLITE|sqlite|node_modules/);
    expect(await t.store.headPosition()).toBe(before);
  }

  for (const write of WRITES) {
    describe(`POST ${write.path(':id')}`, () => {
      const path = () => write.path(itemId);
      it.each(BAD_BODIES)('refuses %s', async (_, make) => {
        await expectRefused(() =>
          t.http
            .post(path())
            .set('Authorization', `Bearer ${write.token()}`)
            .send(make(write.valid) as object),
        );
      });
      it('refuses malformed JSON, a JSON array, a string body and a non-JSON content type', async () => {
        const auth = `Bearer ${write.token()}`;
        for (const raw of ['{"a":', '[1,2]', '"just a string"', 'null', '{"a":1}}']) {
          await expectRefused(() =>
            t.http
              .post(path())
              .set('Authorization', auth)
              .set('Content-Type', 'application/json')
              .send(raw),
          );
        }
        await expectRefused(() =>
          t.http
            .post(path())
            .set('Authorization', auth)
            .set('Content-Type', 'application/x-www-form-urlencoded')
            .send('a=1'),
        );
      });
      it('refuses a huge body and a huge string', async () => {
        const auth = `Bearer ${write.token()}`;
        await expectRefused(() =>
          t.http
            .post(path())
            .set('Authorization', auth)
            .send({ ...write.valid, x: 'đ'.repeat(40_000) }),
        );
        const strings = Object.entries(write.valid).filter(([, v]) => typeof v === 'string');
        for (const [key] of strings) {
          await expectRefused(() =>
            t.http
              .post(path())
              .set('Authorization', auth)
              .send({ ...write.valid, [key]: 'a'.repeat(20_000) }),
          );
        }
      });
      it('refuses tokens that are expired, forged, alg none, or for another role', async () => {
        const body = write.valid;
        const now = Math.floor(Date.now() / 1000);
        const tokens = [
          jwt.sign({ role: 'office', name: 'x', exp: now - 10 }, TEST_SECRET, { subject: 'x' }),
          jwt.sign({ role: 'admin', name: 'x' }, 'forged-secret-forged-secret-forged', {
            subject: 'x',
            expiresIn: '1h',
          }),
          jwt.sign({ role: 'admin', name: 'x', sub: 'x', exp: now + 60 }, '', {
            algorithm: 'none',
          }),
          jwt.sign({ role: 'office', name: 'x' }, TEST_SECRET, {
            subject: 'x',
            algorithm: 'HS512',
            expiresIn: '1h',
          }),
          t.token('auditor'),
        ];
        for (const token of tokens) {
          await expectRefused(() =>
            t.http.post(path()).set('Authorization', `Bearer ${token}`).send(body),
          );
        }
      });
    });
  }

  it('refuses ids that do not exist or belong to another unit', async () => {
    const other = t.token('unit', 'so-y-te');
    await expectRefused(() =>
      t.http
        .post(`/api/items/${itemId}/progress`)
        .set('Authorization', `Bearer ${other}`)
        .send({ note: 'x' }),
    );
    for (const id of [
      '00000000-0000-4000-8000-000000000000',
      "1' OR '1'='1",
      '..%2F..%2Fetc%2Fpasswd',
      'a'.repeat(300),
    ]) {
      await expectRefused(() =>
        t.http
          .post(`/api/items/${encodeURIComponent(id)}/progress`)
          .set('Authorization', `Bearer ${lead}`)
          .send({ note: 'x' }),
      );
    }
    await expectRefused(() =>
      t.http
        .post(`/api/items/${itemId}/assign`)
        .set('Authorization', `Bearer ${office}`)
        .send({ leadUnit: "x'; DROP TABLE events;--" }),
    );
  });

  it('refuses negative and absurd day counts and impossible dates', async () => {
    const auth = `Bearer ${office}`;
    for (const deadline of [
      { type: 'working-days', days: -5 },
      { type: 'working-days', days: 0 },
      { type: 'calendar-days', days: 1e9 },
      { type: 'calendar-days', days: 2.5 },
      { type: 'date', date: '2026-13-01' },
      { type: 'date', date: '99999-01-01' },
      { type: 'weeks', days: 2 },
      { type: 'date', date: '2026-12-31', extra: 1 },
    ]) {
      await expectRefused(() =>
        t.http
          .post(`/api/items/${itemId}/assign`)
          .set('Authorization', auth)
          .send({ leadUnit: 'so-noi-vu', deadline }),
      );
    }
  });

  it('keeps accepted unicode edge cases byte for byte', async () => {
    const samples = [
      'Gia\u0309i ngân (tổ hợp dấu)', // combining hook above, not precomposed
      'مرحبا — نص من اليمين إلى اليسار',
      '‮RTL override‬ 🇻🇳 👩🏽‍🌾 emoji ZWJ',
      'NUL in\u0000side',
      "<script>alert('x')</script> ' OR 1=1 --",
    ];
    for (const title of samples) {
      const res = await t.http
        .post('/api/items')
        .set('Authorization', `Bearer ${office}`)
        .send({ kind: 'directive', title, description: title })
        .expect(201);
      const item = await t.http
        .get(`/api/items/${res.body.id}`)
        .set('Authorization', `Bearer ${office}`)
        .expect(200);
      expect(Buffer.from(item.body.title, 'utf8').equals(Buffer.from(title, 'utf8'))).toBe(true);
      expect(item.body.description).toBe(title);
    }
  });
});
