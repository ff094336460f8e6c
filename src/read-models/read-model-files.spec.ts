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

  describe('marks of files open for writing', () => {
    it('tell a file left open in an earlier boot from one left by a crash in this boot', () => {
      const file = files.publish(files.newGenerationFile());
      writeFileSync(file, '');
      const thisBoot = new ReadModelFiles(dataDir, { bootId: 'boot-2' });
      expect(thisBoot.detectsReboots).toBe(true);
      expect(thisBoot.lostInReboot(file)).toBe(false);

      thisBoot.markOpen(file);
      expect(existsSync(`${file}-open`)).toBe(true);
      // The process crashed and is started again in the same boot: its writes are still cached.
      expect(thisBoot.lostInReboot(file)).toBe(false);
      // The machine went down: the next boot has another id.
      expect(new ReadModelFiles(dataDir, { bootId: 'boot-3' }).lostInReboot(file)).toBe(true);

      thisBoot.markClosed(file);
      expect(existsSync(`${file}-open`)).toBe(false);
      expect(new ReadModelFiles(dataDir, { bootId: 'boot-3' }).lostInReboot(file)).toBe(false);
    });

    it('are not written where boots cannot be told apart', () => {
      const noBootId = new ReadModelFiles(dataDir, { bootId: undefined });
      const file = noBootId.newGenerationFile();
      writeFileSync(file, '');
      expect(noBootId.detectsReboots).toBe(false);
      noBootId.markOpen(file);
      expect(existsSync(`${file}-open`)).toBe(false);
    });

    it('go with their generation when it is deleted', () => {
      const marking = new ReadModelFiles(dataDir, { bootId: 'boot-1' });
      const old = marking.publish(marking.newGenerationFile());
      writeFileSync(old, '');
      marking.markOpen(old);
      writeFileSync(marking.publish(marking.newGenerationFile()), '');
      marking.removeOlderGenerations();
      expect(existsSync(old)).toBe(false);
      expect(names()).not.toContain(`${old.slice(files.dir.length + 1)}-open`);
    });
  });
});
