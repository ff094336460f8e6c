import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/**
 * A secret as it may be stored where others read: AES-256-GCM ciphertext with its nonce and
 * authentication tag, each base64. `v` names the scheme, so a later one can be told apart.
 */
export interface EncryptedSecret {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_HEX = /^[0-9a-f]{64}$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Seals short secrets (webhook keys) for storage in the event log, which auditors read whole:
 * only a holder of the key can open them, and a sealed secret that was altered, or is opened
 * with another key, throws instead of yielding a wrong secret.
 */
export class SecretBox {
  readonly #key: KeyObject;
  readonly #digestKey: KeyObject;

  /** `key`: 32 bytes. */
  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) {
      throw new Error(`A secret box key is ${KEY_BYTES} bytes, not ${key.length}`);
    }
    this.#key = createSecretKey(Buffer.from(key));
    // A key of its own for digests: one key is never used by two algorithms.
    this.#digestKey = createSecretKey(
      Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'secret-box digest', KEY_BYTES)),
    );
  }

  /** A box for a key written as 64 hexadecimal characters. */
  static fromHex(hex: string): SecretBox {
    if (!KEY_HEX.test(hex)) throw new Error('A secret box key is 64 hexadecimal characters');
    return new SecretBox(Buffer.from(hex, 'hex'));
  }

  seal(plain: string): EncryptedSecret {
    // A fresh random nonce each time: GCM must never reuse one under the same key.
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return {
      v: 1,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  /** The plain secret; throws when `sealed` is malformed, altered or sealed under another key. */
  open(sealed: EncryptedSecret): string {
    if (sealed?.v !== 1) throw new Error('Not a sealed secret of version 1');
    const iv = decodeBase64(sealed.iv, 'iv');
    const tag = decodeBase64(sealed.tag, 'tag');
    const data = decodeBase64(sealed.data, 'data');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new Error('A sealed secret has a 12-byte iv and a 16-byte tag');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('The sealed secret was altered or sealed under another key');
    }
  }

  /**
   * A keyed digest (hex HMAC-SHA256) of `text`: stable for one key, so equal texts can be
   * recognised, but a reader without the key cannot test guesses of a secret the text holds.
   */
  digest(text: string): string {
    return createHmac('sha256', this.#digestKey).update(text, 'utf8').digest('hex');
  }
}

function decodeBase64(value: unknown, field: string): Buffer {
  if (typeof value !== 'string' || !BASE64.test(value)) {
    throw new Error(`A sealed secret's ${field} must be base64`);
  }
  return Buffer.from(value, 'base64');
}
