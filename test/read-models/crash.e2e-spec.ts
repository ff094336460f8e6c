import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { openReadModelSet } from '../../src/read-side/read-model-set';
import { FollowUpScenario } from '../support/read-models/follow-up-scenario';
import { dumpReadModels } from '../support/read-models/dump';
import { projectToHead, silentLogger } from '../support/read-models/project';
import { removeDir } from './app-harness';

/**
 * A real crash: a child process projecting the log is killed with SIGKILL in the middle of a
 * batch transaction. Restarted, the projector must converge on read models identical to a clean
 * projection of the same log: nothing lost, nothing counted twice.
 */
describe('read models after a crash', () => {
  let dir: string;
  let storeFile: string;
  let head: bigint;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'read-models-crash-'));
    storeFile = join(dir, 'events.db');
    const store = new SqliteEventStore(storeFile);
    const scenario = new FollowUpScenario(store);
    const shape = {
      departments: 3,
      communes: 6,
      items: 60,
      start: '2026-01-05T01:00:00Z',
      days: 90,
      seed: 11,
    };
    await scenario.writeProvince(shape);
    head = await store.headPosition();
    await store.close();
  });

  afterAll(() => removeDir(dir));

  it.each([
    ['in the first batch', 30],
    ['in a later batch', 260],
  ])('converges after a SIGKILL %s', async (_when, killAt) => {
    const file = join(dir, `read-models-${killAt}.db`);
    const child = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        join(__dirname, 'crash-child.ts'),
        storeFile,
        file,
        String(killAt),
        '100',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.signal).toBe('SIGKILL');

    const store = new SqliteEventStore(storeFile);
    const restarted = openReadModelSet(store, file, { logger: silentLogger });
    const survived = restarted.projector.checkpointOf('items');
    // The batch in progress was lost entirely; the ones before it are there.
    expect(survived).toBeLessThan(BigInt(killAt));
    expect(survived % 100n === 0n || survived === -1n).toBe(true);

    await restarted.projector.catchUp();
    const clean = await projectToHead(store);
    expect(restarted.projector.checkpointOf('overdue-report')).toBe(head);
    expect(dumpReadModels(restarted.db)).toEqual(dumpReadModels(clean.db));
    restarted.db.close();
    clean.db.close();
    await store.close();
  });
});
