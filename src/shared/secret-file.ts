import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir } from './private-files';

/**
 * The contents of a secret file, generated once by `generate` when the file does not exist yet
 * (mode 0600). Written whole to a temporary file, then linked into place: another process
 * starting at the same moment sees either no file or a complete one, and both read the same.
 */
export function secretFileOnce(file: string, generate: () => string): string {
  if (!existsSync(file)) {
    ensurePrivateDir(dirname(file));
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temporary, generate(), { mode: 0o600 });
    try {
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  return readFileSync(file, 'utf8').trim();
}
