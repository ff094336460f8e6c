import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { SQLITE_FILE } from '../../src/event-store/event-store.module';
import { rebuildReadModels } from '../../src/read-models/rebuild/rebuild-read-models';
import { ReadModels } from '../../src/read-models/read-models.service';
import { dumpReadModels } from '../../src/read-models/testing/dump';
import { FollowUpScenario } from '../../src/read-models/testing/follow-up-scenario';
import { removeDir, startApp, type AppHarness } from './app-harness';

/**
 * A rebuild from another connection (as `npm run cli -- rebuild` does) while the server runs:
 * the server keeps answering, switches to the new file, and every query answers as before.
 */
describe('rebuilding the read models beside a running server', () => {
  let h: AppHarness;
  let store: SqliteEventStore;
  let head: bigint;

  beforeAll(async () => {
    h = await startApp();
    // A second connection to the server's event file, as the CLI would open.
    store = new SqliteEventStore(join(h.dataDir, SQLITE_FILE));
    const scenario = new FollowUpScenario(store);
    const shape = {
      departments: 3,
      communes: 6,
      items: 80,
      start: '2026-01-05T01:00:00Z',
      days: 120,
      seed: 5,
    };
    await scenario.writeProvince(shape);
    head = await store.headPosition();
  });

  afterAll(async () => {
    await store.close();
    await h.close();
    removeDir(h.dataDir);
  });

  const queries: [string, Record<string, string>][] = [
    ['/api/items', { pageSize: '100' }],
    ['/api/items', { timeliness: 'overdue', pageSize: '100' }],
    ['/api/items', { q: 'giai ngan', kind: 'recommendation', page: '2', pageSize: '10' }],
    ['/api/items', { commune: 'xa-2', pageSize: '100' }],
    ['/api/reports/overdue', { groupBy: 'lead-unit' }],
    ['/api/reports/overdue', { groupBy: 'commune', asOf: '2026-02-28' }],
    ['/api/reports/overdue', { asOf: '2026-03-31', basis: 'recorded' }],
    ['/api/reports/overdue', { asOf: '2026-04-15T10:00:00+07:00', kind: 'directive' }],
  ];

  /** Every query's answer; `asOf` of a "now" report and item timeliness pinned by the same day. */
  async function answers(): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const [path, query] of queries) {
      const res = await h.http
        .get(path)
        .query({ ...query, minPosition: head.toString() })
        .set('Authorization', h.token('leader'))
        .expect(200);
      const { asOf: _asOf, ...body } = res.body;
      out.push(query.asOf ? res.body : body);
    }
    return out;
  }

  it('switches to identical read models and answers every query as before', async () => {
    const readModels = h.app.get(ReadModels);
    const before = await answers();
    const oldFile = readModels.current.file;
    const dumpBefore = dumpReadModels(readModels.current.db);

    const answeredDuring: number[] = [];
    const result = await rebuildReadModels(store, h.dataDir, {
      batchSize: 100,
      onProgress: () => {
        // The live file keeps serving while the new one is built.
        const db = readModels.current.db;
        answeredDuring.push(db.prepare('SELECT COUNT(*) FROM items').pluck().get() as number);
      },
    });
    expect(result).toMatchObject({ checkpoint: head.toString(), events: Number(head) });
    expect(answeredDuring.length).toBeGreaterThan(3);
    expect(new Set(answeredDuring)).toEqual(new Set([80]));
    // A server follows the pointer: the old file is left to it, still open.
    expect(existsSync(oldFile)).toBe(true);

    await readModels.refresh();
    expect(readModels.current.file).toBe(result.file);
    expect(readModels.current.file).not.toBe(oldFile);
    expect(existsSync(oldFile)).toBe(false);
    expect(dumpReadModels(readModels.current.db)).toEqual(dumpBefore);
    expect(await answers()).toEqual(before);

    const health = await h.http.get('/health').expect(200);
    expect(health.body.projector).toMatchObject({ state: 'live', file: result.file, lag: 0 });
  });
});
