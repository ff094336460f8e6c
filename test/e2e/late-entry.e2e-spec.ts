import { PROGRESS_REPORTS_PER_DAY } from '../../src/items/item.decider';
import { registerTestUnits, startTestApp, type TestApp } from '../support/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString();

/**
 * Issue 15: acts entered late are kept (offices record from paper) but in business-time order,
 * and marked for whoever reads the record; one unit cannot make an item too large to read.
 */
describe('acts entered late, and items made large (issue 15)', () => {
  let t: TestApp;
  let office: string;
  let lead: string;
  const post = (path: string, body: object, token = office) =>
    t.http.post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (path: string, token = office) =>
    t.http.get(path).set('Authorization', `Bearer ${token}`);

  /** A directive raised 60 days ago and assigned to Sở Nội vụ the day after. */
  async function assignedLongAgo(): Promise<string> {
    const raised = await post('/api/items', {
      kind: 'directive',
      title: 'Rà soát thủ tục hành chính',
      occurredAt: daysAgo(60),
    }).expect(201);
    const id: string = raised.body.id;
    await post(`/api/items/${id}/assign`, {
      leadUnit: 'so-noi-vu',
      deadline: { type: 'working-days', days: 10 },
      occurredAt: daysAgo(59),
    }).expect(200);
    return id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await registerTestUnits(t);
    office = t.token('office');
    lead = t.token('unit', 'so-noi-vu');
  });
  afterAll(() => t.close());

  it('refuses a completion dated before the assignment (409, stable code), appending nothing', async () => {
    const id = await assignedLongAgo();
    const head = await t.store.headPosition();
    const res = await post(
      `/api/items/${id}/complete`,
      { summary: 'Đã xong', occurredAt: daysAgo(59.5) },
      lead,
    );
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'ITEM.ACT_OUT_OF_ORDER',
      errors: [{ field: 'occurredAt' }],
    });
    // The item says from when its next act may be dated.
    const item = (await get(`/api/items/${id}`).expect(200)).body;
    expect(res.body.errors[0].message).toContain(item.lastActAt);
    expect(await t.store.headPosition()).toBe(head);
  });

  it('refuses a review dated before the completion it reviews', async () => {
    const id = await assignedLongAgo();
    await post(
      `/api/items/${id}/complete`,
      { summary: 'Đã xong', occurredAt: daysAgo(40) },
      lead,
    ).expect(200);
    const res = await post(`/api/items/${id}/review`, {
      verdict: 'accept',
      occurredAt: daysAgo(45),
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ITEM.ACT_OUT_OF_ORDER');
  });

  it('shows the reviewing office a completion entered weeks after its date, with both dates', async () => {
    const id = await assignedLongAgo();
    const completedAt = daysAgo(40);
    await post(
      `/api/items/${id}/complete`,
      { summary: 'Đã xong', occurredAt: completedAt },
      lead,
    ).expect(200);
    const item = (await get(`/api/items/${id}`).expect(200)).body;
    expect(item.status).toBe('awaiting-review');
    expect(item.completionReport).toMatchObject({ occurredAt: completedAt, enteredLate: true });
    expect(Date.parse(item.completionReport.occurredAt)).toBeLessThan(
      Date.parse(item.completionReport.recordedAt) - 39 * DAY_MS,
    );
    expect(item.completionReport.workingDaysLate).toBeGreaterThan(3);

    const history = (await get(`/api/items/${id}/history`).expect(200)).body;
    expect(
      history.map((e: { type: string; enteredLater: boolean }) => [e.type, e.enteredLater]),
    ).toEqual([
      ['ItemRaised', true],
      ['ItemAssigned', true],
      ['CompletionReported', true],
    ]);
  });

  it("marks acts entered later in the auditor's page of the global log too", async () => {
    const id = await assignedLongAgo();
    const auditor = t.token('auditor');
    const events: { streamId: string; type: string; enteredLater: boolean }[] = [];
    for (let after: string | null = null; ;) {
      const page = (
        await get(`/api/audit/events?limit=1000${after ? `&after=${after}` : ''}`, auditor).expect(
          200,
        )
      ).body as { events: typeof events; next: string | null };
      events.push(...page.events);
      if (!page.next) break;
      after = page.next;
    }
    const mine = events.filter((e) => e.streamId.endsWith(id));
    expect(mine.map((e) => [e.type, e.enteredLater])).toEqual([
      ['ItemRaised', true],
      ['ItemAssigned', true],
    ]);
    expect(events.filter((e) => e.type === 'UnitRegistered').every((e) => !e.enteredLater)).toBe(
      true,
    );
  });

  it('does not flag a completion recorded as it happens', async () => {
    const id = await assignedLongAgo();
    await post(`/api/items/${id}/complete`, { summary: 'Đã xong' }, lead).expect(200);
    const item = (await get(`/api/items/${id}`).expect(200)).body;
    expect(item.completionReport).toMatchObject({ workingDaysLate: 0, enteredLate: false });
    const history = (await get(`/api/items/${id}/history`).expect(200)).body;
    expect(history[history.length - 1]).toMatchObject({
      type: 'CompletionReported',
      enteredLater: false,
    });
  });

  describe('an item one unit tries to make huge', () => {
    let id: string;
    beforeAll(async () => {
      id = await assignedLongAgo();
      for (let n = 0; n < PROGRESS_REPORTS_PER_DAY; n++) {
        await post(`/api/items/${id}/progress`, { note: `Ghi chú ${n}` }, lead).expect(200);
      }
    });

    it(`refuses progress report ${PROGRESS_REPORTS_PER_DAY + 1} of the day (409, stable code)`, async () => {
      const head = await t.store.headPosition();
      const res = await post(`/api/items/${id}/progress`, { note: 'Thêm nữa' }, lead);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ITEM.PROGRESS_LIMIT');
      expect(res.body.detail).toContain(`${PROGRESS_REPORTS_PER_DAY} progress reports`);
      expect(await t.store.headPosition()).toBe(head);
    });

    it('pages its history with a next link until the end', async () => {
      const seen: string[] = [];
      let path: string | undefined = `/api/items/${id}/history?limit=30`;
      let pages = 0;
      while (path) {
        const res = await get(path).expect(200);
        seen.push(...res.body.map((e: { revision: string }) => e.revision));
        const link = res.headers.link as string | undefined;
        path = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : undefined;
        pages++;
      }
      const total = PROGRESS_REPORTS_PER_DAY + 2;
      expect(pages).toBe(Math.ceil(total / 30));
      expect(seen).toEqual(Array.from({ length: total }, (_, i) => String(i)));
    });

    it('refuses a page size over 1,000 or a bad `after` with a field error', async () => {
      for (const query of ['limit=1001', 'limit=0', 'after=abc', 'after=99999999999999999999']) {
        const res = await get(`/api/items/${id}/history?${query}`);
        expect([query, res.status]).toEqual([query, 400]);
        expect(res.body.errors[0].field).toBe(query.split('=')[0]);
      }
    });

    it('ends a page early once its notes are large, so no answer holds the server long', async () => {
      const long = await assignedLongAgo();
      const note = 'Ghi chú rất dài. '.repeat(600).slice(0, 10_000);
      for (let n = 0; n < 40; n++) {
        await post(`/api/items/${long}/progress`, { note }, lead).expect(200);
      }
      const first = await get(`/api/items/${long}/history`).expect(200);
      expect(first.body.length).toBeLessThan(42);
      expect(first.body.length).toBeGreaterThan(1);
      expect(first.headers.link).toMatch(/rel="next"/);
      let seen = first.body.length;
      let link: string | undefined = first.headers.link;
      while (link) {
        const next: { body: unknown[]; headers: Record<string, string> } = await get(
          /^<([^>]+)>/.exec(link)![1],
        ).expect(200);
        seen += next.body.length;
        link = next.headers.link;
      }
      expect(seen).toBe(42);
    });

    it('keeps the detail current from its kept fold as new acts arrive', async () => {
      const before = (await get(`/api/items/${id}`).expect(200)).body;
      await post(`/api/items/${id}/urge`, { note: 'Đề nghị hoàn thành' }).expect(200);
      const after = (await get(`/api/items/${id}`).expect(200)).body;
      expect(Number(after.revision)).toBe(Number(before.revision) + 1);
      expect(after.urges).toBe(before.urges + 1);
      expect(after.progress.note).toBe(`Ghi chú ${PROGRESS_REPORTS_PER_DAY - 1}`);
    });
  });
});
