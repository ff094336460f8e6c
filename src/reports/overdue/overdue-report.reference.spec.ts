import { MemoryEventStore } from '../../event-store/memory/memory-event-store';
import { fakeOnlyTheClock } from '../../../test/support/read-models/fake-clock';
import { DEFAULT_CALENDAR } from '../../shared/calendar/default-calendar';
import type { ReadModelSet } from '../../read-side/read-model-set';
import { FollowUpScenario } from '../../../test/support/read-models/follow-up-scenario';
import { projectToHead } from '../../../test/support/read-models/project';
import { itemStreamsOf, referenceReport } from '../../../test/support/read-models/reference-report';
import { readUnits } from '../../organisation/read-model/units.projection';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { overdueReport, type OverdueReportRequest } from './overdue-report.query';

/**
 * The read model's report against the obvious computation (fold each item with `evolve`, judge
 * with `timelinessOf`) on a generated province whose acts are often entered late, reassigned,
 * returned, extended, reopened or cancelled, at many instants, on both bases.
 */
describe('overdue report equals the domain fold', () => {
  let set: ReadModelSet;
  let streams: RecordedEvent[][];
  const shape = {
    departments: 4,
    communes: 8,
    items: 150,
    start: '2026-01-05T01:00:00Z',
    days: 200,
    seed: 7,
    lateEntryRate: 0.2,
  };

  beforeAll(async () => {
    fakeOnlyTheClock();
    const store = new MemoryEventStore();
    const scenario = new FollowUpScenario(store);
    await scenario.writeProvince(shape, (act) => jest.setSystemTime(new Date(act.recordedAt)));
    jest.useRealTimers();
    set = await projectToHead(store);
    streams = await itemStreamsOf(store);
  });

  afterAll(() => set.db.close());

  const instants = [
    '2026-01-20T10:00:00+07:00',
    '2026-02-13T17:00:00Z', // 24:00 local on the eve of Tet
    '2026-02-20T03:30:00Z',
    '2026-03-31T17:00:00Z',
    '2026-05-15T12:00:00+07:00',
    '2026-06-30T17:00:00Z',
    '2026-08-01T00:00:00+07:00',
    '2026-09-30T17:00:00Z',
    '2027-01-01T00:00:00Z',
  ];

  it.each(instants)('agrees at %s on both bases, both groupings and each kind', (instant) => {
    const units = readUnits(set.db);
    for (const basis of ['effective', 'recorded'] as const) {
      for (const groupBy of ['lead-unit', 'commune'] as const) {
        for (const kind of [undefined, 'directive', 'recommendation'] as const) {
          const request: OverdueReportRequest = {
            basis,
            groupBy,
            kind,
            asOfMs: Date.parse(instant),
          };
          const actual = overdueReport(set.report.reportIndex, units, DEFAULT_CALENDAR, request);
          const expected = referenceReport(streams, units, DEFAULT_CALENDAR, request);
          expect(actual.totals).toEqual(expected.totals);
          expect(
            new Map(actual.rows.map(({ unitId, unitName: _n, ...counts }) => [unitId, counts])),
          ).toEqual(expected.rows);
        }
      }
    }
  });

  it('generated a history rich enough to mean something', () => {
    const types = new Set(streams.flat().map((e) => e.type));
    expect([...types].sort()).toEqual(
      expect.arrayContaining([
        'ExtensionDecided',
        'ItemCancelled',
        'ItemReopened',
        'ItemReturned',
        'ItemReviewed',
      ]),
    );
    const late = streams
      .flat()
      .filter((e) => Date.parse(e.recordedAt) - Date.parse(e.metadata.occurredAt) > 86_400_000);
    expect(late.length).toBeGreaterThan(20);
  });
});
