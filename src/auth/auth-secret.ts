import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AuthSecret {
  value: string;
  /** True when the secret was generated for this data directory (development): demo sign-in is allowed. */
  generated: boolean;
}

const SECRET_FILE = 'auth-secret';

/**
 * The token signing secret: `AUTH_SECRET` when set; otherwise a random secret generated once and
 * kept in the data directory (mode 0600), so tokens survive restarts.
 */
export function resolveAuthSecret(configured: string | undefined, dataDir: string): AuthSecret {
  if (configured) {
    if (configured.length < 32) throw new Error('AUTH_SECRET must be at least 32 characters');
    return { value: configured, generated: false };
  }
  const file = join(dataDir, SECRET_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // 'wx' fails if another process created it first; then we read theirs.
    try {
      writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return { value: readFileSync(file, 'utf8').trim(), generated: true };
}
