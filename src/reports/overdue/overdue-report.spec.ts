import { MemoryEventStore } from '../../event-store/memory/memory-event-store';
import { fakeOnlyTheClock } from '../../../test/support/read-models/fake-clock';
import { DEFAULT_CALENDAR } from '../../shared/calendar/default-calendar';
import { endOfLocalDayUtc } from '../../shared/calendar/local-date';
import type { ReadModelSet } from '../../read-side/read-model-set';
import { FollowUpScenario } from '../../../test/support/read-models/follow-up-scenario';
import { projectToHead } from '../../../test/support/read-models/project';
import { readUnits } from '../../organisation/read-model/units.projection';
import {
  overdueReport,
  type OverdueCounts,
  type OverdueReportRequest,
  type ReportBasis,
  type ReportGroupBy,
} from './overdue-report.query';

/** Local time in Hà Nội, as an ISO instant. */
const local = (date: string, time = '09:00') => `${date}T${time}:00+07:00`;

/**
 * A province in February–March 2026, across the Lunar New Year holiday (Sat 14 – Sun 22 Feb).
 * Every act is recorded when it happens, except item H's completion report and acceptance, which
 * the office enters on 10 March with their real (earlier) business times.
 */
async function februaryScenario(): Promise<ReadModelSet> {
  const store = new MemoryEventStore();
  const s = new FollowUpScenario(store);
  const when = async (recordedAt: string, act: () => Promise<unknown>) => {
    jest.setSystemTime(new Date(recordedAt));
    await act();
  };
  const at = async (time: string, act: (t: string) => Promise<unknown>) =>
    when(time, () => act(time));

  jest.setSystemTime(new Date(local('2026-02-01')));
  await s.registerUnits([
    { id: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department' },
    { id: 'so-tai-chinh', name: 'Sở Tài chính', kind: 'department' },
    { id: 'xa-thanh-ba', name: 'Xã Thanh Ba', kind: 'commune' },
    { id: 'xa-quang-yen', name: 'Xã Quảng Yên', kind: 'commune' },
    { id: 'xa-chi-tien', name: 'Xã Chí Tiên', kind: 'commune' },
  ]);
  const raisedAt = local('2026-02-02', '08:00');
  jest.setSystemTime(new Date(raisedAt));
  const directive = (title: string, communes: string[] = []) =>
    s.raise(raisedAt, { kind: 'directive', title, communes });
  const ids = {
    A: await directive('A: done on time', ['xa-thanh-ba']),
    B: await directive('B: done late'),
    C: await directive('C: assigned before Tet, due after it'),
    D: await directive('D: extended'),
    E: await directive('E: cancelled'),
    F: await s.raise(raisedAt, {
      kind: 'recommendation',
      title: 'F: never assigned',
      originUnit: 'xa-thanh-ba',
      communes: ['xa-quang-yen'],
    }),
    G: await s.raise(raisedAt, {
      kind: 'recommendation',
      title: 'G: led by a commune',
      originUnit: 'xa-quang-yen',
      communes: ['xa-quang-yen'],
    }),
    H: await directive('H: entered late'),
  };
  const { A, B, C, D, E, G, H } = ids;

  await at(local('2026-02-02'), (t) =>
    s.assign(A, t, 'so-noi-vu', { type: 'date', date: '2026-02-10' }),
  );
  // 5 working days from Mon 2 Feb: due Mon 9 Feb.
  await at(local('2026-02-02'), (t) =>
    s.assign(B, t, 'so-noi-vu', { type: 'working-days', days: 5 }),
  );
  await at(local('2026-02-02'), (t) =>
    s.assign(D, t, 'so-tai-chinh', { type: 'date', date: '2026-02-13' }),
  );
  await at(local('2026-02-02'), (t) =>
    s.assign(E, t, 'so-noi-vu', { type: 'date', date: '2026-02-06' }),
  );
  await at(local('2026-02-02'), (t) =>
    s.assign(H, t, 'so-noi-vu', { type: 'date', date: '2026-02-27' }),
  );
  await at(local('2026-02-03'), (t) =>
    s.assign(G, t, 'xa-chi-tien', { type: 'date', date: '2026-03-02' }),
  );
  await at(local('2026-02-05'), (t) => s.cancel(E, t));
  await at(local('2026-02-09'), (t) => s.reportCompletion(A, t));
  // 5 working days from Wed 11 Feb: 12, 13, (Tet 14–22), 23, 24, 25 → due Wed 25 Feb.
  await at(local('2026-02-11'), (t) =>
    s.assign(C, t, 'so-tai-chinh', { type: 'working-days', days: 5 }),
  );
  await at(local('2026-02-11'), (t) => s.review(A, t, 'accept'));
  await at(local('2026-02-12'), (t) => s.requestExtension(D, t, '2026-03-06'));
  await at(local('2026-02-12'), (t) => s.reportCompletion(B, t));
  await at(local('2026-02-12', '15:00'), (t) => s.review(B, t, 'accept'));
  await at(local('2026-02-13'), (t) => s.decideExtension(D, t, true));
  await at(local('2026-02-27'), (t) => s.resolve(G, t));
  await when(local('2026-03-10'), () => s.reportCompletion(H, local('2026-02-26')));
  await when(local('2026-03-10', '10:00'), () => s.review(H, local('2026-03-02'), 'accept'));
  return projectToHead(store);
}

/** A row as `{ unitId: counts }` with the zero counts left out, for readable expectations. */
function compact(report: ReturnType<typeof overdueReport>) {
  const nonZero = (counts: OverdueCounts) =>
    Object.fromEntries(Object.entries(counts).filter(([k, v]) => k !== 'unitName' && v !== 0));
  return {
    rows: Object.fromEntries(
      report.rows.map(({ unitId, unitName: _name, ...counts }) => [
        String(unitId),
        nonZero(counts),
      ]),
    ),
    totals: nonZero(report.totals),
  };
}

describe('overdue report', () => {
  let set: ReadModelSet;

  beforeAll(async () => {
    fakeOnlyTheClock();
    set = await februaryScenario();
    jest.useRealTimers();
  });

  afterAll(() => set.db.close());

  const report = (
    asOfDate: string,
    basis: ReportBasis = 'effective',
    groupBy: ReportGroupBy = 'lead-unit',
    extra: Partial<OverdueReportRequest> = {},
  ) =>
    overdueReport(set.report.reportIndex, readUnits(set.db), DEFAULT_CALENDAR, {
      groupBy,
      basis,
      asOfMs: Date.parse(endOfLocalDayUtc(asOfDate)),
      ...extra,
    });

  it('before Tet: an item due that very day is due soon, one due the day before is overdue', () => {
    expect(compact(report('2026-02-10'))).toEqual({
      rows: {
        // A is awaiting review and due 10 Feb: at 24:00 that day it is not late yet.
        'so-noi-vu': { total: 3, dueSoon: 1, openOverdue: 1, overdue1to30: 1, openOnTime: 1 },
        'so-tai-chinh': { total: 1, dueSoon: 1 },
        'xa-chi-tien': { total: 1, openOnTime: 1 },
        // C is not assigned until 11 Feb; F never is.
        null: { total: 2, noDeadline: 2 },
      },
      totals: {
        total: 7,
        dueSoon: 2,
        openOverdue: 1,
        overdue1to30: 1,
        openOnTime: 2,
        noDeadline: 2,
      },
    });
  });

  it('counts a cancelled item while it was open and leaves it out once cancelled', () => {
    const before = report('2026-02-03').rows.find((r) => r.unitId === 'so-noi-vu');
    // On Wed 4 Feb: E due Fri 6 (2 working days left) and B due Mon 9 (3) are due soon;
    // A due Tue 10 (4) and H due 27 Feb are on time.
    expect(before).toMatchObject({ total: 4, dueSoon: 2, openOnTime: 2 });
    const after = report('2026-02-05').rows.find((r) => r.unitId === 'so-noi-vu');
    expect(after).toMatchObject({ total: 3 });
  });

  it('on the eve of Tet counts the holiday out of the working days left', () => {
    expect(compact(report('2026-02-13'))).toEqual({
      rows: {
        'so-noi-vu': { total: 3, completedOnTime: 1, completedLate: 1, openOnTime: 1 },
        // C: 23, 24, 25 Feb are the only working days left; D was extended to 6 March.
        'so-tai-chinh': { total: 2, dueSoon: 1, openOnTime: 1, extended: 1 },
        'xa-chi-tien': { total: 1, openOnTime: 1 },
        null: { total: 1, noDeadline: 1 },
      },
      totals: {
        total: 7,
        completedOnTime: 1,
        completedLate: 1,
        dueSoon: 1,
        openOnTime: 3,
        noDeadline: 1,
        extended: 1,
      },
    });
  });

  it('on 5 March tells "what was true then" from "what the system showed then"', () => {
    const common = {
      'so-tai-chinh': {
        total: 2,
        openOverdue: 1,
        overdue1to30: 1,
        dueSoon: 1,
        extended: 1,
      },
      'xa-chi-tien': { total: 1, completedOnTime: 1 },
      null: { total: 1, noDeadline: 1 },
    };
    // Effective: H's completion (26 Feb) and its acceptance (2 March) had happened.
    expect(compact(report('2026-03-05', 'effective')).rows).toEqual({
      'so-noi-vu': { total: 3, completedOnTime: 2, completedLate: 1 },
      ...common,
    });
    // Recorded: neither was in the system before 10 March; H was 7 days overdue.
    expect(compact(report('2026-03-05', 'recorded')).rows).toEqual({
      'so-noi-vu': {
        total: 3,
        completedOnTime: 1,
        completedLate: 1,
        openOverdue: 1,
        overdue1to30: 1,
      },
      ...common,
    });
    // From 10 March on, both bases agree.
    const { rows, totals } = report('2026-03-10', 'recorded');
    expect({ rows, totals }).toEqual({
      rows: report('2026-03-10', 'effective').rows,
      totals: report('2026-03-10', 'effective').totals,
    });
  });

  it('ages open overdue items into 1–30, 31–90 and over 90 days', () => {
    const row = (date: string) => report(date).rows.find((r) => r.unitId === 'so-tai-chinh');
    // At 24:00 on 31 March: C (due 25 Feb) is 35 days late, D (due 6 March) 26.
    expect(row('2026-03-31')).toMatchObject({ openOverdue: 2, overdue1to30: 1, overdue31to90: 1 });
    // C 65 days late on 30 April, D 56.
    expect(row('2026-04-30')).toMatchObject({ openOverdue: 2, overdue31to90: 2 });
    expect(row('2026-06-30')).toMatchObject({ openOverdue: 2, overdueOver90: 2 });
  });

  it('groups by commune: each commune an item concerns (listed, origin, lead) once', () => {
    expect(compact(report('2026-03-05', 'effective', 'commune'))).toEqual({
      rows: {
        'xa-chi-tien': { total: 1, completedOnTime: 1 },
        // F (origin Thanh Ba, listed Quảng Yên) and G (origin and listed Quảng Yên: once).
        'xa-quang-yen': { total: 2, completedOnTime: 1, noDeadline: 1 },
        'xa-thanh-ba': { total: 2, completedOnTime: 1, noDeadline: 1 },
        // Items led by departments that list no commune.
        null: {
          total: 4,
          completedOnTime: 1,
          completedLate: 1,
          openOverdue: 1,
          overdue1to30: 1,
          dueSoon: 1,
          extended: 1,
        },
      },
      // Every item once, however many communes it concerns.
      totals: {
        total: 7,
        completedOnTime: 3,
        completedLate: 1,
        openOverdue: 1,
        overdue1to30: 1,
        dueSoon: 1,
        noDeadline: 1,
        extended: 1,
      },
    });
  });

  it('filters by kind and names rows after their units, the row without unit last', () => {
    const recommendations = report('2026-03-05', 'effective', 'lead-unit', {
      kind: 'recommendation',
    });
    expect(recommendations.rows.map((r) => [r.unitId, r.unitName, r.total])).toEqual([
      ['xa-chi-tien', 'Xã Chí Tiên', 1],
      [null, 'Chưa giao đơn vị chủ trì', 1],
    ]);
  });

  it('keeps the six counts disjoint and the bands inside openOverdue, on every row', () => {
    for (const date of ['2026-02-03', '2026-02-10', '2026-02-26', '2026-03-05', '2026-07-01']) {
      for (const basis of ['effective', 'recorded'] as const) {
        for (const groupBy of ['lead-unit', 'commune'] as const) {
          const r = report(date, basis, groupBy);
          for (const c of [...r.rows, r.totals]) {
            const six =
              c.completedOnTime + c.completedLate + c.openOnTime + c.dueSoon + c.openOverdue;
            expect(six + c.noDeadline).toBe(c.total);
            expect(c.overdue1to30 + c.overdue31to90 + c.overdueOver90).toBe(c.openOverdue);
          }
        }
      }
    }
  });
});
