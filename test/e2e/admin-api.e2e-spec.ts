import { createHmac } from 'node:crypto';
import { DEFAULT_CALENDAR } from '../../src/shared/calendar/default-calendar';
import { addDays, toLocalDate, weekday } from '../../src/shared/calendar/local-date';
import type { Role } from '../../src/shared/principal';
import { SmtpSink } from '../support/smtp-sink';
import { registerTestUnits, startTestApp, type TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * The administration endpoints of issue 22: a calendar year's preview (what a declaration would
 * change for open items, recording nothing), day references in a declaration, and a test send
 * to a unit's saved contacts through the real channels.
 */

interface Problem {
  status: number;
  code: string;
  errors?: { field: string; message: string }[];
}

interface Preview {
  year: number;
  days: { date: string; working: boolean }[];
  holidaysAdded: string[];
  openItems: number;
  total: number;
  items: {
    itemId: string;
    effects: { kind: string; ruleId?: string; before: string | null; after: string | null }[];
  }[];
}

const SECRET = 'whsec-test-0123456789abcdef';

describe('administration API (issue 22)', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  const bearer = (role: Role = 'admin', unit?: string) => `Bearer ${t.token(role, unit)}`;

  beforeAll(async () => {
    [smtp, receiver] = await Promise.all([SmtpSink.start(), WebhookReceiver.start()]);
    t = await startTestApp({
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'theodoi@tinh.example' },
    });
    await registerTestUnits(t);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([smtp?.close(), receiver?.close()]);
  });

  /** The next weekday after today that is a working day on the shipped calendar. */
  function nextWorkingWeekday(): string {
    let day = addDays(toLocalDate(new Date().toISOString()), 1);
    while (!(weekday(day) >= 1 && weekday(day) <= 5 && DEFAULT_CALENDAR.isWorkingDay(day))) {
      day = addDays(day, 1);
    }
    return day;
  }

  describe('POST /api/calendar/{year}/preview', () => {
    it('lists the open items whose pending computations a new holiday would move, and records nothing', async () => {
      const raised = await t.http
        .post('/api/items')
        .set('Authorization', bearer('office'))
        .send({
          kind: 'directive',
          title: 'Rà soát hồ sơ đất đai',
          deadline: { type: 'working-days', days: 10 },
        })
        .expect(201);
      const day = nextWorkingWeekday();
      const year = Number(day.slice(0, 4));
      const current = await t.http
        .get(`/api/calendar/${year}`)
        .set('Authorization', bearer())
        .expect(200);
      const head = await t.store.headPosition();

      const res = await t.http
        .post(`/api/calendar/${year}/preview`)
        .set('Authorization', bearer())
        .send({
          holidays: [...current.body.holidays, day],
          workingSaturdays: current.body.workingSaturdays,
        })
        .expect(200);
      const preview = res.body as Preview;
      expect(preview.year).toBe(year);
      expect(preview.holidaysAdded).toEqual([day]);
      expect(preview.days).toEqual([{ date: day, working: false }]);
      expect(preview.openItems).toBeGreaterThanOrEqual(1);
      const mine = preview.items.find((i) => i.itemId === raised.body.id);
      expect(mine).toBeDefined();
      const kinds = mine!.effects.map((e) => e.kind);
      // Assigned today, its 10 working days would end a day later; its "unassigned for 2
      // working days" reminder would come a day later too.
      expect(kinds).toContain('assignment-due-date');
      const due = mine!.effects.find((e) => e.kind === 'assignment-due-date')!;
      expect(due.after! > due.before!).toBe(true);
      expect(mine!.effects).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'reminder', ruleId: 'unassigned-2' }),
        ]),
      );
      expect(await t.store.headPosition()).toBe(head);

      // The same days as in force: nothing would change.
      const same = await t.http
        .post(`/api/calendar/${year}/preview`)
        .set('Authorization', bearer())
        .send({ holidays: current.body.holidays, workingSaturdays: current.body.workingSaturdays })
        .expect(200);
      expect(same.body).toMatchObject({ days: [], total: 0, items: [] });
    });

    it('refuses what PUT would refuse, as RFC 7807 with field errors, and records nothing', async () => {
      const head = await t.store.headPosition();
      const cases: [unknown, string, string][] = [
        [{ holidays: ['1/2/2027'], workingSaturdays: [] }, 'VALIDATION', 'holidays'],
        [{ holidays: ['2027-13-01'], workingSaturdays: [] }, 'CALENDAR.INVALID', 'holidays[0]'],
        [{ holidays: [], workingSaturdays: [], extra: 1 }, 'VALIDATION', 'extra'],
        [
          { holidays: [], workingSaturdays: ['2027-02-01'] },
          'CALENDAR.INVALID',
          'workingSaturdays',
        ],
        [{ holidays: ['2026-05-01'], workingSaturdays: [] }, 'CALENDAR.INVALID', 'holidays[0]'],
        [
          {
            holidays: ['2027-02-08'],
            workingSaturdays: [],
            dayReferences: [{ date: '2027-02-09', reference: 'QĐ 1' }],
          },
          'VALIDATION',
          'dayReferences.0.date',
        ],
        [
          {
            holidays: ['2027-02-08'],
            workingSaturdays: [],
            dayReferences: [{ date: '2027-02-08', reference: '  ' }],
          },
          'VALIDATION',
          'dayReferences.0.reference',
        ],
      ];
      for (const [body, code, field] of cases) {
        const res = await t.http
          .post('/api/calendar/2027/preview')
          .set('Authorization', bearer())
          .send(body as object)
          .expect(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        const problem = res.body as Problem;
        expect(problem.code).toBe(code);
        expect(problem.errors?.map((e) => e.field)).toContain(field);
      }
      await t.http
        .post('/api/calendar/1999/preview')
        .set('Authorization', bearer())
        .send({ holidays: [], workingSaturdays: [] })
        .expect(400);
      await t.http
        .post('/api/calendar/2027/preview')
        .set('Authorization', bearer('office'))
        .send({ holidays: [], workingSaturdays: [] })
        .expect(403);
      expect(await t.store.headPosition()).toBe(head);
    });
  });

  describe('day references in a declaration', () => {
    it('records each day with its legal reference and answers them with the year', async () => {
      const body = {
        holidays: ['2027-01-01', '2027-02-05', '2027-02-08'],
        workingSaturdays: ['2027-02-20'],
        confirmed: true,
        reference: 'Thông báo lịch nghỉ năm 2027',
        dayReferences: [
          { date: '2027-02-08', reference: 'Hoán đổi: làm bù thứ Bảy 20/02/2027' },
          { date: '2027-01-01', reference: 'Bộ luật Lao động 2019, Điều 112' },
        ],
      };
      await t.http.put('/api/calendar/2027').set('Authorization', bearer()).send(body).expect(200);
      const res = await t.http.get('/api/calendar/2027').set('Authorization', bearer()).expect(200);
      expect(res.body).toEqual({
        year: 2027,
        holidays: body.holidays,
        workingSaturdays: body.workingSaturdays,
        declared: true,
        confirmed: true,
        reference: body.reference,
        dayReferences: [body.dayReferences[1], body.dayReferences[0]],
      });
      // A year only shipped with the code is not declared and has no day references.
      const shipped = await t.http
        .get('/api/calendar/2025')
        .set('Authorization', bearer())
        .expect(200);
      expect(shipped.body).toMatchObject({ declared: false, confirmed: false, dayReferences: [] });
    });

    it('refuses a reference to a day the declaration does not list, recording nothing', async () => {
      const head = await t.store.headPosition();
      const res = await t.http
        .put('/api/calendar/2028')
        .set('Authorization', bearer())
        .send({
          holidays: ['2028-01-01'],
          workingSaturdays: [],
          dayReferences: [
            { date: '2028-01-01', reference: 'A' },
            { date: '2028-01-01', reference: 'B' },
            { date: '2028-01-03', reference: 'C' },
          ],
        })
        .expect(400);
      expect((res.body as Problem).errors?.map((e) => e.field)).toEqual([
        'dayReferences.1.date',
        'dayReferences.2.date',
      ]);
      expect(await t.store.headPosition()).toBe(head);
    });
  });

  describe('POST /api/units/{id}/contacts/test', () => {
    const testPath = (unit: string) => `/api/units/${unit}/contacts/test`;

    it('sends one test email to each saved address and one signed call to the webhook', async () => {
      await t.http
        .put('/api/units/so-noi-vu/contacts')
        .set('Authorization', bearer())
        .send({
          emails: ['vanthu@snv.example', 'nobody@refused.example'],
          webhook: { url: receiver.url(), secret: SECRET },
        })
        .expect(200);
      const head = await t.store.headPosition();
      const mails = smtp.messages.length;
      const calls = receiver.requests.length;

      const res = await t.http
        .post(testPath('so-noi-vu'))
        .set('Authorization', bearer())
        .send({})
        .expect(200);
      expect(res.body).toMatchObject({
        unitId: 'so-noi-vu',
        results: [
          { channel: 'email', target: 'vanthu@snv.example', outcome: 'delivered', error: null },
          { channel: 'email', target: 'nobody@refused.example', outcome: 'delivered' },
          { channel: 'webhook', target: receiver.url(), outcome: 'delivered', error: null },
        ],
      });
      expect(smtp.messages.length - mails).toBe(2);
      const mail = smtp.messages.at(-1)!;
      expect(mail.subject).toContain('Thư thử nghiệm');
      expect(mail.text).toContain(res.body.testId);
      expect(receiver.requests.length - calls).toBe(1);
      const call = receiver.requests.at(-1)!;
      const signature = createHmac('sha256', SECRET).update(call.rawBody).digest('hex');
      expect(call.headers['x-signature']).toBe(`sha256=${signature}`);
      const payload = JSON.parse(call.rawBody.toString());
      expect(payload).toMatchObject({ kind: 'test', unitId: 'so-noi-vu' });
      expect(call.headers['idempotency-key']).toBe(payload.id);
      // A test changes no state: nothing is recorded.
      expect(await t.store.headPosition()).toBe(head);
    });

    it("reports each channel's failure as the channel gave it", async () => {
      await t.http
        .put('/api/units/so-y-te/contacts')
        .set('Authorization', bearer())
        .send({ emails: ['vanthu@syt.example'], webhook: { url: receiver.url(), secret: SECRET } })
        .expect(200);
      smtp.refuse(550, 'rcpt', 'mailbox unavailable');
      receiver.failNext(1, 500);
      try {
        const res = await t.http
          .post(testPath('so-y-te'))
          .set('Authorization', bearer())
          .send({})
          .expect(200);
        expect(res.body.results).toEqual([
          expect.objectContaining({
            channel: 'email',
            outcome: 'failed',
            error: expect.stringContaining('550'),
          }),
          expect.objectContaining({
            channel: 'webhook',
            outcome: 'failed',
            error: expect.stringContaining('500'),
          }),
        ]);
      } finally {
        smtp.recover();
      }
    });

    it('refuses non-admins, unknown units, units without contacts, bodies with fields; then too many', async () => {
      await t.http
        .post(testPath('so-noi-vu'))
        .set('Authorization', bearer('office'))
        .send({})
        .expect(403);
      const unknown = await t.http
        .post(testPath('so-khong-co'))
        .set('Authorization', bearer())
        .send({})
        .expect(404);
      expect(unknown.body.code).toBe('UNIT.NOT_FOUND');
      const none = await t.http
        .post(testPath('xa-thanh-ba'))
        .set('Authorization', bearer())
        .send({})
        .expect(409);
      expect(none.body.code).toBe('CONTACTS.NOT_SET');
      const extra = await t.http
        .post(testPath('so-noi-vu'))
        .set('Authorization', bearer())
        .send({ emails: ['elsewhere@attacker.example'] })
        .expect(400);
      expect(extra.body.code).toBe('VALIDATION');
      expect(extra.body.errors.map((e: { field: string }) => e.field)).toEqual(['emails']);

      // so-noi-vu was tested once above: two more are let through in the minute, then 429.
      for (let i = 0; i < 2; i++) {
        await t.http
          .post(testPath('so-noi-vu'))
          .set('Authorization', bearer())
          .send({})
          .expect(200);
      }
      const mails = smtp.messages.length;
      const limited = await t.http
        .post(testPath('so-noi-vu'))
        .set('Authorization', bearer())
        .send({})
        .expect(429);
      expect(limited.body.code).toBe('CONTACTS.TEST_RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(smtp.messages.length).toBe(mails);
    });
  });
});
