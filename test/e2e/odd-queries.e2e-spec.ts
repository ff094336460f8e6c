import { registerTestUnits, startTestApp, type TestApp } from '../support/test-app';

/** Issue 15: searches that cost everyone, odd query values, references a unit may not probe. */
describe('odd queries and references (issue 15)', () => {
  let t: TestApp;
  let office: string;

  beforeAll(async () => {
    t = await startTestApp();
    await registerTestUnits(t);
    office = t.token('office');
  });
  afterAll(() => t.close());

  const get = (path: string, token = office) =>
    t.http.get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, token: string, body: object) =>
    t.http.post(path).set('Authorization', `Bearer ${token}`).send(body);

  function expectFieldError(
    res: { status: number; body: { code: string; errors: { field: string }[] } },
    field: string,
  ) {
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION');
    expect(res.body.errors.map((e) => e.field)).toContain(field);
  }

  describe('search words', () => {
    let found: string;
    beforeAll(async () => {
      found = (
        await post('/api/items', office, { kind: 'directive', title: 'Đẩy nhanh giải ngân vốn' })
          .query({})
          .expect(201)
      ).body.id;
    });
    const search = async (q: string) => {
      const res = await get(`/api/items?q=${encodeURIComponent(q)}&minPosition=1`).expect(200);
      return res.body.items.map((item: { id: string }) => item.id);
    };

    it('a NUL inside a word is a 400 on q, not a 500', async () => {
      expectFieldError(await get('/api/items?q=abc%00def'), 'q');
    });

    it('ignores one-letter words beside longer ones, and repeated words', async () => {
      expect(await search('giai x ngan y giai ngan')).toEqual([found]);
      expect(await search(`${'a '.repeat(90)}von`)).toEqual([found]);
    });

    it('more than 8 distinct words is a 400 on q', async () => {
      expectFieldError(
        await get(`/api/items?q=${encodeURIComponent('aa bb cc dd ee ff gg hh ii')}`),
        'q',
      );
      expect(await search('day nhanh giai ngan von day nhanh giai ngan von')).toEqual([found]);
    });
  });

  describe('log positions beyond 64 bits', () => {
    it('the audit log refuses an after it cannot hold (400 on after)', async () => {
      const auditor = t.token('auditor');
      for (const after of ['9999999999999999999', '9223372036854775808']) {
        expectFieldError(await get(`/api/audit/events?after=${after}`, auditor), 'after');
      }
      const last = await get('/api/audit/events?after=9223372036854775807', auditor).expect(200);
      expect(last.body.events).toEqual([]);
    });

    it('minPosition past 64 bits is a 400 on minPosition', async () => {
      for (const path of ['/api/items', '/api/reports/overdue', '/api/notifications']) {
        expectFieldError(await get(`${path}?minPosition=18446744073709551616`), 'minPosition');
      }
    });
  });

  describe('references a unit cannot list', () => {
    it('an unknown source and an existing one the unit may not use answer the same', async () => {
      const thanhBa = t.token('unit', 'xa-thanh-ba');
      const other = await post('/api/sources', office, {
        type: 'session',
        title: 'Làm việc với xã khác',
        issuedOn: '2026-01-05',
        communes: ['xa-quang-yen'],
      });
      const answers = [];
      for (const sourceId of ['khong-co', other.body.id]) {
        const res = await post('/api/items', thanhBa, {
          kind: 'recommendation',
          title: 'Kiến nghị',
          sourceId,
        });
        expectFieldError(res, 'sourceId');
        answers.push({ detail: res.body.detail, errors: res.body.errors });
      }
      expect(answers[0]).toEqual(answers[1]);
      expect(answers[0].errors).toEqual([
        { field: 'sourceId', message: 'unknown or not available' },
      ]);
      // A session held with the unit is its to cite.
      const own = await post('/api/sources', office, {
        type: 'session',
        title: 'Làm việc với xã Thanh Ba',
        issuedOn: '2026-01-05',
        communes: ['xa-thanh-ba'],
      }).expect(201);
      await post('/api/items', thanhBa, {
        kind: 'recommendation',
        title: 'Kiến nghị từ phiên làm việc',
        sourceId: own.body.id,
      }).expect(201);
    });
  });
});
