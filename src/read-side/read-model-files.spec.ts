import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    const markOf = (file: string, pid = process.pid) => `${file}-open-${pid}`;
    let file: string;

    beforeEach(() => {
      file = files.publish(files.newGenerationFile());
      writeFileSync(file, '');
    });

    it('tell a file left open in an earlier boot from one left by a crash in this boot', () => {
      const thisBoot = new ReadModelFiles(dataDir, { bootId: 'boot-2' });
      expect(thisBoot.detectsReboots).toBe(true);
      expect(thisBoot.lostInReboot(file)).toBe(false);

      thisBoot.markOpen(file);
      expect(readFileSync(markOf(file), 'utf8')).toBe('boot-2');
      // The process crashed and is started again in the same boot: its writes are still cached.
      expect(thisBoot.lostInReboot(file)).toBe(false);
      // The machine went down: the next boot has another id.
      expect(new ReadModelFiles(dataDir, { bootId: 'boot-3' }).lostInReboot(file)).toBe(true);

      thisBoot.markClosed(file);
      expect(existsSync(markOf(file))).toBe(false);
      expect(new ReadModelFiles(dataDir, { bootId: 'boot-3' }).lostInReboot(file)).toBe(false);
    });

    it("are one per process: closing leaves another process's mark in place", () => {
      const thisBoot = new ReadModelFiles(dataDir, { bootId: 'boot-2' });
      writeFileSync(markOf(file, process.ppid), 'boot-2'); // jest's parent: alive
      thisBoot.markOpen(file);
      thisBoot.markClosed(file);
      expect(existsSync(markOf(file, process.ppid))).toBe(true);
      expect(new ReadModelFiles(dataDir, { bootId: 'boot-3' }).lostInReboot(file)).toBe(true);
    });

    it('of processes gone in this boot are dropped as harmless', () => {
      const dead = deadPid();
      writeFileSync(markOf(file, dead), 'boot-2');
      expect(new ReadModelFiles(dataDir, { bootId: 'boot-2' }).lostInReboot(file)).toBe(false);
      expect(existsSync(markOf(file, dead))).toBe(false);
    });

    it('are not written where boots cannot be told apart', () => {
      const noBootId = new ReadModelFiles(dataDir, { bootId: undefined });
      expect(noBootId.detectsReboots).toBe(false);
      noBootId.markOpen(file);
      expect(existsSync(markOf(file))).toBe(false);
    });

    it('go with their file when it is discarded or an older generation', () => {
      const marking = new ReadModelFiles(dataDir, { bootId: 'boot-1' });
      marking.markOpen(file);
      writeFileSync(marking.publish(marking.newGenerationFile()), '');
      marking.removeOlderGenerations();
      expect(existsSync(file)).toBe(false);
      expect(existsSync(markOf(file))).toBe(false);

      const build = marking.newBuildFile();
      writeFileSync(build, '');
      marking.markOpen(build);
      marking.discard(build);
      expect(existsSync(markOf(build))).toBe(false);
    });
  });
});
