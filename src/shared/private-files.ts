import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/*
 * The data directory holds the log, the read models, the outbox and the generated secrets: it is
 * the service's alone. Modes are set explicitly, not left to the process's umask (0022 by default,
 * which gives 0755 folders and 0644 files anyone on the machine can read).
 */

/** Creates `dir` and any missing parents 0700; a folder that already exists is left as it is. */
export function ensurePrivateDir(dir: string): void {
  const first = mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (first === undefined) return;
  // `mode` is masked by the umask: set it again on every folder this call created.
  for (let d = dir; ; d = dirname(d)) {
    chmodSync(d, 0o700);
    if (d === first || dirname(d) === d) break;
  }
}

/**
 * Makes `file` 0600, creating it empty when missing. Call it before SQLite opens the file: SQLite
 * gives its `-wal`, `-shm` and journal files the mode of the database file.
 */
export function ensurePrivateFile(file: string): void {
  if (file === '' || file === ':memory:' || file.startsWith('file:')) return;
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}
