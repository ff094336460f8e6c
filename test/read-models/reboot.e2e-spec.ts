import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../../src/config/app-config';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ReadModelFiles } from '../../src/read-side/read-model-files';
import { PROJECTIONS } from '../../src/read-side/read-model-set';
import { ReadModels } from '../../src/read-side/read-models.service';
import { dumpReadModels } from '../support/read-models/dump';
import { FollowUpScenario } from '../support/read-models/follow-up-scenario';
import { projectToHead, silentLogger } from '../support/read-models/project';
import { rebuildReadModels } from '../../src/read-side/rebuild/rebuild-read-models';
import { removeDir } from './app-harness';

/**
 * The server writes its read models without fsync and marks the file open with the machine's boot
 * id. After a crash of the process (same boot) it goes on with the file; after the machine went
 * down (another boot) it cannot trust it and builds a fresh one from the log.
 */
describe('read models after the process or the machine went down', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let head: bigint;
  let expected: Record<string, unknown[]>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'read-models-reboot-'));
    store = new SqliteEventStore(join(dataDir, 'events.db'));
    await new FollowUpScenario(store).writeProvince({
      departments: 2,
      communes: 3,
      items: 20,
      start: '2026-01-05T01:00:00Z',
      days: 40,
      seed: 5,
    });
    head = await store.headPosition();
    const clean = await projectToHead(store);
    expected = dumpReadModels(clean.db);
    clean.db.close();
  });

  afterAll(async () => {
    await store.close();
    removeDir(dataDir);
  });

  const markOf = (file: string) => `${file}-open-${process.pid}`;

  /** Starts the read models as a server does, lets them catch up, and stops them cleanly. */
  async function serve() {
    const readModels = new ReadModels(store, { dataDir } as AppConfig);
    await readModels.onModuleInit();
    await readModels.caughtUp(head, Object.values(PROJECTIONS));
    const { file, db } = readModels.current;
    const seen = {
      file,
      dump: dumpReadModels(db),
      synchronous: db.pragma('synchronous', { simple: true }),
      marked: existsSync(markOf(file)),
    };
    await readModels.onApplicationShutdown();
    return { ...seen, markedAfterStop: existsSync(markOf(file)) };
  }

  it('writes without fsync only where it can tell a reboot, and drops the mark on a clean stop', async () => {
    const detects = new ReadModelFiles(dataDir).detectsReboots;
    const run = await serve();
    expect(run.dump).toEqual(expected);
    expect(run.synchronous).toBe(detects ? 0 : 1); // OFF : NORMAL
    expect(run.marked).toBe(detects);
    expect(run.markedAfterStop).toBe(false);
  });

  it('goes on with the file after a crash of the process, rebuilds it after a reboot', async () => {
    const first = await serve();
    // Killed: the mark, naming this boot, is left behind.
    new ReadModelFiles(dataDir).markOpen(first.file);
    const second = await serve();
    expect(second.file).toBe(first.file);

    // The machine went down: the mark names an earlier boot.
    new ReadModelFiles(dataDir, { bootId: 'an-earlier-boot' }).markOpen(second.file);
    const third = await serve();
    expect(third.file).not.toBe(first.file);
    expect(existsSync(first.file)).toBe(false);
    expect(existsSync(markOf(first.file))).toBe(false);
    expect(third.dump).toEqual(expected);
  });

  it('marks the file a rebuild published once it switches to it, and drops the old mark', async () => {
    const readModels = new ReadModels(store, { dataDir } as AppConfig);
    await readModels.onModuleInit();
    const old = readModels.current.file;
    const detects = new ReadModelFiles(dataDir).detectsReboots;
    expect(existsSync(markOf(old))).toBe(detects);

    const { file: rebuilt } = await rebuildReadModels(store, dataDir, { logger: silentLogger });
    await readModels.refresh();
    expect(readModels.current.file).toBe(rebuilt);
    expect(existsSync(markOf(rebuilt))).toBe(detects);
    expect(readModels.current.db.pragma('synchronous', { simple: true })).toBe(detects ? 0 : 1);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(markOf(old))).toBe(false);
    await readModels.onApplicationShutdown();
    expect(existsSync(markOf(rebuilt))).toBe(false);
  });
});
