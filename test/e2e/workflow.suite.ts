import * as jwt from 'jsonwebtoken';
import { registerTestUnits, startTestApp, TEST_SECRET, type TestApp } from '../support/test-app';

/** Where the suite's app keeps its log: extra environment for `startTestApp`, and its teardown. */
export interface StoreUnderTest {
  env(): NodeJS.ProcessEnv;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/**
 * The follow-up workflow over HTTP, end to end on a temporary SQLite store: every path of a
 * directive and a recommendation, every status code of API.md, and the rule that a refused
 * request appends nothing.
 */
export function describeWorkflow(storeName: string, store: StoreUnderTest): void {
  describe(`Follow-up workflow over HTTP (${storeName})`, () => {
    let t: TestApp;
    let office: string;
    let leader: string;
    let noiVu: string;
    let yTe: string;
    let thanhBa: string;
    let auditor: string;

    beforeAll(async () => {
      await store.start?.();
      t = await startTestApp({ env: store.env() });
      await registerTestUnits(t);
      office = t.token('office');
      leader = t.token('leader');
      noiVu = t.token('unit', 'so-noi-vu');
      yTe = t.token('unit', 'so-y-te');
      thanhBa = t.token('unit', 'xa-thanh-ba');
      auditor = t.token('auditor');
    });
    afterAll(async () => {
      await t.close();
      await store.stop?.();
    });

    const post = (path: string, token: string, body: object = {}) =>
      t.http.post(path).set('Authorization', `Bearer ${token}`).send(body);
    const get = (path: string, token: string) =>
      t.http.get(path).set('Authorization', `Bearer ${token}`);
    const item = async (id: string) => (await get(`/api/items/${id}`, office).expect(200)).body;

    async function raise(body: object, token = office): Promise<string> {
      const res = await post('/api/items', token, body).expect(201);
      expect(res.headers.location).toBe(`/api/items/${res.body.id}`);
      return res.body.id;
    }

    /** Runs `act`, then checks the global log did not grow. */
    async function expectNothingAppended(act: () => Promise<unknown>): Promise<void> {
      const before = await t.store.headPosition();
      await act();
      expect(await t.store.headPosition()).toBe(before);
    }

    async function expectProblem(
      res: {
        status: number;
        headers: Record<string, string>;
        body: { status: number; code: string };
      },
      status: number,
      code?: string,
    ) {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.status).toBe(status);
      if (code) expect(res.body.code).toBe(code);
    }

    describe('a directive through every step', () => {
      it('goes raised → assigned → in progress → awaiting review → back → resolved → reopened → resolved', async () => {
        const id = await raise({
          kind: 'directive',
          title: 'Rà soát, tổng hợp kiến nghị của các xã',
          communes: ['xa-thanh-ba'],
          priority: 'key',
          occurredAt: '2025-12-25T09:30:00+07:00',
        });
        expect(await item(id)).toMatchObject({
          status: 'raised',
          kind: 'directive',
          leadUnit: null,
          revision: '0',
        });

        const assigned = await post(`/api/items/${id}/assign`, office, {
          leadUnit: 'so-noi-vu',
          supportingUnits: ['so-y-te'],
          deadline: { type: 'working-days', days: 2 },
          occurredAt: '2025-12-31T09:00:00+07:00',
        }).expect(200);
        expect(assigned.body).toEqual({
          id,
          revision: '1',
          position: expect.stringMatching(/^\d+$/),
        });
        expect(assigned.headers.etag).toBe('"1"');
        // Two working days after Wed 31 Dec 2025: 1–4 Jan are off (New Year 2026), Mon 5 and Tue 6 Jan.
        expect((await item(id)).deadline).toMatchObject({
          original: '2026-01-06',
          current: '2026-01-06',
        });

        await post(`/api/items/${id}/acknowledge`, noiVu, {
          occurredAt: '2026-01-05T08:00:00+07:00',
        }).expect(200);
        expect((await item(id)).status).toBe('in-progress');
        await post(`/api/items/${id}/progress`, yTe, {
          note: 'Sở Y tế đã gửi số liệu',
          percent: 30,
        }).expect(200);
        await post(`/api/items/${id}/extension-request`, noiVu, {
          proposedDueDate: '2026-01-30',
          reason: 'Chờ số liệu của các xã',
        }).expect(200);
        expect((await item(id)).deadline.current).toBe('2026-01-06');
        await post(`/api/items/${id}/extension-decision`, office, { approve: true }).expect(200);
        expect((await item(id)).deadline).toMatchObject({
          original: '2026-01-06',
          current: '2026-01-30',
        });

        await post(`/api/items/${id}/complete`, noiVu, {
          summary: 'Đã có báo cáo tổng hợp',
        }).expect(200);
        expect((await item(id)).status).toBe('awaiting-review');
        await post(`/api/items/${id}/review`, office, {
          verdict: 'return',
          comment: 'Bổ sung số liệu',
        }).expect(200);
        expect((await item(id)).status).toBe('in-progress');
        await post(`/api/items/${id}/complete`, noiVu, { summary: 'Đã bổ sung' }).expect(200);
        await post(`/api/items/${id}/review`, leader, { verdict: 'accept' }).expect(200);
        expect(await item(id)).toMatchObject({ status: 'resolved', outcome: 'completed' });

        await post(`/api/items/${id}/reopen`, office, { reason: 'Phát sinh kiến nghị mới' }).expect(
          200,
        );
        expect((await item(id)).status).toBe('in-progress');
        await post(`/api/items/${id}/resolve`, office, {
          outcome: 'not-feasible',
          note: 'Vượt thẩm quyền',
        }).expect(200);
        expect(await item(id)).toMatchObject({ status: 'resolved', outcome: 'not-feasible' });

        const history = (await get(`/api/items/${id}/history`, auditor).expect(200)).body;
        expect(history.map((e: { type: string }) => e.type)).toEqual([
          'ItemRaised',
          'ItemAssigned',
          'ItemAcknowledged',
          'ProgressReported',
          'ExtensionRequested',
          'ExtensionDecided',
          'CompletionReported',
          'ItemReviewed',
          'CompletionReported',
          'ItemReviewed',
          'ItemResolved',
          'ItemReopened',
          'ItemResolved',
        ]);
        expect(history[0]).toMatchObject({
          revision: '0',
          actor: { sub: 'office-user', role: 'office', unit: null },
          occurredAt: '2025-12-25T02:30:00.000Z',
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        });
        expect(history[3].actor).toMatchObject({ role: 'unit', unit: 'so-y-te' });
      });

      it('a lead unit returns a wrongly routed item; the office reassigns it', async () => {
        const id = await raise({ kind: 'directive', title: 'Giao nhầm đơn vị' });
        await post(`/api/items/${id}/assign`, office, {
          leadUnit: 'so-y-te',
          deadline: { type: 'date', date: '2026-12-31' },
        }).expect(200);
        await post(`/api/items/${id}/return`, yTe, { reason: 'Không thuộc thẩm quyền' }).expect(
          200,
        );
        expect(await item(id)).toMatchObject({ status: 'raised', leadUnit: null });
        await post(`/api/items/${id}/assign`, office, { leadUnit: 'so-noi-vu' }).expect(200);
        expect(await item(id)).toMatchObject({ status: 'assigned', leadUnit: 'so-noi-vu' });
        // The former lead can no longer act on it.
        await expectNothingAppended(async () =>
          expectProblem(
            await post(`/api/items/${id}/progress`, yTe, { note: 'x' }),
            403,
            'AUTH.FORBIDDEN',
          ),
        );
      });

      it('a cancelled item accepts nothing more', async () => {
        const id = await raise({ kind: 'directive', title: 'Sẽ bị thu hồi' });
        await post(`/api/items/${id}/assign`, office, { leadUnit: 'so-noi-vu' }).expect(200);
        await post(`/api/items/${id}/cancel`, office, { reason: 'Thu hồi chỉ đạo' }).expect(200);
        expect((await item(id)).status).toBe('cancelled');
        await expectNothingAppended(async () =>
          expectProblem(await post(`/api/items/${id}/acknowledge`, noiVu), 409),
        );
      });
    });

    describe('urging the lead unit', () => {
      it('the office and the leader urge an open item: counted on the item, kept in its history', async () => {
        const id = await raise({ kind: 'directive', title: 'Cần đôn đốc' });
        await expectNothingAppended(async () =>
          expectProblem(await post(`/api/items/${id}/urge`, office, { note: 'Chưa giao' }), 409),
        );
        await post(`/api/items/${id}/assign`, office, { leadUnit: 'so-noi-vu' }).expect(200);
        await post(`/api/items/${id}/urge`, office, {
          note: 'Đề nghị báo cáo tiến độ',
          respondBy: '2099-12-31',
        }).expect(200);
        const urged = await post(`/api/items/${id}/urge`, leader, { note: 'Khẩn trương' }).expect(
          200,
        );
        expect(urged.headers.etag).toBe(`"${urged.body.revision}"`);
        const now = await item(id);
        expect(now).toMatchObject({ status: 'assigned', urges: 2 });
        expect(Date.parse(now.lastUrgedAt)).toBeGreaterThan(Date.parse(now.assignedAt));
        const history = (await get(`/api/items/${id}/history`, noiVu).expect(200)).body;
        expect(history.filter((e: { type: string }) => e.type === 'ItemUrged')).toEqual([
          expect.objectContaining({
            data: expect.objectContaining({
              note: 'Đề nghị báo cáo tiến độ',
              respondBy: '2099-12-31',
              leadUnit: 'so-noi-vu',
            }),
            actor: expect.objectContaining({ role: 'office' }),
          }),
          expect.objectContaining({ data: expect.objectContaining({ respondBy: null }) }),
        ]);
      });

      it('units and auditors may not urge; a closed item cannot be urged', async () => {
        const id = await raise({ kind: 'directive', title: 'Không được đôn đốc' });
        await post(`/api/items/${id}/assign`, office, { leadUnit: 'so-noi-vu' }).expect(200);
        await expectNothingAppended(async () => {
          expectProblem(await post(`/api/items/${id}/urge`, noiVu, { note: 'x' }), 403);
          expectProblem(await post(`/api/items/${id}/urge`, auditor, { note: 'x' }), 403);
          const bad = await post(`/api/items/${id}/urge`, office, {
            note: 'x',
            respondBy: '31/12',
          });
          expectProblem(bad, 400);
          expect(new Set(bad.body.errors.map((e: { field: string }) => e.field))).toEqual(
            new Set(['respondBy']),
          );
        });
        await post(`/api/items/${id}/cancel`, office, { reason: 'Thu hồi' }).expect(200);
        await expectNothingAppended(async () =>
          expectProblem(await post(`/api/items/${id}/urge`, office, { note: 'x' }), 409),
        );
      });
    });

    describe('a recommendation from a commune', () => {
      it('is raised by the commune, routed, answered (not yet resolved), then completed and accepted', async () => {
        const id = await raise(
          {
            kind: 'recommendation',
            title: 'Hỗ trợ kinh phí đầu tư trạm y tế xã',
            communes: ['xa-thanh-ba'],
          },
          thanhBa,
        );
        expect(await item(id)).toMatchObject({
          kind: 'recommendation',
          originUnit: 'xa-thanh-ba',
          status: 'raised',
        });
        // The commune sees what it raised.
        await get(`/api/items/${id}`, thanhBa).expect(200);

        await post(`/api/items/${id}/assign`, office, {
          leadUnit: 'so-y-te',
          deadline: { type: 'calendar-days', days: 60 },
        }).expect(200);
        await post(`/api/items/${id}/answer`, yTe, {
          response: 'Đã đưa vào kế hoạch đầu tư công trung hạn',
          onTheSpot: false,
        }).expect(200);
        expect(await item(id)).toMatchObject({ answered: true, status: 'in-progress' });
        await post(`/api/items/${id}/complete`, yTe, {
          summary: 'Đã bố trí vốn',
          documentRef: '123/SYT',
        }).expect(200);
        await post(`/api/items/${id}/review`, office, { verdict: 'accept' }).expect(200);
        expect(await item(id)).toMatchObject({
          status: 'resolved',
          outcome: 'completed',
          answered: true,
        });
      });

      it('answering a directive is refused', async () => {
        const id = await raise({ kind: 'directive', title: 'Chỉ đạo' });
        await post(`/api/items/${id}/assign`, office, { leadUnit: 'so-noi-vu' }).expect(200);
        await expectNothingAppended(async () =>
          expectProblem(
            await post(`/api/items/${id}/answer`, noiVu, { response: 'x' }),
            409,
            'ITEM.NOT_A_RECOMMENDATION',
          ),
        );
      });
    });

    describe('status codes, and nothing appended when refused', () => {
      let id: string;
      beforeAll(async () => {
        id = await raise({ kind: 'directive', title: 'Mục kiểm thử mã trạng thái' });
        await post(`/api/items/${id}/assign`, office, { leadUnit: 'so-noi-vu' }).expect(200);
      });

      it('400 for invalid input, with the field named', async () => {
        await expectNothingAppended(async () => {
          const res = await post('/api/items', office, { kind: 'order', title: '', extra: 1 });
          await expectProblem(res, 400, 'VALIDATION');
          expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
            'extra',
            'kind',
            'title',
          ]);
          await expectProblem(
            await post(`/api/items/${id}/assign`, office, { leadUnit: 'khong-ton-tai' }),
            400,
            'VALIDATION',
          );
          await expectProblem(
            await post(`/api/items/${id}/assign`, office, {
              leadUnit: 'so-y-te',
              deadline: { type: 'working-days', days: -3 },
            }),
            400,
            'VALIDATION',
          );
          await expectProblem(
            await post(`/api/items/${id}/progress`, noiVu, { note: 'x', percent: 101 }),
            400,
          );
          await expectProblem(
            await post(`/api/items/${id}/progress`, noiVu, {
              note: 'x',
              occurredAt: '2999-01-01T00:00:00Z',
            }),
            400,
            'VALIDATION',
          );
          await expectProblem(
            await post(`/api/items/${id}/progress`, noiVu, {
              note: 'x',
              occurredAt: '2001-01-01T00:00:00Z',
            }),
            400,
          );
          await expectProblem(
            await t.http
              .post('/api/items')
              .set('Authorization', `Bearer ${office}`)
              .set('Content-Type', 'application/json')
              .send('{"kind":'),
            400,
            'BODY.MALFORMED_JSON',
          );
        });
      });

      it('401 without a token, with a bad signature, with alg none, or expired', async () => {
        await expectNothingAppended(async () => {
          await expectProblem(
            await t.http.post('/api/items').send({ kind: 'directive', title: 'x' }),
            401,
          );
          const forged = jwt.sign(
            { role: 'office', name: 'x' },
            'another-secret-another-secret-123',
            { subject: 'x', expiresIn: '1h' },
          );
          await expectProblem(
            await post('/api/items', forged, { kind: 'directive', title: 'x' }),
            401,
            'AUTH.UNAUTHENTICATED',
          );
          const none = jwt.sign(
            { role: 'office', name: 'x', sub: 'x', exp: Math.floor(Date.now() / 1000) + 60 },
            '',
            { algorithm: 'none' },
          );
          await expectProblem(
            await post('/api/items', none, { kind: 'directive', title: 'x' }),
            401,
          );
          const expired = jwt.sign(
            { role: 'office', name: 'x', exp: Math.floor(Date.now() / 1000) - 60 },
            TEST_SECRET,
            { subject: 'x' },
          );
          // Told apart from a bad token: the user only has to sign in again.
          await expectProblem(
            await post('/api/items', expired, { kind: 'directive', title: 'x' }),
            401,
            'AUTH.TOKEN_EXPIRED',
          );
          await expectProblem(await get(`/api/items/${id}`, 'not-a-jwt'), 401);
        });
      });

      it("403 for an auditor's write, another unit's item, or an act of the wrong role", async () => {
        await expectNothingAppended(async () => {
          await expectProblem(
            await post('/api/items', auditor, { kind: 'directive', title: 'x' }),
            403,
          );
          await expectProblem(await post(`/api/items/${id}/acknowledge`, yTe), 403);
          await expectProblem(await get(`/api/items/${id}`, yTe), 403);
          await expectProblem(await post(`/api/items/${id}/acknowledge`, office), 403);
          await expectProblem(
            await post(`/api/items/${id}/assign`, noiVu, { leadUnit: 'so-noi-vu' }),
            403,
          );
          await expectProblem(
            await post('/api/items', thanhBa, { kind: 'directive', title: 'x' }),
            403,
          );
          await expectProblem(
            await post('/api/items', thanhBa, {
              kind: 'recommendation',
              title: 'x',
              originUnit: 'xa-quang-yen',
            }),
            403,
          );
          await expectProblem(
            await post('/api/units', office, { id: 'so-moi', name: 'Sở mới', kind: 'department' }),
            403,
          );
          await expectProblem(
            await post(`/api/items/${id}/cancel`, t.token('admin'), { reason: 'x' }),
            403,
          );
        });
      });

      it('404 for an unknown item', async () => {
        await expectNothingAppended(async () => {
          await expectProblem(
            await get('/api/items/00000000-0000-4000-8000-000000000000', office),
            404,
            'ITEM.NOT_FOUND',
          );
          await expectProblem(
            await post('/api/items/00000000-0000-4000-8000-000000000000/acknowledge', noiVu),
            404,
          );
          await expectProblem(
            await post('/api/items/not-a-uuid/cancel', office, { reason: 'x' }),
            404,
          );
        });
      });

      it('409 for a transition not allowed in the current state', async () => {
        await expectNothingAppended(async () => {
          await expectProblem(
            await post(`/api/items/${id}/review`, office, { verdict: 'accept' }),
            409,
            'ITEM.NO_COMPLETION_REPORT',
          );
          await expectProblem(
            await post(`/api/items/${id}/extension-decision`, office, { approve: true }),
            409,
          );
          await expectProblem(await post(`/api/items/${id}/reopen`, office, { reason: 'x' }), 409);
        });
      });

      it('412 when If-Match names a stale revision; the current one succeeds', async () => {
        const { headers } = await get(`/api/items/${id}`, noiVu).expect(200);
        const etag = headers.etag;
        await expectNothingAppended(async () => {
          const stale = await post(`/api/items/${id}/progress`, noiVu, { note: 'x' }).set(
            'If-Match',
            '"0"',
          );
          await expectProblem(stale, 412, 'CONCURRENCY');
          await expectProblem(
            await post(`/api/items/${id}/progress`, noiVu, { note: 'x' }).set('If-Match', 'five'),
            400,
          );
        });
        const ok = await post(`/api/items/${id}/progress`, noiVu, { note: 'đúng phiên bản' })
          .set('If-Match', etag)
          .expect(200);
        expect(ok.headers.etag).toBe(`"${Number(JSON.parse(etag)) + 1}"`);
      });

      it('413 for a body over 64 KiB, 415 for a body that is not JSON', async () => {
        await expectNothingAppended(async () => {
          await expectProblem(
            await post('/api/items', office, {
              kind: 'directive',
              title: 'x',
              description: 'a'.repeat(70_000),
            }),
            413,
          );
          const text = await t.http
            .post('/api/items')
            .set('Authorization', `Bearer ${office}`)
            .set('Content-Type', 'text/plain')
            .send('kind=directive');
          await expectProblem(text, 415);
        });
      });

      it('reads a write without a body as {}, whatever Content-Type a client sends with it', async () => {
        // fetch(url, { method: 'POST', body: '' }) sends text/plain with no body.
        for (const type of ['text/plain;charset=UTF-8', 'application/json', undefined]) {
          const id = await raise({ kind: 'directive', title: `Không có nội dung (${type})` });
          await post(`/api/items/${id}/assign`, office, { leadUnit: 'so-noi-vu' }).expect(200);
          const request = t.http
            .post(`/api/items/${id}/acknowledge`)
            .set('Authorization', `Bearer ${noiVu}`);
          if (type) void request.set('Content-Type', type);
          await request.send('').expect(200);
        }
      });

      it('Idempotency-Key: a retry returns the first answer and appends nothing; another body is 422', async () => {
        const first = await post('/api/items', office, { kind: 'directive', title: 'Một lần thôi' })
          .set('Idempotency-Key', 'raise-once-1')
          .expect(201);
        await expectNothingAppended(async () => {
          const again = await post('/api/items', office, {
            kind: 'directive',
            title: 'Một lần thôi',
          })
            .set('Idempotency-Key', 'raise-once-1')
            .expect(201);
          expect(again.body).toEqual(first.body);
          const other = await post('/api/items', office, { kind: 'directive', title: 'Khác' }).set(
            'Idempotency-Key',
            'raise-once-1',
          );
          await expectProblem(other, 422, 'IDEMPOTENCY.KEY_REUSED');
        });
        const progress = () =>
          post(`/api/items/${id}/progress`, noiVu, { note: 'báo cáo tuần' }).set(
            'Idempotency-Key',
            'weekly-1',
          );
        const p1 = await progress().expect(200);
        await expectNothingAppended(async () =>
          expect((await progress().expect(200)).body).toEqual(p1.body),
        );
      });
    });

    describe('refusals that must not leak or half-apply', () => {
      it('a raise retried with the same key but the other kind is 422, and the first item stays', async () => {
        const first = await post('/api/items', office, {
          kind: 'recommendation',
          title: 'Kiến nghị',
        })
          .set('Idempotency-Key', 'raise-kind-1')
          .expect(201);
        await expectNothingAppended(async () =>
          expectProblem(
            await post('/api/items', office, { kind: 'directive', title: 'Kiến nghị' }).set(
              'Idempotency-Key',
              'raise-kind-1',
            ),
            422,
            'IDEMPOTENCY.KEY_REUSED',
          ),
        );
        expect(await item(first.body.id)).toMatchObject({ kind: 'recommendation' });
        // A refused raise leaves no trace either: the unit's own item is still found afterwards.
        const own = await post('/api/items', thanhBa, { kind: 'recommendation', title: 'Của xã' })
          .set('Idempotency-Key', 'unit-k')
          .expect(201);
        await expectNothingAppended(async () =>
          expectProblem(
            await post('/api/items', thanhBa, { kind: 'directive', title: 'Của xã' }).set(
              'Idempotency-Key',
              'unit-k',
            ),
            422,
          ),
        );
        await get(`/api/items/${own.body.id}`, thanhBa).expect(200);
      });

      it('checks permission before the revision: a caller without the right gets 403 whatever If-Match says', async () => {
        const id = await raise({ kind: 'directive', title: 'Phiên bản bí mật' });
        await expectNothingAppended(async () => {
          for (const etag of ['"0"', '"7"']) {
            await expectProblem(
              await post(`/api/items/${id}/cancel`, auditor, { reason: 'x' }).set('If-Match', etag),
              403,
            );
            await expectProblem(
              await post(`/api/items/${id}/progress`, yTe, { note: 'x' }).set('If-Match', etag),
              403,
            );
          }
          // Nor does a refused caller learn which units exist.
          await expectProblem(
            await post(`/api/items/${id}/assign`, noiVu, { leadUnit: 'khong-ton-tai' }),
            403,
          );
        });
      });

      it("checks permission before the idempotency key: another caller's key on the item is 403 for one who may not act", async () => {
        const id = await raise({ kind: 'directive', title: 'Khoá của người khác' });
        await post(`/api/items/${id}/assign`, office, { leadUnit: 'so-noi-vu' }).expect(200);
        await post(`/api/items/${id}/progress`, noiVu, { note: 'tuần 1' })
          .set('Idempotency-Key', 'their-key')
          .expect(200);
        await expectNothingAppended(async () => {
          for (const body of [{ note: 'tuần 1' }, { note: 'khác' }]) {
            await expectProblem(
              await post(`/api/items/${id}/progress`, yTe, body).set(
                'Idempotency-Key',
                'their-key',
              ),
              403,
              'AUTH.FORBIDDEN',
            );
          }
          await expectProblem(
            await post(`/api/items/${id}/cancel`, auditor, { reason: 'x' }).set(
              'Idempotency-Key',
              'their-key',
            ),
            403,
            'AUTH.FORBIDDEN',
          );
        });
        // The caller's own retry still gets the first answer, even once it may no longer act.
        const returned = await post(`/api/items/${id}/return`, noiVu, { reason: 'nhầm' })
          .set('Idempotency-Key', 'return-1')
          .expect(200);
        await expectNothingAppended(async () => {
          const again = await post(`/api/items/${id}/return`, noiVu, { reason: 'nhầm' })
            .set('Idempotency-Key', 'return-1')
            .expect(200);
          expect(again.body).toEqual(returned.body);
        });
      });

      it('refuses a department listed as a commune', async () => {
        await expectNothingAppended(async () => {
          const res = await post('/api/items', office, {
            kind: 'directive',
            title: 'x',
            communes: ['so-noi-vu'],
          });
          await expectProblem(res, 400, 'VALIDATION');
          expect(res.body.errors).toEqual([
            { field: 'communes', message: 'so-noi-vu is not a commune' },
          ]);
        });
      });

      it('a retried source with the same key answers with the same id', async () => {
        const body = { type: 'document', title: 'Công văn đôn đốc', issuedOn: '2026-01-05' };
        const first = await post('/api/sources', office, body)
          .set('Idempotency-Key', 'source-1')
          .expect(201);
        await expectNothingAppended(async () => {
          const again = await post('/api/sources', office, body)
            .set('Idempotency-Key', 'source-1')
            .expect(201);
          expect(again.body.id).toBe(first.body.id);
          expect(again.headers.location).toBe(first.headers.location);
        });
      });
    });

    describe('reference data', () => {
      it('a registered unit is found where its Location says', async () => {
        const res = await post('/api/units', t.token('admin'), {
          id: 'xa-moi',
          name: 'Xã Mới',
          kind: 'commune',
        }).expect(201);
        expect((await get(res.headers.location, office).expect(200)).body).toMatchObject({
          id: 'xa-moi',
          name: 'Xã Mới',
        });
        await expectProblem(await get('/api/units/khong-co', office), 404, 'UNIT.NOT_FOUND');
      });

      it('lists units; only an admin registers one', async () => {
        const units = (await get('/api/units', thanhBa).expect(200)).body;
        expect(units).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              id: 'xa-thanh-ba',
              kind: 'commune',
              code: '08152',
              active: true,
            }),
          ]),
        );
        await expectNothingAppended(async () =>
          expectProblem(
            await post('/api/units', t.token('admin'), {
              id: 'so-noi-vu',
              name: 'x',
              kind: 'department',
            }),
            409,
          ),
        );
      });

      it('records a source and lists it', async () => {
        const res = await post('/api/sources', office, {
          type: 'session',
          title: 'Làm việc với 6 xã',
          issuedOn: '2025-12-25',
          communes: ['xa-thanh-ba'],
        }).expect(201);
        const sources = (await get('/api/sources', leader).expect(200)).body;
        expect(sources).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ id: res.body.id, title: 'Làm việc với 6 xã' }),
          ]),
        );
        await raise({ kind: 'directive', title: 'Theo phiên làm việc', sourceId: res.body.id });
        await expectProblem(
          await post('/api/items', office, { kind: 'directive', title: 'x', sourceId: 'khong-co' }),
          400,
        );
      });

      it('serves the 2026 calendar and lets an admin replace a year, recorded as an event', async () => {
        const year = (await get('/api/calendar/2026', noiVu).expect(200)).body;
        expect(year.holidays).toEqual(
          expect.arrayContaining(['2026-01-01', '2026-01-02', '2026-02-16']),
        );
        expect(year.workingSaturdays).toContain('2026-01-10');
        await expectProblem(
          await t.http
            .put('/api/calendar/2027')
            .set('Authorization', `Bearer ${office}`)
            .send({ holidays: [], workingSaturdays: [] }),
          403,
        );
        await expectProblem(
          await t.http
            .put('/api/calendar/2027')
            .set('Authorization', `Bearer ${t.token('admin')}`)
            .send({ holidays: ['2026-05-01'], workingSaturdays: [] }),
          400,
        );
        await t.http
          .put('/api/calendar/2027')
          .set('Authorization', `Bearer ${t.token('admin')}`)
          .send({ holidays: ['2027-01-01'], workingSaturdays: [] })
          .expect(200);
        // Declared by an admin, not yet confirmed against the yearly decision.
        expect((await get('/api/calendar/2027', auditor).expect(200)).body).toEqual({
          year: 2027,
          holidays: ['2027-01-01'],
          workingSaturdays: [],
          declared: true,
          confirmed: false,
          reference: null,
          dayReferences: [],
        });
      });
    });
  });
}
