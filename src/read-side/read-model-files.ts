import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { ensurePrivateDir } from '../shared/private-files';

/** SQLite's companions of a database file, and the marks of processes writing it (`-open-<pid>`). */
const COMPANION = /-(wal|shm|journal|open-\d+)$/;

/** Where Linux tells this boot of the machine from every other one. */
const BOOT_ID_FILE = '/proc/sys/kernel/random/boot_id';

/** The kernel's id of this boot of the machine; undefined where there is none (not Linux). */
export function machineBootId(): string | undefined {
  try {
    return readFileSync(BOOT_ID_FILE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the read-model files live: `<dataDir>/read-models/`, one SQLite file per generation
 * (`gen-<stamp>.db`) and a pointer file `CURRENT` naming the generation in use.
 *
 * A rebuild writes `building-<stamp>-<pid>.db` beside the live file, closes it, renames it to a
 * generation and then replaces `CURRENT` (write a temp file, rename: atomic on POSIX). The live
 * file is never renamed or overwritten while open, which matters with SQLite in WAL mode: a file
 * renamed under a connection would be paired with the wrong `-wal` file.
 *
 * Clean-up: a build whose process is gone (killed half-way) is deleted by the next rebuild or
 * server start; a generation older than the current one is deleted by the server that follows the
 * pointer once it has switched, or by the rebuild itself when no server follows
 * (`following-<pid>` files say which processes do).
 *
 * A server writes its read models without fsync where it can tell a reboot from a crash of its own
 * process (see `markOpen`).
 */
export class ReadModelFiles {
  readonly dir: string;
  private readonly pointer: string;
  private readonly bootId: string | undefined;

  /** `bootId`: the machine's (default) or, in tests, a pretended one. */
  constructor(dataDir: string, options: { bootId?: string } = {}) {
    this.bootId = 'bootId' in options ? options.bootId : machineBootId();
    this.dir = join(dataDir, 'read-models');
    this.pointer = join(this.dir, 'CURRENT');
    ensurePrivateDir(this.dir);
  }

  /** The file the pointer names, or undefined when there is none yet (or it vanished). */
  current(): string | undefined {
    if (!existsSync(this.pointer)) return undefined;
    const name = readFileSync(this.pointer, 'utf8').trim();
    const file = join(this.dir, name);
    return name && existsSync(file) ? file : undefined;
  }

  /** A fresh file name for a rebuild in progress, marked with this process's id. */
  newBuildFile(): string {
    const file = join(this.dir, `building-${stamp()}-${process.pid}.db`);
    buildingHere.add(file);
    return file;
  }

  /** A fresh generation file name, for a first start with no read models at all. */
  newGenerationFile(): string {
    return join(this.dir, `gen-${stamp()}.db`);
  }

  /**
   * Makes `file` the current generation. A finished build (closed, without a -wal file) is first
   * renamed to a generation named by the time of publication, so generations sort in the order
   * they became current; then the pointer moves in one atomic rename. A build is written without
   * fsync, so it is flushed first, and the pointer is on disk before this returns: after a power
   * cut the pointer never names a file that was not all there.
   */
  publish(file: string): string {
    let generation = file;
    if (nameOf(this.dir, file).startsWith('building-')) {
      fsyncFile(file);
      generation = this.newGenerationFile();
      renameSync(file, generation);
      buildingHere.delete(file);
    }
    const temp = `${this.pointer}.${process.pid}.tmp`;
    writeDurably(temp, nameOf(this.dir, generation));
    renameSync(temp, this.pointer);
    fsyncFile(this.dir);
    return generation;
  }

  /** Deletes a file with its -wal, -shm and journal files and its marks (an unfinished build). */
  discard(file: string): void {
    buildingHere.delete(file);
    const base = nameOf(this.dir, file);
    for (const name of readdirSync(this.dir)) {
      if (baseOf(name) === base) rmSync(join(this.dir, name), { force: true });
    }
  }

  /**
   * Deletes the generations older than the current one (with their -wal and -shm files), except
   * `inUse` (the caller's open file, should another rebuild have published meanwhile). Newer ones
   * are left: a rebuild may be publishing one (renamed, pointer not yet moved).
   */
  removeOlderGenerations(inUse?: string): void {
    const current = this.current();
    if (!current) return;
    const kept = nameOf(this.dir, current);
    const open = inUse && nameOf(this.dir, inUse);
    for (const name of readdirSync(this.dir)) {
      const base = baseOf(name);
      if (base.startsWith('gen-') && base < kept && base !== open) {
        rmSync(join(this.dir, name), { force: true });
      }
    }
  }

  /**
   * Deletes the builds left by a rebuild that died half-way (killed, out of memory): those whose
   * process is gone. A build of a live process, this one included, is left alone.
   */
  removeAbandonedBuilds(): void {
    for (const name of readdirSync(this.dir)) {
      const base = baseOf(name);
      if (!base.startsWith('building-')) continue;
      const file = join(this.dir, base);
      const pid = /-(\d+)\.db$/.exec(base)?.[1];
      const alive = pid !== undefined && processAlive(Number(pid));
      const ours = Number(pid) === process.pid;
      if ((ours && !buildingHere.has(file)) || (!ours && !alive)) {
        rmSync(join(this.dir, name), { force: true });
      }
    }
  }

  /** Whether a file marked open can be told lost to a reboot (see `markOpen`). */
  get detectsReboots(): boolean {
    return this.bootId !== undefined;
  }

  /**
   * Records on disk, before the first write, that this process writes `file` in this boot of the
   * machine (`<file>-open-<pid>`: each process that opens the file, a server or the CLI, has its
   * own mark). Such a file is written without fsync: what SQLite writes sits in the kernel's page
   * cache until the kernel flushes it, so a crash of the process loses nothing, but the machine
   * going down (power cut, kernel crash) may leave the file half old, half new. The next server
   * then finds a mark naming another boot and rebuilds from the log (`lostInReboot`).
   */
  markOpen(file: string): void {
    if (!this.bootId) return;
    writeDurably(this.markOf(file), this.bootId);
  }

  /** After this process closed the file: flushes it to disk, then drops this process's mark. */
  markClosed(file: string): void {
    if (!this.bootId) return;
    for (const suffix of ['', '-wal']) {
      if (existsSync(`${file}${suffix}`)) fsyncFile(`${file}${suffix}`);
    }
    rmSync(this.markOf(file), { force: true });
  }

  /**
   * Whether `file` was being written when the machine went down: a mark names another boot. Marks
   * of this boot left by processes that are gone (killed) are dropped on the way: the kernel
   * still has everything they wrote.
   */
  lostInReboot(file: string): boolean {
    const prefix = `${nameOf(this.dir, file)}-open-`;
    let lost = false;
    for (const name of readdirSync(this.dir)) {
      if (!name.startsWith(prefix)) continue;
      const mark = join(this.dir, name);
      if (readFileSync(mark, 'utf8') !== this.bootId) lost = true;
      else if (!processAlive(Number(name.slice(prefix.length)))) rmSync(mark, { force: true });
    }
    return lost;
  }

  private markOf(file: string): string {
    return `${file}-open-${process.pid}`;
  }

  /**
   * Records that this process follows the pointer (a server: it switches to a new generation and
   * deletes the old one itself). Returns the function that ends it.
   */
  follow(): () => void {
    const marker = join(this.dir, `following-${process.pid}`);
    writeFileSync(marker, '');
    return () => rmSync(marker, { force: true });
  }

  /** Whether a live process follows the pointer; markers of dead ones are removed on the way. */
  hasFollowers(): boolean {
    let found = false;
    for (const name of readdirSync(this.dir)) {
      const pid = /^following-(\d+)$/.exec(name)?.[1];
      if (pid === undefined) continue;
      if (processAlive(Number(pid))) found = true;
      else rmSync(join(this.dir, name), { force: true });
    }
    return found;
  }
}

/** Builds this process has under way, so its own clean-up never deletes them. */
const buildingHere = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function nameOf(dir: string, file: string): string {
  return file.slice(dir.length + 1);
}

/** The database file a name belongs to (`x.db-wal` -> `x.db`). */
function baseOf(name: string): string {
  return name.replace(COMPANION, '');
}

/** Writes a small file and waits until it, and its name in the directory, are on disk. */
function writeDurably(file: string, content: string): void {
  writeFileSync(file, content);
  fsyncFile(file);
  fsyncFile(dirname(file));
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

let lastStampMs = 0;

/**
 * Sortable and unique enough: milliseconds, rising within this process even when two stamps fall
 * in one millisecond (generations sort in the order they were published), then a random suffix
 * for two processes in one millisecond.
 */
function stamp(): string {
  lastStampMs = Math.max(Date.now(), lastStampMs + 1);
  return `${lastStampMs.toString().padStart(15, '0')}-${Math.random().toString(36).slice(2, 8)}`;
}
