import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLITE_FILE } from '../../src/event-store/event-store.module';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { rebuildReadModels } from '../../src/read-side/rebuild/rebuild-read-models';
import { FollowUpScenario } from '../support/read-models/follow-up-scenario';
import { removeDir, startApp } from './app-harness';

/**
 * What rebuilds leave in `<dataDir>/read-models`: one generation once no server needs the old one,
 * and nothing of a rebuild that was killed half-way, once the next rebuild or server start ran.
 */
describe('read-model files around rebuilds', () => {
  let dataDir: string;

  const listing = () => readdirSync(join(dataDir, 'read-models')).sort();
  const generations = () => listing().filter((name) => name.startsWith('gen-'));
  const builds = () => listing().filter((name) => name.startsWith('building-'));

  async function rebuild(): Promise<string> {
    const store = new SqliteEventStore(join(dataDir, SQLITE_FILE));
    try {
      return (await rebuildReadModels(store, dataDir)).file;
    } finally {
      await store.close();
    }
  }

  /** A rebuild in a child process, killed with SIGKILL after `killAt` events. */
  function killedRebuild(killAt: number): void {
    const child = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        join(__dirname, 'rebuild-killed-child.ts'),
        dataDir,
        String(killAt),
      ],
      { encoding: 'utf8' },
    );
    expect(child.signal).toBe('SIGKILL');
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'read-model-files-'));
    const store = new SqliteEventStore(join(dataDir, SQLITE_FILE));
    const scenario = new FollowUpScenario(store);
    const shape = {
      departments: 2,
      communes: 4,
      items: 40,
      start: '2026-01-05T01:00:00Z',
      days: 60,
      seed: 17,
    };
    await scenario.writeProvince(shape);
    await store.close();
  });

  afterAll(() => removeDir(dataDir));

  it('keeps one generation when rebuilds run with no server', async () => {
    const first = await rebuild();
    const second = await rebuild();

    expect(generations()).toEqual([second.slice(second.lastIndexOf('/') + 1)]);
    expect(first).not.toBe(second);
  });

  it('deletes what a killed rebuild left, at the next rebuild', async () => {
    killedRebuild(50);
    expect(builds()).toHaveLength(1);

    await rebuild();

    expect(builds()).toEqual([]);
    expect(generations()).toHaveLength(1);
  });

  it('deletes what a killed rebuild left, when a server starts', async () => {
    killedRebuild(50);
    expect(builds()).toHaveLength(1);

    const server = await startApp(dataDir);
    try {
      expect(builds()).toEqual([]);
      expect(listing()).toContain(`following-${process.pid}`);
    } finally {
      await server.close();
    }
    expect(listing()).not.toContain(`following-${process.pid}`);
  });
});
