import type { Database } from 'better-sqlite3';
import { EVENT_REGISTRY } from '../../event-registry';
import { ConsumerEngine } from '../../event-sourcing/consumer-engine';
import { MemoryEventStore } from '../../event-store/memory/memory-event-store';
import { TransferConsumer } from '../../items/transfers/transfer.consumer';
import { TransferRunner } from '../../items/transfers/transfer-runner';
import { openTransfersDb } from '../../items/transfers/transfers-db';
import { readUnitLineage, readUnits } from '../../organisation/read-model/units.projection';
import type { UnitsAsOf } from '../../organisation/unit-lineage';
import { SqliteConsumerStorage } from '../../read-models/read-model-db';
import type { ReadModelSet } from '../../read-side/read-model-set';
import { DEFAULT_CALENDAR } from '../../shared/calendar/default-calendar';
import { endOfLocalDayUtc } from '../../shared/calendar/local-date';
import { fakeOnlyTheClock } from '../../../test/support/read-models/fake-clock';
import { FollowUpScenario } from '../../../test/support/read-models/follow-up-scenario';
import { projectToHead, silentLogger } from '../../../test/support/read-models/project';
import { periodReport } from '../period/period-report.query';
import { overdueReport, type ReportBasis, type ReportGroupBy } from './overdue-report.query';
import { reportItems } from './report-items';

const local = (date: string, time = '09:00') => `${date}T${time}:00+07:00`;
const endOf = (date: string) => Date.parse(endOfLocalDayUtc(date));

/**
 * Two communes, Thanh Ba and Quảng Yên, merged into a new Xã Thanh Ba Mới from 1 July 2025; the
 * office records the merger only on 15 July, and the transfers follow on 16 July. Thanh Ba leads
 * one directive (assigned in March), Quảng Yên raised one recommendation that Sở Nội vụ leads.
 */
async function mergerRecordedLate(): Promise<ReadModelSet> {
  const store = new MemoryEventStore();
  const s = new FollowUpScenario(store);
  jest.setSystemTime(new Date(local('2025-03-01')));
  await s.registerUnits([
    { id: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department' },
    { id: 'xa-thanh-ba', name: 'Xã Thanh Ba', kind: 'commune' },
    { id: 'xa-quang-yen', name: 'Xã Quảng Yên', kind: 'commune' },
  ]);
  const raised = local('2025-03-03');
  jest.setSystemTime(new Date(raised));
  const directive = await s.raise(raised, { kind: 'directive', communes: ['xa-thanh-ba'] });
  await s.act(directive, raised, {
    type: 'AssignItem',
    data: {
      itemId: directive,
      leadUnit: 'xa-thanh-ba',
      deadline: { type: 'date', date: '2026-06-30' },
    },
  });
  const recommendation = await s.raise(raised, {
    kind: 'recommendation',
    originUnit: 'xa-quang-yen',
  });
  await s.act(recommendation, raised, {
    type: 'AssignItem',
    data: { itemId: recommendation, leadUnit: 'so-noi-vu' },
  });
  jest.setSystemTime(new Date(local('2025-07-15')));
  await s.changeUnits(local('2025-07-15'), {
    type: 'MergeUnits',
    from: ['xa-thanh-ba', 'xa-quang-yen'],
    into: { id: 'xa-thanh-ba-moi', name: 'Xã Thanh Ba Mới', kind: 'commune' },
    effectiveOn: '2025-07-01',
    reference: 'NQ 1676/NQ-UBTVQH15',
  });
  jest.setSystemTime(new Date(local('2025-07-16')));
  const db: Database = openTransfersDb(':memory:');
  const engine = new ConsumerEngine(
    store,
    new SqliteConsumerStorage(db),
    [new TransferConsumer()],
    {
      registry: EVENT_REGISTRY,
      logger: silentLogger,
    },
  );
  await engine.catchUp();
  const runner = new TransferRunner(db, store);
  while (runner.pending() > 0) await runner.round();
  db.close();
  return projectToHead(store);
}

describe('reports by units as organised then or now', () => {
  let set: ReadModelSet;
  beforeAll(async () => {
    fakeOnlyTheClock();
    set = await mergerRecordedLate();
  });
  afterAll(() => {
    set.db.close();
    jest.useRealTimers();
  });

  const rows = (asOf: string, basis: ReportBasis, units: UnitsAsOf, groupBy: ReportGroupBy) =>
    overdueReport(
      set.report.reportIndex,
      readUnits(set.db),
      DEFAULT_CALENDAR,
      { asOfMs: endOf(asOf), basis, groupBy, units },
      readUnitLineage(set.db),
    ).rows.map((r) => [r.unitName, r.total]);

  it('then: the pre-merger communes before the merger, the merged one after it', () => {
    expect(rows('2025-03-31', 'effective', 'then', 'commune')).toEqual([
      ['Xã Quảng Yên', 1],
      ['Xã Thanh Ba', 1],
    ]);
    expect(rows('2026-03-31', 'effective', 'then', 'commune')).toEqual([['Xã Thanh Ba Mới', 2]]);
    expect(rows('2026-03-31', 'effective', 'then', 'lead-unit')).toEqual([
      ['Sở Nội vụ', 1],
      ['Xã Thanh Ba Mới', 1],
    ]);
  });

  it('now: every row mapped to today’s successor, at any date', () => {
    expect(rows('2025-03-31', 'effective', 'now', 'commune')).toEqual([['Xã Thanh Ba Mới', 2]]);
    expect(rows('2025-03-31', 'recorded', 'now', 'lead-unit')).toEqual([
      ['Sở Nội vụ', 1],
      ['Xã Thanh Ba Mới', 1],
    ]);
  });

  it('a merger recorded late: effective shows it from its date, recorded only once recorded', () => {
    // 10 July: the merger had taken effect, but nobody had recorded it yet.
    expect(rows('2025-07-10', 'effective', 'then', 'lead-unit')).toEqual([
      ['Sở Nội vụ', 1],
      ['Xã Thanh Ba Mới', 1],
    ]);
    expect(rows('2025-07-10', 'recorded', 'then', 'lead-unit')).toEqual([
      ['Sở Nội vụ', 1],
      ['Xã Thanh Ba', 1],
    ]);
    // 15 July: recorded, transfers not yet (they came on the 16th): the lineage says it already.
    expect(rows('2025-07-15', 'recorded', 'then', 'commune')).toEqual([['Xã Thanh Ba Mới', 2]]);
    expect(rows('2025-07-16', 'recorded', 'then', 'commune')).toEqual([['Xã Thanh Ba Mới', 2]]);
  });

  it('a report as of the last day before the merger (its 24:00) still has the old communes', () => {
    expect(rows('2025-06-30', 'effective', 'then', 'commune')).toEqual([
      ['Xã Quảng Yên', 1],
      ['Xã Thanh Ba', 1],
    ]);
  });

  it('lists the items behind a row as the row counts them, and the period report agrees', () => {
    const listed = (asOf: string, basis: ReportBasis, filter: object) =>
      reportItems(
        set.report.reportIndex,
        readUnits(set.db),
        DEFAULT_CALENDAR,
        { asOfMs: endOf(asOf), basis, page: 1, pageSize: 10, ...filter },
        readUnitLineage(set.db),
      ).total;
    expect(listed('2025-07-10', 'effective', { leadUnit: 'xa-thanh-ba-moi' })).toBe(1);
    expect(listed('2025-07-10', 'recorded', { leadUnit: 'xa-thanh-ba-moi' })).toBe(0);
    expect(listed('2025-07-10', 'recorded', { leadUnit: 'xa-thanh-ba' })).toBe(1);
    expect(listed('2025-03-31', 'effective', { commune: 'xa-thanh-ba-moi', units: 'now' })).toBe(2);

    const period = (to: string, units: UnitsAsOf) =>
      periodReport(
        set.report.reportIndex,
        readUnits(set.db),
        DEFAULT_CALENDAR,
        { from: '2025-01-01', to, groupBy: 'commune', basis: 'effective', units },
        0n,
        readUnitLineage(set.db),
      ).rows.map((r) => [r.unitId, r.received]);
    expect(period('2025-06-30', 'then')).toEqual([
      ['xa-quang-yen', 1],
      ['xa-thanh-ba', 1],
    ]);
    expect(period('2025-06-30', 'now')).toEqual([['xa-thanh-ba-moi', 2]]);
    expect(period('2025-12-31', 'then')).toEqual([['xa-thanh-ba-moi', 2]]);
  });
});
