import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SecretBox } from '../../../shared/secret-box';

/** The box that seals and opens the units' webhook secrets (a `SecretBox`). */
export const CONTACTS_SECRET_BOX = Symbol('CONTACTS_SECRET_BOX');

const KEY_FILE = 'contacts-key';

/**
 * The key of the webhook secrets: `CONTACTS_KEY` (64 hexadecimal characters) when set; otherwise
 * a random key generated once and kept in the data directory (mode 0600), so the secrets stay
 * readable across restarts. Instances sharing one log must share the key: set `CONTACTS_KEY`.
 */
export function resolveContactsKey(configured: string | undefined, dataDir: string): SecretBox {
  if (configured) {
    try {
      return SecretBox.fromHex(configured);
    } catch {
      throw new Error('CONTACTS_KEY must be 64 hexadecimal characters (32 bytes)');
    }
  }
  const file = join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // Written whole to a temporary file, then linked into place: another process starting at the
    // same moment sees either no file or a complete one, and both end up with the same key.
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temporary, randomBytes(32).toString('hex'), { mode: 0o600 });
    try {
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  try {
    return SecretBox.fromHex(readFileSync(file, 'utf8').trim());
  } catch {
    throw new Error(
      `${file} holds no usable key (64 hexadecimal characters); set CONTACTS_KEY to the key ` +
        'the webhook secrets were sealed with',
    );
  }
}
