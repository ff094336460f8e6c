import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { secretFileOnce } from '../shared/secret-file';

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
  const value = secretFileOnce(file, () => randomBytes(48).toString('base64url'));
  if (value.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `${file} holds no usable secret (under ${MIN_SECRET_LENGTH} characters); delete it or set AUTH_SECRET`,
    );
  }
  return { value, generated: true };
}

/**
 * The secret a running server signs with, for tools beside it (the CLI): `AUTH_SECRET` when set,
 * else the file the server generated in `dataDir`. Never generates one: a second secret would sign
 * tokens the server rejects. Throws, saying where it looked, when there is none.
 */
export function readAuthSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return resolveAuthSecret(configured, dataDir).value;
  const file = join(dataDir, SECRET_FILE);
  if (!existsSync(file)) {
    throw new Error(
      `No secret to sign with: AUTH_SECRET is not set and ${file} does not exist. ` +
        "Set DATA_DIR to the server's data folder (or AUTH_SECRET to its secret).",
    );
  }
  return resolveAuthSecret(undefined, dataDir).value;
}
