import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { handleCommand } from '../../event-sourcing/command-handler';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { MemoryEventStore } from '../../event-store/memory/memory-event-store';
import { itemDecider } from '../../items/item.decider';
import { itemEvents } from '../../items/item.events';
import { itemExists, type Item, type ItemState } from '../../items/item.state';
import { timelinessOf } from '../../items/timeliness';
import { readUnits } from '../../organisation/read-model/units.projection';
import type { UnitRow } from '../../organisation/read-model/units.projection';
import { DEFAULT_CALENDAR } from '../../shared/calendar/default-calendar';
import { addDays, endOfLocalDayUtc, toLocalDate } from '../../shared/calendar/local-date';
import { DomainError } from '../../shared/domain-error';
import { fakeOnlyTheClock } from '../../../test/support/read-models/fake-clock';
import { FollowUpScenario } from '../../../test/support/read-models/follow-up-scenario';
import { projectToHead } from '../../../test/support/read-models/project';
import {
  COMMUNES,
  DEPARTMENTS,
  history,
  HISTORY_START_MS,
  historyEndMs,
  writeHistory,
  type History,
} from '../../../test/support/read-models/random-history';
import { itemStreamsOf } from '../../../test/support/read-models/reference-report';
import { DEFAULT_RATING_RULES } from '../ratings/rating-rules';
import { ratings } from '../ratings/ratings.query';
import { periodReport, type PeriodCounts, type PeriodReportRequest } from './period-report.query';

/**
 * The period report and the ratings equal a fold of the log, whatever the log: random histories
 * through the real command path (with urges after them), any period, both bases, both groupings.
 * The reference below reads API.md and folds each item's events with `evolve`, judging with
 * `timelinessOf`; it shares no code with the read model's typed-array fold. And the balance
 * `carriedOver + received = closed + open + cancelled` holds on every row and in the totals.
 */

const HOUR_MS = 3_600_000;

interface Run {
  history: History;
  urges: { item: number; gapHours: number }[];
  /** Start of the period, as a fraction of the history's span; its length in days. */
  from: number;
  /** Or the period starts the day after this event (so that it falls between two acts). */
  anchor: number | null;
  days: number;
  kind: 'directive' | 'recommendation' | undefined;
}

const run: fc.Arbitrary<Run> = fc.record({
  history: history({ maxActs: 50 }),
  urges: fc.array(
    fc.record({ item: fc.integer({ min: 0, max: 3 }), gapHours: fc.integer({ min: 1, max: 200 }) }),
    { maxLength: 6 },
  ),
  from: fc.double({ min: -0.2, max: 1.2, noNaN: true }),
  anchor: fc.option(fc.nat(), { nil: null }),
  days: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 11, max: 200 })),
  kind: fc.constantFrom(undefined, 'directive' as const, 'recommendation' as const),
});

async function writeLog(r: Run): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  await new FollowUpScenario(store).registerUnits([
    ...DEPARTMENTS.map((id) => ({ id, name: `Sở ${id}`, kind: 'department' as const })),
    ...COMMUNES.map((id) => ({ id, name: `Xã ${id}`, kind: 'commune' as const })),
  ]);
  await writeHistory(store, r.history, (ms) => jest.setSystemTime(ms));
  // Urges after the history (the generator draws none): refused on items that cannot be urged.
  const streams = await itemStreamsOf(store);
  let ms = historyEndMs(r.history);
  for (const u of r.urges) {
    const stream = streams[u.item % Math.max(1, streams.length)];
    if (!stream) break;
    ms += u.gapHours * HOUR_MS;
    jest.setSystemTime(ms);
    const at = new Date(ms - HOUR_MS).toISOString();
    try {
      await handleCommand({
        store,
        decider: itemDecider,
        streamId: stream[0].streamId,
        command: { type: 'UrgeItem', data: { itemId: itemIdOf(stream), note: 'Đôn đốc' } },
        context: { now: at, calendar: DEFAULT_CALENDAR },
        metadata: {
          actor: { sub: 'office-1', role: 'office', unit: null },
          occurredAt: at,
          correlationId: randomUUID(),
          causationId: null,
          commandId: randomUUID(),
        },
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return store;
}

const itemIdOf = (stream: RecordedEvent[]) => (stream[0].data as { itemId: string }).itemId;

const zero = (): PeriodCounts => ({
  carriedOver: 0,
  received: 0,
  completedOnTime: 0,
  completedLate: 0,
  openOnTime: 0,
  openOverdue: 0,
  openNoDeadline: 0,
  cancelled: 0,
  extended: 0,
  urged: 0,
});

/** API.md's period report, item by item, from `evolve`. */
function referencePeriod(
  streams: RecordedEvent[][],
  units: ReadonlyMap<string, UnitRow>,
  request: PeriodReportRequest,
): { rows: Map<string | null, PeriodCounts>; totals: PeriodCounts } {
  const startMs = Date.parse(endOfLocalDayUtc(addDays(request.from, -1)));
  const endMs = Date.parse(endOfLocalDayUtc(request.to));
  const endIso = new Date(endMs).toISOString();
  const timeOf = (e: RecordedEvent) =>
    Date.parse(request.basis === 'effective' ? e.metadata.occurredAt : e.recordedAt);
  const foldUntil = (events: RecordedEvent[], ms: number): ItemState =>
    events
      .filter((e) => timeOf(e) <= ms)
      .reduce((s, e) => itemDecider.evolve(s, itemEvents.decode(e)), itemDecider.initialState());
  const isOpen = (s: ItemState) =>
    itemExists(s) && s.status !== 'resolved' && s.status !== 'cancelled';
  const rows = new Map<string | null, PeriodCounts>();
  const totals = zero();
  for (const stream of streams) {
    const end = foldUntil(stream, endMs);
    if (!itemExists(end)) continue;
    if (request.kind && end.kind !== request.kind) continue;
    const assignedAt = stream.filter((e) => e.type === 'ItemAssigned').map(timeOf);
    const firstAssigned = Math.min(...assignedAt);
    if (!(firstAssigned <= endMs)) continue;
    const within = (e: RecordedEvent) => timeOf(e) > startMs && timeOf(e) <= endMs;
    const carried = firstAssigned <= startMs;
    const reopened = stream.some((e) => e.type === 'ItemReopened' && within(e));
    if (carried && !isOpen(foldUntil(stream, startMs)) && !reopened) continue;
    const timeliness = timelinessOf(end, endIso, DEFAULT_CALENDAR);
    const outcome: keyof PeriodCounts =
      end.status === 'cancelled'
        ? 'cancelled'
        : end.status === 'resolved'
          ? timeliness === 'completed-late'
            ? 'completedLate'
            : 'completedOnTime'
          : timeliness === 'overdue'
            ? 'openOverdue'
            : timeliness === 'no-deadline'
              ? 'openNoDeadline'
              : 'openOnTime';
    const extended = stream.some(
      (e) =>
        e.type === 'ExtensionDecided' && (e.data as { approved: boolean }).approved && within(e),
    );
    const urged = stream.some((e) => e.type === 'ItemUrged' && within(e));
    const add = (c: PeriodCounts) => {
      c[carried ? 'carriedOver' : 'received']++;
      c[outcome]++;
      if (extended) c.extended++;
      if (urged) c.urged++;
    };
    add(totals);
    for (const group of groupsOf(end, units, request.groupBy)) {
      if (!rows.has(group)) rows.set(group, zero());
      add(rows.get(group)!);
    }
  }
  return { rows, totals };
}

function groupsOf(
  item: Item,
  units: ReadonlyMap<string, UnitRow>,
  groupBy: PeriodReportRequest['groupBy'],
): (string | null)[] {
  if (groupBy === 'lead-unit') return [item.leadUnit];
  const isCommune = (id: string | null) => id !== null && units.get(id)?.kind === 'commune';
  const communes = [
    ...new Set([
      ...item.communes,
      ...(isCommune(item.originUnit) ? [item.originUnit!] : []),
      ...(isCommune(item.leadUnit) ? [item.leadUnit!] : []),
    ]),
  ];
  return communes.length > 0 ? communes : [null];
}

/** API.md's ratings, item by item: each lead unit's items due in the period, as they ended it. */
function referenceRatingBasis(
  streams: RecordedEvent[][],
  request: { from: string; to: string; basis: 'effective' | 'recorded' },
): Map<
  string,
  { due: number; completedOnTime: number; completedLate: number; openOverdue: number }
> {
  const endMs = Date.parse(endOfLocalDayUtc(request.to));
  const units = new Map<
    string,
    { due: number; completedOnTime: number; completedLate: number; openOverdue: number }
  >();
  for (const stream of streams) {
    const end = stream
      .filter(
        (e) =>
          Date.parse(request.basis === 'effective' ? e.metadata.occurredAt : e.recordedAt) <= endMs,
      )
      .reduce((s, e) => itemDecider.evolve(s, itemEvents.decode(e)), itemDecider.initialState());
    if (!itemExists(end) || end.status === 'cancelled' || end.leadUnit === null) continue;
    const due = end.deadline.current;
    if (due === null || due < request.from || due > request.to) continue;
    const basis = units.get(end.leadUnit) ?? {
      due: 0,
      completedOnTime: 0,
      completedLate: 0,
      openOverdue: 0,
    };
    units.set(end.leadUnit, basis);
    basis.due++;
    if (end.status !== 'resolved') basis.openOverdue++;
    else if (
      timelinessOf(end, new Date(endMs).toISOString(), DEFAULT_CALENDAR) === 'completed-on-time'
    )
      basis.completedOnTime++;
    else basis.completedLate++;
  }
  return units;
}

const balanced = (c: PeriodCounts) =>
  c.carriedOver + c.received ===
  c.completedOnTime +
    c.completedLate +
    c.openOnTime +
    c.openOverdue +
    c.openNoDeadline +
    c.cancelled;

describe('the period report and ratings equal a fold of any log', () => {
  beforeAll(() => fakeOnlyTheClock());
  afterAll(() => jest.useRealTimers());

  it('counts every item once per row, balanced, as evolve folds it', async () => {
    await fc.assert(
      fc.asyncProperty(run, async (r) => {
        const store = await writeLog(r);
        const streams = await itemStreamsOf(store);
        const set = await projectToHead(store);
        try {
          const units = readUnits(set.db);
          const span = historyEndMs(r.history) + 400 * HOUR_MS - HISTORY_START_MS;
          const events = streams.flat();
          const anchor = r.anchor === null ? undefined : events[r.anchor % events.length];
          const from = anchor
            ? addDays(toLocalDate(anchor.metadata.occurredAt), 1)
            : toLocalDate(new Date(HISTORY_START_MS + r.from * span).toISOString());
          const to = addDays(from, r.days);
          for (const basis of ['effective', 'recorded'] as const) {
            for (const groupBy of ['lead-unit', 'commune'] as const) {
              const request: PeriodReportRequest = { from, to, basis, groupBy, kind: r.kind };
              const actual = periodReport(
                set.report.reportIndex,
                units,
                DEFAULT_CALENDAR,
                request,
                0n,
              );
              const expected = referencePeriod(streams, units, request);
              expect(actual.totals).toEqual(expected.totals);
              expect(
                new Map(
                  actual.rows.map(({ unitId, unitName: _name, ...counts }) => [unitId, counts]),
                ),
              ).toEqual(expected.rows);
              expect(balanced(actual.totals)).toBe(true);
              for (const row of actual.rows) expect(balanced(row)).toBe(true);
            }
            const rated = ratings(
              set.report.reportIndex,
              units,
              {
                from,
                to,
                basis,
                rules: { ...DEFAULT_RATING_RULES, revision: null, effectiveFrom: null },
              },
              0n,
            );
            expect(new Map(rated.rows.map((row) => [row.unitId, row.basis]))).toEqual(
              referenceRatingBasis(streams, { from, to, basis }),
            );
            for (const row of rated.rows) {
              const sum = row.explanation.reduce((s, e) => s + e.effect, 0);
              expect(row.explanation).toHaveLength(row.basis.due);
              expect(row.score).toBeCloseTo(Math.max(0, sum), 1);
            }
          }
        } finally {
          set.db.close();
        }
      }),
      { numRuns: 200 },
    );
  });
});
