import { fakeOnlyTheClock } from '../support/read-models/fake-clock';
import type { Worker } from 'node:worker_threads';
import type { Role } from '../../src/shared/principal';
import { READ_SIDE } from '../../src/read-side/read-side';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * `GET /api/calendar` and `/health` say when a year's holidays are missing or unconfirmed, and an
 * admin's confirmed declaration clears the warning.
 *
 * The app reads the clock only at the HTTP edge (`new Date()`), so the test sets the day by faking
 * `Date` in this process: timers, I/O and the worker threads run on as usual, and the faked clock
 * moves on with real time from where it is set.
 */

const REFERENCE_2026 = 'Công văn 12729/VPCP-KGVX ngày 25/12/2025';
const REFERENCE_2027 = 'Thông báo về lịch nghỉ Tết Nguyên đán Đinh Mùi 2027';

interface Problem {
  status: number;
  code: string;
  errors?: { field: string; message: string }[];
}

function setClock(instant: string): void {
  jest.setSystemTime(new Date(instant));
}

describe('calendar status and warnings', () => {
  let t: TestApp;
  const bearer = (role: Role, unit?: string) => `Bearer ${t.token(role, unit)}`;
  const status = async (role: Role = 'office', unit?: string) =>
    (await t.http.get('/api/calendar').set('Authorization', bearer(role, unit)).expect(200)).body;
  const warnings = async () =>
    ((await status()).warnings as { code: string; year: number }[]).map(
      (w) => `${w.code} ${w.year}`,
    );
  const declare = (year: number, body: object, role: Role = 'admin') =>
    t.http.put(`/api/calendar/${year}`).set('Authorization', bearer(role)).send(body);

  beforeAll(async () => {
    fakeOnlyTheClock({ now: new Date('2026-12-03T03:00:00Z'), advanceTimers: true });
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    jest.useRealTimers();
  });

  it('asks for 2027 from 1 October, counted in Asia/Ho_Chi_Minh days', async () => {
    setClock('2026-09-30T16:59:00Z'); // 23:59 on 30 Sep in Hanoi
    expect(await warnings()).toEqual(['CALENDAR.UNCONFIRMED 2026']);

    setClock('2026-09-30T17:00:00Z'); // 00:00 on 1 Oct in Hanoi
    expect(await warnings()).toEqual(['CALENDAR.UNCONFIRMED 2026', 'CALENDAR.YEAR_MISSING 2027']);

    setClock('2026-12-03T03:00:00Z');
    const body = await status();
    expect(body.years).toEqual([
      { year: 2025, declared: true, confirmed: false },
      { year: 2026, declared: true, confirmed: false },
      { year: 2027, declared: false, confirmed: false },
    ]);
    expect(body.warnings).toEqual([
      { code: 'CALENDAR.UNCONFIRMED', year: 2026, message: expect.stringContaining('2026') },
      { code: 'CALENDAR.YEAR_MISSING', year: 2027, message: expect.stringContaining('2027') },
    ]);
  });

  it('lets every signed-in role read the status, and nobody without a token', async () => {
    await status('auditor');
    await status('unit', 'so-noi-vu');
    await status('leader');
    await status('admin');
    await t.http.get('/api/calendar').expect(401);
  });

  it('says degraded on /health (still 200) while a year is missing, with the warnings', async () => {
    setClock('2026-12-03T03:00:00Z');
    const health = await t.http
      .get('/health')
      .set('Authorization', `Bearer ${t.token('admin')}`)
      .expect(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      store: { status: 'up' },
      calendar: {
        warnings: expect.arrayContaining([
          expect.objectContaining({ code: 'CALENDAR.YEAR_MISSING', year: 2027 }),
        ]),
      },
    });

    // Before October, 2027 is not yet due: an unconfirmed 2026 alone does not degrade.
    setClock('2026-09-30T03:00:00Z');
    const september = await t.http
      .get('/health')
      .set('Authorization', `Bearer ${t.token('admin')}`)
      .expect(200);
    expect(september.body.calendar.warnings).toEqual([
      expect.objectContaining({ code: 'CALENDAR.UNCONFIRMED', year: 2026 }),
    ]);
    expect(september.body.status).toBe('ok');
    setClock('2026-12-03T03:00:00Z');
  });

  it('still reports the calendar on /health while the read-side worker is down', async () => {
    setClock('2026-12-03T03:00:00Z');
    // As a crash in native code would end it; the calendar comes from the store, not the read side.
    const readSide = t.app.get(READ_SIDE) as unknown as { worker: Promise<Worker> };
    await (await readSide.worker).terminate();
    const health = await t.http
      .get('/health')
      .set('Authorization', `Bearer ${t.token('admin')}`)
      .expect(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      store: { status: 'up' },
      calendar: {
        warnings: expect.arrayContaining([
          expect.objectContaining({ code: 'CALENDAR.YEAR_MISSING', year: 2027 }),
        ]),
      },
    });
  });

  it('refuses a bad declaration with a problem document and records nothing', async () => {
    const head = await t.store.headPosition();
    const valid = { holidays: ['2027-01-01'], workingSaturdays: [] };
    const bad: [object, string][] = [
      [{ ...valid, confirmed: 'yes' }, 'confirmed'],
      [{ ...valid, confirmed: 1 }, 'confirmed'],
      [{ ...valid, reference: 42 }, 'reference'],
      [{ ...valid, reference: '   ' }, 'reference'],
      [{ ...valid, reference: 'x'.repeat(301) }, 'reference'],
      [{ ...valid, confirmed: true, approvedBy: 'admin' }, 'approvedBy'],
    ];
    for (const [body, field] of bad) {
      const res = await declare(2027, body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.body as Problem;
      expect(problem).toMatchObject({ status: 400, code: 'VALIDATION' });
      expect(problem.errors?.map((e) => e.field)).toContain(field);
    }
    for (const role of ['office', 'leader', 'auditor'] as const) {
      const res = await declare(2027, { ...valid, confirmed: true }, role);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const unit = await t.http
      .put('/api/calendar/2027')
      .set('Authorization', bearer('unit', 'so-noi-vu'))
      .send({ ...valid, confirmed: true });
    expect(unit.status).toBe(403);
    expect(await t.store.headPosition()).toBe(head);
    expect(await warnings()).toContain('CALENDAR.YEAR_MISSING 2027');
  });

  it('clears the warnings once an admin declares the years with confirmed and a reference', async () => {
    // Tết Đinh Mùi 2027 falls on Sat 6 Feb; the days here stand in for the year's decision.
    await declare(2027, {
      holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'],
      workingSaturdays: [],
    }).expect(200);
    expect(await warnings()).toEqual(['CALENDAR.UNCONFIRMED 2026', 'CALENDAR.UNCONFIRMED 2027']);
    expect(
      (
        await t.http
          .get('/health')
          .set('Authorization', `Bearer ${t.token('admin')}`)
          .expect(200)
      ).body.calendar.warnings,
    ).toHaveLength(2);

    await declare(2027, {
      holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'],
      workingSaturdays: [],
      confirmed: true,
      reference: REFERENCE_2027,
    }).expect(200);
    const defaults2026 = (
      await t.http.get('/api/calendar/2026').set('Authorization', bearer('admin')).expect(200)
    ).body;
    await declare(2026, {
      holidays: defaults2026.holidays,
      workingSaturdays: defaults2026.workingSaturdays,
      confirmed: true,
      reference: REFERENCE_2026,
    }).expect(200);

    const body = await status('auditor');
    expect(body.warnings).toEqual([]);
    expect(body.years).toEqual([
      { year: 2025, declared: true, confirmed: false },
      { year: 2026, declared: true, confirmed: true, reference: REFERENCE_2026 },
      { year: 2027, declared: true, confirmed: true, reference: REFERENCE_2027 },
    ]);
    // The day-by-day answer keeps its fields and says how the year was declared (issue 22).
    expect(
      (await t.http.get('/api/calendar/2027').set('Authorization', bearer('unit', 'so-y-te'))).body,
    ).toEqual({
      year: 2027,
      holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'],
      workingSaturdays: [],
      declared: true,
      confirmed: true,
      reference: REFERENCE_2027,
      dayReferences: [],
    });
    const health = await t.http
      .get('/health')
      .set('Authorization', `Bearer ${t.token('admin')}`)
      .expect(200);
    expect(health.body.calendar).toEqual({ warnings: [] });
    expect(health.body.status).toBe('ok');

    // A declaration replaces the year: one made without confirming it is unconfirmed again.
    await declare(2027, { holidays: ['2027-01-01'], workingSaturdays: [] }).expect(200);
    expect(await warnings()).toEqual(['CALENDAR.UNCONFIRMED 2027']);
  });

  it('documents GET /api/calendar and the new PUT fields in OpenAPI', async () => {
    const { body } = await t.http.get('/docs-json').expect(200);
    const ok = body.paths['/api/calendar'].get.responses['200'];
    expect(ok.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CalendarStatusDto',
    });
    const schemas = body.components.schemas;
    expect(Object.keys(schemas.CalendarStatusDto.properties)).toEqual(['years', 'warnings']);
    expect(schemas.CalendarWarningDto.properties.code.enum).toEqual([
      'CALENDAR.YEAR_MISSING',
      'CALENDAR.UNCONFIRMED',
    ]);
    expect(schemas.DeclareCalendarYearDto.properties).toMatchObject({
      confirmed: { type: 'boolean' },
      reference: { type: 'string', maxLength: 300 },
    });
  });
});
