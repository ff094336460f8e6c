import fc from 'fast-check';
import { fakeOnlyTheClock } from '../../test/support/read-models/fake-clock';
import { canSeeItem } from '../items/item-access';
import type { Principal } from '../shared/principal';
import type { RecordedEvent } from '../event-store/event-store.port';
import { MemoryEventStore } from '../event-store/memory/memory-event-store';
import { itemDecider } from '../items/item.decider';
import { itemEvents } from '../items/item.events';
import { itemExists, type Item } from '../items/item.state';
import { toItemView } from '../items/item.view';
import { TIMELINESS_VALUES, timelinessOf } from '../items/timeliness';
import { foldAt } from '../items/application/fold-at';
import { reportItems } from '../reports/overdue/report-items';
import { DEFAULT_CALENDAR } from '../shared/calendar/default-calendar';
import { listItems } from '../items/read-model/items.query';
import { foldForSearch, searchWords } from '../items/read-model/search-text';
import { overdueReport, type OverdueReportRequest } from '../reports/overdue/overdue-report.query';
import type { ReportIndex } from '../reports/overdue/report-index';
import { ReportProjection } from '../reports/overdue/report.projection';
import { openReadModelSet, type ReadModelSet } from './read-model-set';
import { dumpReadModels } from '../../test/support/read-models/dump';
import { FollowUpScenario } from '../../test/support/read-models/follow-up-scenario';
import { projectToHead, silentLogger } from '../../test/support/read-models/project';
import {
  COMMUNES,
  DEPARTMENTS,
  history,
  HISTORY_START_MS,
  historyEndMs,
  MERGED,
  MERGED_INTO,
  mergerOf,
  writeHistory,
  type History,
} from '../../test/support/read-models/random-history';
import { itemStreamsOf, referenceReport } from '../../test/support/read-models/reference-report';
import { readUnitLineage, readUnits } from '../organisation/read-model/units.projection';
import type { UnitsAsOf } from '../organisation/unit-lineage';
import { EVENT_REGISTRY } from '../event-registry';
import { ConsumerEngine } from '../event-sourcing/consumer-engine';
import { SqliteConsumerStorage } from '../read-models/read-model-db';
import { TransferConsumer } from '../items/transfers/transfer.consumer';
import { TransferRunner } from '../items/transfers/transfer-runner';
import { openTransfersDb } from '../items/transfers/transfers-db';

/**
 * Every read model equals a fold of the log, whatever the log: random command sequences over a
 * few items through the real command path, random business times, some entered days late, and
 * in some logs two communes merged into a new one, recorded up to 20 days after it took effect,
 * its items carried over by the real transfer engine some acts later still. The
 * live read models are built in small batches with a tiny item cache (so states are written,
 * evicted and read back), and a rebuild of the same log must equal them.
 */

const leader: Principal = { sub: 'l', name: 'Lãnh đạo', role: 'leader' };
const DAY_MS = 86_400_000;

interface Run {
  history: History;
  batchSize: number;
  itemCacheSize: number;
  /** Fractions of the history's span (a little before and after it too). */
  instants: number[];
  query: string;
}

const run: fc.Arbitrary<Run> = fc.record({
  history: history({ maxActs: 60, mergers: true }),
  batchSize: fc.integer({ min: 1, max: 25 }),
  itemCacheSize: fc.integer({ min: 1, max: 5 }),
  instants: fc.array(fc.double({ min: -0.1, max: 1.3, noNaN: true }), {
    minLength: 1,
    maxLength: 4,
  }),
  query: fc.constantFrom('giai ngan', 'đê', 'cong chuc xa', '100%', 'von', 'x', 'zzz'),
});

async function writeLog(h: History): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  const units = [
    ...DEPARTMENTS.map((id) => ({ id, name: `Sở ${id}`, kind: 'department' as const })),
    ...COMMUNES.map((id) => ({ id, name: `Xã ${id}`, kind: 'commune' as const })),
  ];
  await new FollowUpScenario(store).registerUnits(units);
  await writeHistory(store, h, (ms) => jest.setSystemTime(ms), {
    transfer: async () => {
      const db = openTransfersDb(':memory:');
      const engine = new ConsumerEngine(
        store,
        new SqliteConsumerStorage(db),
        [new TransferConsumer()],
        { registry: EVENT_REGISTRY, logger: silentLogger },
      );
      await engine.catchUp();
      const runner = new TransferRunner(db, store);
      while (runner.pending() > 0) await runner.round();
      db.close();
    },
  });
  return store;
}

/**
 * The unit whose work a unit's had become, as a report organises units: the merged communes are
 * their successor's from the merger's effective date (`effective`: as known today) or from the
 * day it was recorded (`recorded`), or always (`now`). Written from API.md, not from the lineage.
 */
function organisedAt(
  h: History,
  units: UnitsAsOf,
  asOfMs: number,
  basis: 'effective' | 'recorded',
) {
  const merger = mergerOf(h);
  const merged =
    merger !== null &&
    (units === 'now' || (basis === 'effective' ? merger.effectiveMs : merger.recordedMs) <= asOfMs);
  return (unitId: string) => (merged && MERGED.includes(unitId) ? MERGED_INTO : unitId);
}

const ALL_UNITS = [...DEPARTMENTS, ...COMMUNES, MERGED_INTO];

/** Each item as `evolve` folds its stream, with the revision of its last event. */
function foldItems(streams: RecordedEvent[][]): { item: Item; revision: bigint }[] {
  const items: { item: Item; revision: bigint }[] = [];
  for (const stream of streams) {
    const state = stream.reduce(
      (s, e) => itemDecider.evolve(s, itemEvents.decode(e)),
      itemDecider.initialState(),
    );
    if (itemExists(state))
      items.push({ item: state, revision: stream[stream.length - 1].revision });
  }
  return items;
}

function checkItems(set: ReadModelSet, streams: RecordedEvent[][], at: Date, q: string): void {
  const expected = foldItems(streams);
  const nowIso = at.toISOString();
  const list = (filters: Parameters<typeof listItems>[2], principal = leader) =>
    listItems(set.db, principal, filters, { page: 1, pageSize: 100 }, at, DEFAULT_CALENDAR);

  // The stored state is the fold, byte for byte (same JSON, same key order).
  const stored = set.db
    .prepare('SELECT id, state FROM items JOIN item_states USING (no)')
    .all() as {
    id: string;
    state: string;
  }[];
  expect(new Map(stored.map((r) => [r.id, r.state]))).toEqual(
    new Map(expected.map(({ item }) => [item.id, JSON.stringify(item)])),
  );

  // The list shows each item as GET /api/items/{id} would, timeliness included.
  const views = expected.map(({ item, revision }) =>
    toItemView(item, revision, nowIso, DEFAULT_CALENDAR),
  );
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
  expect(list({}).items.sort(byId)).toEqual([...views].sort(byId));
  for (const timeliness of TIMELINESS_VALUES) {
    expect(
      list({ timeliness })
        .items.map((v) => v.id)
        .sort(),
    ).toEqual(
      views
        .filter((v) => v.timeliness === timeliness)
        .map((v) => v.id)
        .sort(),
    );
  }

  // A unit sees what canSeeItem lets it see; a search finds the items holding every word.
  for (const unit of ALL_UNITS) {
    const principal: Principal = { sub: 'u', name: unit, role: 'unit', unit };
    expect(
      list({}, principal)
        .items.map((v) => v.id)
        .sort(),
    ).toEqual(
      expected
        .filter(({ item }) => canSeeItem(principal, item))
        .map(({ item }) => item.id)
        .sort(),
    );
  }
  const words = searchWords(q);
  expect(
    list({ q })
      .items.map((v) => v.id)
      .sort(),
  ).toEqual(
    expected
      .filter(({ item }) => {
        const text = foldForSearch(`${item.title}\n${item.description ?? ''}`);
        return words.every((w) => text.includes(w));
      })
      .map(({ item }) => item.id)
      .sort(),
  );
}

function checkReports(
  set: ReadModelSet,
  streams: RecordedEvent[][],
  instants: number[],
  h: History,
): void {
  const units = readUnits(set.db);
  const lineage = readUnitLineage(set.db);
  // Around a merger too: just before and at its effective instant, between that and the day it
  // was recorded (where the bases disagree), and just before and at its recording.
  const merger = mergerOf(h);
  const around = merger
    ? [merger.effectiveMs - 1, merger.effectiveMs, merger.recordedMs - 1, merger.recordedMs].concat(
        [0.25, 0.5, 0.75].map((f) =>
          Math.round(merger.effectiveMs + f * (merger.recordedMs - merger.effectiveMs)),
        ),
      )
    : [];
  for (const asOfMs of [...instants, ...around]) {
    for (const basis of ['effective', 'recorded'] as const) {
      for (const groupBy of ['lead-unit', 'commune'] as const) {
        for (const organised of ['then', 'now'] as const) {
          const request: OverdueReportRequest = { basis, groupBy, asOfMs, units: organised };
          const actual = overdueReport(
            set.report.reportIndex,
            units,
            DEFAULT_CALENDAR,
            request,
            lineage,
          );
          const expected = referenceReport(
            streams,
            units,
            DEFAULT_CALENDAR,
            request,
            organisedAt(h, organised, asOfMs, basis),
          );
          expect(actual.totals).toEqual(expected.totals);
          expect(
            new Map(actual.rows.map(({ unitId, unitName: _name, ...counts }) => [unitId, counts])),
          ).toEqual(expected.rows);
        }
      }
    }
  }
}

/** The report's cell that counts each timeliness (cancelled items are in no cell). */
const CELL = {
  'on-time': 'openOnTime',
  'due-soon': 'dueSoon',
  overdue: 'openOverdue',
  'completed-on-time': 'completedOnTime',
  'completed-late': 'completedLate',
  'no-deadline': 'noDeadline',
} as const;

/**
 * For every question, the list's total equals the report's count (issue 14): the items behind a
 * count at a past instant on either basis, and today's list (from the items table) against the
 * report of now. The past list's items are the ones the domain's fold judges so.
 */
function checkListsAgainstReport(
  set: ReadModelSet,
  streams: RecordedEvent[][],
  instants: number[],
): void {
  const units = readUnits(set.db);
  const lineage = readUnitLineage(set.db);
  const index = set.report.reportIndex;
  const unitIds = ALL_UNITS;
  for (const asOfMs of instants) {
    for (const basis of ['effective', 'recorded'] as const) {
      const itemsAt = (
        filters: Omit<Parameters<typeof reportItems>[3], 'asOfMs' | 'basis' | 'page' | 'pageSize'>,
      ) =>
        reportItems(
          index,
          units,
          DEFAULT_CALENDAR,
          { ...filters, asOfMs, basis, page: 1, pageSize: 1000 },
          lineage,
        );
      for (const groupBy of ['lead-unit', 'commune'] as const) {
        const report = overdueReport(
          index,
          units,
          DEFAULT_CALENDAR,
          { basis, groupBy, asOfMs },
          lineage,
        );
        for (const timeliness of Object.keys(CELL) as (keyof typeof CELL)[]) {
          expect(itemsAt({ timeliness }).total).toBe(report.totals[CELL[timeliness]]);
          for (const unitId of unitIds) {
            const row = report.rows.find((r) => r.unitId === unitId);
            const filter = groupBy === 'lead-unit' ? { leadUnit: unitId } : { commune: unitId };
            expect([unitId, timeliness, itemsAt({ ...filter, timeliness }).total]).toEqual([
              unitId,
              timeliness,
              row?.[CELL[timeliness]] ?? 0,
            ]);
          }
          if (groupBy === 'lead-unit') {
            // The row of items not yet assigned then.
            const none = report.rows.find((r) => r.unitId === null);
            expect(itemsAt({ unassigned: true, timeliness }).total).toBe(
              none?.[CELL[timeliness]] ?? 0,
            );
          }
        }
      }
      const asOf = new Date(asOfMs).toISOString();
      for (const timeliness of TIMELINESS_VALUES) {
        const expected = streams
          .map((stream) => foldAt(stream, asOfMs, basis).state)
          .filter(
            (state) =>
              itemExists(state) && timelinessOf(state, asOf, DEFAULT_CALENDAR) === timeliness,
          )
          .map((state) => (state as Item).id)
          .sort();
        expect(itemsAt({ timeliness }).itemIds.sort()).toEqual(expected);
      }
    }
  }
  // Today's list judges the current states at an instant after every event: the report of then.
  const nowMs = Math.max(index.latestMs, ...instants) + DAY_MS;
  const report = overdueReport(index, units, DEFAULT_CALENDAR, {
    basis: 'effective',
    groupBy: 'lead-unit',
    asOfMs: nowMs,
  });
  for (const timeliness of Object.keys(CELL) as (keyof typeof CELL)[]) {
    for (const unitId of DEPARTMENTS) {
      const listed = listItems(
        set.db,
        leader,
        { leadUnit: unitId, timeliness },
        { page: 1, pageSize: 1 },
        new Date(nowMs),
        DEFAULT_CALENDAR,
      ).total;
      const row = report.rows.find((r) => r.unitId === unitId);
      expect([unitId, timeliness, listed]).toEqual([
        unitId,
        timeliness,
        row?.[CELL[timeliness]] ?? 0,
      ]);
    }
  }
}

/** The index's contents as plain arrays (its typed arrays have spare capacity past the end). */
function snapshot(index: ReportIndex) {
  const n = index.itemCount;
  const state = index.currentState();
  const slice = (a: ArrayLike<number>, length: number) => Array.from(a).slice(0, length);
  return {
    units: index.unitIds,
    kinds: slice(index.itemKind.values, n),
    origins: slice(index.itemOrigin.values, n),
    communes: Array.from({ length: n }, (_, i) =>
      Array.from(
        index.communePool.values.subarray(index.communeStart.values[i], index.communeEnd.values[i]),
      ),
    ),
    rows: Array.from({ length: index.rowCount }, (_, r) => index.rows.row(r)),
    status: slice(state.status, n),
    lead: slice(state.lead, n),
    due: slice(state.due, n),
    done: slice(state.done, n),
    extended: slice(state.extended, n),
    latestMs: index.latestMs,
  };
}

describe('read models equal a fold of any log', () => {
  beforeAll(() => {
    fakeOnlyTheClock();
  });
  afterAll(() => jest.useRealTimers());

  it('lists, reports and rebuilds as the domain folds', async () => {
    await fc.assert(
      fc.asyncProperty(run, async ({ history: h, batchSize, itemCacheSize, instants, query }) => {
        const store = await writeLog(h);
        const streams = await itemStreamsOf(store);
        const live = await projectToHead(store, ':memory:', { batchSize, itemCacheSize });
        const rebuilt = openReadModelSet(store, ':memory:', {
          building: true,
          deferIndexes: true,
          batchSize: batchSize * 3,
          logger: silentLogger,
        });
        try {
          await rebuilt.projector.buildAtomically();
          const span = historyEndMs(h) - HISTORY_START_MS;
          // Instants as fractions of the span, with some exactly at a local midnight.
          const at = instants.map((f, i) => {
            const ms = HISTORY_START_MS + Math.round(f * span);
            return i % 2 === 0
              ? ms
              : Math.floor((ms + 7 * 3_600_000) / DAY_MS) * DAY_MS - 7 * 3_600_000;
          });
          checkItems(live, streams, new Date(at[0]), query);
          checkReports(live, streams, at, h);
          checkListsAgainstReport(live, streams, at);
          expect(dumpReadModels(rebuilt.db)).toEqual(dumpReadModels(live.db));
          checkReports(rebuilt, streams, at.slice(0, 1), h);
          // What a restarted server loads from the file is what it had in memory.
          const reloaded = new ReportProjection();
          reloaded.open(live.db);
          expect(snapshot(reloaded.reportIndex)).toEqual(snapshot(live.report.reportIndex));
        } finally {
          live.db.close();
          rebuilt.db.close();
        }
      }),
      { numRuns: 300 },
    );
  });
});
