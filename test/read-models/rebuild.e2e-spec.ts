import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { SQLITE_FILE } from '../../src/event-store/event-store.module';
import { rebuildReadModels } from '../../src/read-side/rebuild/rebuild-read-models';
import { ReadModelFiles } from '../../src/read-side/read-model-files';
import { dumpReadModels } from '../support/read-models/dump';
import { FollowUpScenario } from '../support/read-models/follow-up-scenario';
import { removeDir, startApp, type AppHarness } from './app-harness';

/**
 * A rebuild from another connection (as `npm run cli -- rebuild` does) while the server runs:
 * the server keeps answering, switches to the new file, and every query answers as before. The
 * server keeps its read models in a worker thread, so the test looks at the files themselves.
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

  /** The read models of a file, read through a connection of the test's own. */
  function dumpFile(file: string): ReturnType<typeof dumpReadModels> {
    const db = new Database(file, { readonly: true });
    try {
      return dumpReadModels(db);
    } finally {
      db.close();
    }
  }

  /** The file /health names once the server has switched away from `oldFile` (within seconds). */
  async function fileInUseAfter(oldFile: string): Promise<string> {
    for (let tries = 0; tries < 100; tries++) {
      const health = await h.http.get('/health').set('Authorization', h.token('admin')).expect(200);
      if (health.body.projector.file !== oldFile) return health.body.projector.file as string;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the server still uses ${oldFile}`);
  }

  it('switches to identical read models and answers every query as before', async () => {
    const before = await answers();
    const oldFile = new ReadModelFiles(h.dataDir).current()!;
    expect(
      (await h.http.get('/health').set('Authorization', h.token('admin')).expect(200)).body
        .projector.file,
    ).toBe(oldFile);
    const dumpBefore = dumpFile(oldFile);

    const answeredDuring: number[] = [];
    const live = new Database(oldFile, { readonly: true });
    const result = await rebuildReadModels(store, h.dataDir, {
      batchSize: 100,
      onProgress: () => {
        // The live file keeps its rows while the new one is built.
        answeredDuring.push(live.prepare('SELECT COUNT(*) FROM items').pluck().get() as number);
      },
    });
    live.close();
    expect(result).toMatchObject({ checkpoint: head.toString(), events: Number(head) });
    expect(answeredDuring.length).toBeGreaterThan(3);
    expect(new Set(answeredDuring)).toEqual(new Set([80]));

    expect(await fileInUseAfter(oldFile)).toBe(result.file);
    // Once switched, the server deletes the old generation it was following.
    expect(existsSync(oldFile)).toBe(false);
    expect(dumpFile(result.file)).toEqual(dumpBefore);
    expect(await answers()).toEqual(before);

    const health = await h.http.get('/health').set('Authorization', h.token('admin')).expect(200);
    expect(health.body.projector).toMatchObject({ state: 'live', file: result.file, lag: 0 });
  });
});
