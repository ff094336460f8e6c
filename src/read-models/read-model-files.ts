import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * Where the read-model files live: `<dataDir>/read-models/`, one SQLite file per generation
 * (`gen-<stamp>.db`) and a pointer file `CURRENT` naming the generation in use.
 *
 * A rebuild writes `building-<stamp>.db` beside the live file, closes it, renames it to a
 * generation and then replaces `CURRENT` (write a temp file, rename: atomic on POSIX). The live
 * file is never renamed or overwritten while open, which matters with SQLite in WAL mode: a file
 * renamed under a connection would be paired with the wrong `-wal` file.
 */
export class ReadModelFiles {
  readonly dir: string;
  private readonly pointer: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'read-models');
    this.pointer = join(this.dir, 'CURRENT');
    mkdirSync(this.dir, { recursive: true });
  }

  /** The file the pointer names, or undefined when there is none yet (or it vanished). */
  current(): string | undefined {
    if (!existsSync(this.pointer)) return undefined;
    const name = readFileSync(this.pointer, 'utf8').trim();
    const file = join(this.dir, name);
    return name && existsSync(file) ? file : undefined;
  }

  /** A fresh file name for a rebuild in progress (never touched by cleanup). */
  newBuildFile(): string {
    return join(this.dir, `building-${stamp()}.db`);
  }

  /** A fresh generation file name, for a first start with no read models at all. */
  newGenerationFile(): string {
    return join(this.dir, `gen-${stamp()}.db`);
  }

  /**
   * Makes `file` the current generation. A finished build (closed, without a -wal file) is first
   * renamed to a generation name; then the pointer moves in one atomic rename.
   */
  publish(file: string): string {
    let generation = file;
    const name = file.slice(this.dir.length + 1);
    if (name.startsWith('building-')) {
      generation = join(this.dir, name.replace(/^building-/, 'gen-'));
      renameSync(file, generation);
    }
    const temp = `${this.pointer}.${process.pid}.tmp`;
    writeFileSync(temp, generation.slice(this.dir.length + 1));
    renameSync(temp, this.pointer);
    return generation;
  }

  /** Deletes an unfinished build (and its -wal and -shm files). */
  discard(file: string): void {
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      rmSync(`${file}${suffix}`, { force: true });
  }

  /** Deletes every generation but `keep` (with their -wal and -shm files). */
  removeOthers(keep: string): void {
    const kept = keep.slice(this.dir.length + 1);
    for (const name of readdirSync(this.dir)) {
      const base = name.replace(/-(wal|shm)$/, '');
      if (base.startsWith('gen-') && base !== kept) rmSync(join(this.dir, name), { force: true });
    }
  }
}

/** Sortable and unique enough: milliseconds, then a random suffix for two rebuilds in one ms. */
function stamp(): string {
  return `${Date.now().toString().padStart(15, '0')}-${Math.random().toString(36).slice(2, 8)}`;
}
