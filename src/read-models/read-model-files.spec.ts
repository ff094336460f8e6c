import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadModelFiles } from './read-model-files';

/** The id of a process that has just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('ReadModelFiles', () => {
  let dataDir: string;
  let files: ReadModelFiles;
  const touch = (name: string) => writeFileSync(join(files.dir, name), '');
  const names = () => readdirSync(files.dir).sort();

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'read-model-files-'));
    files = new ReadModelFiles(dataDir);
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('deletes the builds of processes that are gone, never one under way', () => {
    const dead = deadPid();
    touch(`building-001-aaaaaa-${dead}.db`);
    touch(`building-001-aaaaaa-${dead}.db-journal`);
    touch(`building-002-bbbbbb-${process.ppid}.db`); // another live process (jest's parent)
    touch(`building-003-cccccc-${process.pid}.db`); // this pid, but not a build of this process
    touch('building-004-dddddd.db'); // named before builds carried a pid
    const ours = files.newBuildFile();
    writeFileSync(ours, '');

    files.removeAbandonedBuilds();

    expect(names()).toEqual(
      [`building-002-bbbbbb-${process.ppid}.db`, ours.slice(files.dir.length + 1)].sort(),
    );
  });

  it('names generations by publication, and deletes only those older than the current one', () => {
    const first = files.publish(files.newGenerationFile());
    writeFileSync(first, '');
    touch(`${first.slice(files.dir.length + 1)}-wal`);
    const build = files.newBuildFile();
    writeFileSync(build, '');
    const second = files.publish(build);
    expect(second > first).toBe(true);
    expect(files.current()).toBe(second);
    // Published by another process but not yet pointed at: newer, so left alone.
    const third = files.newGenerationFile();
    writeFileSync(third, '');

    files.removeOlderGenerations(first);
    expect(existsSync(first)).toBe(true);

    files.removeOlderGenerations();
    expect(names()).toEqual(['CURRENT', second, third].map((f) => f.replace(/.*\//, '')).sort());
  });

  it('knows whether a live process follows the pointer', () => {
    expect(files.hasFollowers()).toBe(false);
    const unfollow = files.follow();
    expect(files.hasFollowers()).toBe(true);
    unfollow();
    expect(files.hasFollowers()).toBe(false);

    touch(`following-${deadPid()}`); // a server killed without shutting down
    expect(files.hasFollowers()).toBe(false);
    expect(names()).toEqual([]);
  });
});
