import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AuthSecret {
  value: string;
  /** True when the secret was generated for this data directory (development): demo sign-in is allowed. */
  generated: boolean;
}

const SECRET_FILE = 'auth-secret';
const MIN_SECRET_LENGTH = 32;

/**
 * The token signing secret: `AUTH_SECRET` when set; otherwise a random secret generated once and
 * kept in the data directory (mode 0600), so tokens survive restarts.
 */
export function resolveAuthSecret(configured: string | undefined, dataDir: string): AuthSecret {
  if (configured) {
    if (configured.length < MIN_SECRET_LENGTH) {
      throw new Error(`AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    return { value: configured, generated: false };
  }
  const file = join(dataDir, SECRET_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // Written whole to a temporary file, then linked into place: another process starting at the
    // same moment sees either no file or a complete one, never an empty secret.
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temporary, randomBytes(48).toString('base64url'), { mode: 0o600 });
    try {
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  const value = readFileSync(file, 'utf8').trim();
  if (value.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `${file} holds no usable secret (under ${MIN_SECRET_LENGTH} characters); delete it or set AUTH_SECRET`,
    );
  }
  return { value, generated: true };
}
