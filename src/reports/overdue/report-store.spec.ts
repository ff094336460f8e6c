import { MemoryEventStore } from '../../event-store/memory/memory-event-store';
import { DEFAULT_CALENDAR } from '../../shared/calendar/default-calendar';
import { openReadModelSet, type ReadModelSet } from '../../read-side/read-model-set';
import { dumpReadModels } from '../../../test/support/read-models/dump';
import { FollowUpScenario } from '../../../test/support/read-models/follow-up-scenario';
import { projectToHead, silentLogger } from '../../../test/support/read-models/project';
import {
  generateProvince,
  provinceUnits,
  type GeneratedAct,
} from '../../../test/support/read-models/province-generator';
import { readUnits } from '../../organisation/read-model/units.projection';
import { overdueReport } from './overdue-report.query';
import { ReportProjection } from './report.projection';

/**
 * Report rows are stored in chunks when a flush writes many (a rebuild), one per table row
 * otherwise. Either way the file reads back into the same index, and dumps the same rows.
 */
describe('report rows, chunked or not', () => {
  const shape = {
    departments: 3,
    communes: 6,
    items: 600,
    start: '2026-01-05T01:00:00Z',
    days: 200,
    seed: 13,
  };
  let store: MemoryEventStore;
  let scenario: FollowUpScenario;
  let acts: GeneratedAct[];
  const opened: ReadModelSet[] = [];

  async function write(list: GeneratedAct[]): Promise<void> {
    for (const act of list) {
      if (act.command.type === 'RaiseItem') {
        await scenario.raise(act.occurredAt, act.command.data, act.itemId);
      } else await scenario.act(act.itemId, act.occurredAt, act.command);
    }
  }

  async function project(batchSize: number): Promise<ReadModelSet> {
    const set = await projectToHead(store, ':memory:', { batchSize });
    opened.push(set);
    return set;
  }

  /** What a restart loads from the set's file, as reports at several instants. */
  function reportsOf(set: ReadModelSet, reload = false) {
    let index = set.report.reportIndex;
    if (reload) {
      const projection = new ReportProjection();
      projection.open(set.db);
      index = projection.reportIndex;
    }
    const units = readUnits(set.db);
    return ['2026-02-01', '2026-03-15', '2026-05-31', '2027-01-01'].flatMap((day) =>
      (['effective', 'recorded'] as const).map((basis) =>
        overdueReport(index, units, DEFAULT_CALENDAR, {
          groupBy: 'commune',
          basis,
          asOfMs: Date.parse(`${day}T10:00:00+07:00`),
        }),
      ),
    );
  }

  const count = (set: ReadModelSet, table: string) =>
    set.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

  beforeAll(async () => {
    store = new MemoryEventStore();
    scenario = new FollowUpScenario(store);
    const { departments, communes } = provinceUnits(shape);
    await scenario.registerUnits([...departments, ...communes]);
    acts = [...generateProvince(shape, DEFAULT_CALENDAR)];
    await write(acts.slice(0, Math.floor(acts.length * 0.8)));
  });

  afterAll(() => {
    for (const set of opened) set.db.close();
  });

  it('reads back a file of chunks and single rows as the projection had it', async () => {
    // One big first batch (chunks), then the rest of the log in small ones (single rows).
    const mixed = await project(100_000);
    expect(count(mixed, 'report_row_chunks')).toBeGreaterThan(0);
    await write(acts.slice(Math.floor(acts.length * 0.8)));
    const projector = mixed.projector;
    await projector.catchUp();
    expect(count(mixed, 'report_rows')).toBeGreaterThan(0);

    const clean = await project(50);
    expect(count(clean, 'report_row_chunks')).toBe(0);
    expect(dumpReadModels(mixed.db)).toEqual(dumpReadModels(clean.db));
    expect(reportsOf(mixed, true)).toEqual(reportsOf(clean));
    expect(reportsOf(clean, true)).toEqual(reportsOf(clean));
  });

  it('rebuilds into chunks that equal the live rows', async () => {
    const live = await project(50);
    const rebuilt = openReadModelSet(store, ':memory:', {
      building: true,
      deferIndexes: true,
      logger: silentLogger,
    });
    opened.push(rebuilt);
    await rebuilt.projector.buildAtomically();

    expect(count(rebuilt, 'report_rows')).toBe(0);
    expect(dumpReadModels(rebuilt.db)).toEqual(dumpReadModels(live.db));
    expect(reportsOf(rebuilt, true)).toEqual(reportsOf(live));
  });
});
