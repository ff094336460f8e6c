import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SecretBox } from '../../../shared/secret-box';
import { secretFileOnce } from '../../../shared/secret-file';

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
  const key = secretFileOnce(file, () => randomBytes(32).toString('hex'));
  try {
    return SecretBox.fromHex(key);
  } catch {
    throw new Error(
      `${file} holds no usable key (64 hexadecimal characters); set CONTACTS_KEY to the key ` +
        'the webhook secrets were sealed with',
    );
  }
}
