import type { EventStore, RecordedEvent } from '../../../src/event-store/event-store.port';
import { itemDecider } from '../../../src/items/item.decider';
import { itemEvents } from '../../../src/items/item.events';
import { itemExists, type ItemState } from '../../../src/items/item.state';
import { daysOverdue, overdueBand, timelinessOf } from '../../../src/items/timeliness';
import type { WorkingCalendar } from '../../../src/shared/calendar/working-calendar';
import { isItemStream } from '../../../src/items/read-model/items.projection';
import type {
  OverdueCounts,
  OverdueReportRequest,
} from '../../../src/reports/overdue/overdue-report.query';
import type { UnitRow } from '../../../src/organisation/read-model/units.projection';

/** Reads the whole log once, grouped by item stream in stream order. */
export async function itemStreamsOf(store: EventStore): Promise<RecordedEvent[][]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (let after = -1n; ;) {
    const page = await store.readAll({ after, limit: 1000 });
    for (const e of page) {
      if (!isItemStream(e.streamId)) continue;
      const list = streams.get(e.streamId) ?? [];
      list.push(e);
      streams.set(e.streamId, list);
    }
    if (page.length < 1000) break;
    after = page[page.length - 1].position;
  }
  return [...streams.values()];
}

const zero = (): OverdueCounts => ({
  total: 0,
  completedOnTime: 0,
  completedLate: 0,
  openOnTime: 0,
  dueSoon: 0,
  openOverdue: 0,
  noDeadline: 0,
  overdue1to30: 0,
  overdue31to90: 0,
  overdueOver90: 0,
  extended: 0,
});

/**
 * The overdue report computed the slow, obvious way, straight from API.md and the domain: fold
 * each item's events known at `asOf` with `evolve`, judge with `timelinessOf` and `daysOverdue`.
 * Specs compare the read model's report with it.
 */
export function referenceReport(
  streams: readonly RecordedEvent[][],
  units: ReadonlyMap<string, UnitRow>,
  calendar: WorkingCalendar,
  request: OverdueReportRequest,
  /** The unit whose work a unit's had become, as the report organises units (default: itself). */
  unitOf: (unitId: string) => string = (unitId) => unitId,
): { rows: Map<string | null, OverdueCounts>; totals: OverdueCounts } {
  const asOf = new Date(request.asOfMs).toISOString();
  const rows = new Map<string | null, OverdueCounts>();
  const totals = zero();
  const isCommune = (id: string | null) => id !== null && units.get(id)?.kind === 'commune';
  for (const stream of streams) {
    const known = stream.filter(
      (e) =>
        Date.parse(request.basis === 'effective' ? e.metadata.occurredAt : e.recordedAt) <=
        request.asOfMs,
    );
    const state = known.reduce(
      (s, e) => itemDecider.evolve(s, itemEvents.decode(e)),
      itemDecider.initialState() as ItemState,
    );
    if (!itemExists(state) || state.status === 'cancelled') continue;
    if (request.kind && state.kind !== request.kind) continue;
    const extended = known.some(
      (e) => e.type === 'ExtensionDecided' && (e.data as { approved: boolean }).approved,
    );
    const timeliness = timelinessOf(state, asOf, calendar);
    if (timeliness === 'cancelled') continue;
    const band = overdueBand(daysOverdue(state, asOf));
    const add = (c: OverdueCounts) => {
      c.total++;
      const cell = {
        'completed-on-time': 'completedOnTime',
        'completed-late': 'completedLate',
        'on-time': 'openOnTime',
        'due-soon': 'dueSoon',
        overdue: 'openOverdue',
        'no-deadline': 'noDeadline',
      } as const;
      c[cell[timeliness]]++;
      if (timeliness === 'overdue' && band) {
        c[
          band === '1-30' ? 'overdue1to30' : band === '31-90' ? 'overdue31to90' : 'overdueOver90'
        ]++;
      }
      if (extended) c.extended++;
    };
    add(totals);
    const groups =
      request.groupBy === 'lead-unit'
        ? [state.leadUnit === null ? null : unitOf(state.leadUnit)]
        : [
            ...new Set(
              [
                ...state.communes,
                ...(isCommune(state.originUnit) ? [state.originUnit!] : []),
                ...(isCommune(state.leadUnit) ? [state.leadUnit!] : []),
              ].map(unitOf),
            ),
          ];
    for (const group of groups.length > 0 ? groups : [null]) {
      if (!rows.has(group)) rows.set(group, zero());
      add(rows.get(group)!);
    }
  }
  return { rows, totals };
}
