import { randomBytes } from 'node:crypto';
import { SecretBox, type EncryptedSecret } from './secret-box';

const KEY = 'a1'.repeat(32);
const SECRET = 'whsec-Thành-Ba-0123456789';

/** `sealed` with one base64 field changed in its first byte. */
function flipped(sealed: EncryptedSecret, field: 'iv' | 'tag' | 'data'): EncryptedSecret {
  const bytes = Buffer.from(sealed[field], 'base64');
  bytes[0] ^= 0x01;
  return { ...sealed, [field]: bytes.toString('base64') };
}

describe('SecretBox', () => {
  const box = SecretBox.fromHex(KEY);

  it('opens what it sealed, and never shows the secret in the sealed form', () => {
    const sealed = box.seal(SECRET);
    expect(sealed).toEqual({
      v: 1,
      iv: expect.stringMatching(/^[A-Za-z0-9+/]{16}$/),
      tag: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/),
      data: expect.any(String),
    });
    expect(JSON.stringify(sealed)).not.toContain('whsec');
    expect(box.open(sealed)).toBe(SECRET);
    // Through JSON, as it is stored.
    expect(box.open(JSON.parse(JSON.stringify(sealed)) as EncryptedSecret)).toBe(SECRET);
  });

  it('seals the same secret differently each time (a fresh nonce)', () => {
    const first = box.seal(SECRET);
    const second = box.seal(SECRET);
    expect(first.iv).not.toBe(second.iv);
    expect(first.data).not.toBe(second.data);
    expect(box.open(second)).toBe(SECRET);
  });

  it.each(['iv', 'tag', 'data'] as const)(
    'refuses a sealed secret whose %s was altered',
    (field) => {
      expect(() => box.open(flipped(box.seal(SECRET), field))).toThrow(/altered/);
    },
  );

  it('refuses a sealed secret opened with another key', () => {
    const other = new SecretBox(randomBytes(32));
    expect(() => other.open(box.seal(SECRET))).toThrow(/another key/);
  });

  it('refuses what is not a sealed secret', () => {
    const sealed = box.seal(SECRET);
    const bad: unknown[] = [
      { ...sealed, v: 2 },
      { ...sealed, iv: 'not base64!' },
      { ...sealed, iv: Buffer.alloc(8).toString('base64') },
      { ...sealed, tag: Buffer.alloc(8).toString('base64') },
      { ...sealed, data: 42 },
      null,
    ];
    for (const value of bad) expect(() => box.open(value as EncryptedSecret)).toThrow();
  });

  it('takes a key of 32 bytes, or 64 hexadecimal characters', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
    expect(() => SecretBox.fromHex('a1'.repeat(31))).toThrow(/64 hexadecimal/);
    expect(() => SecretBox.fromHex('g1'.repeat(32))).toThrow(/64 hexadecimal/);
    expect(SecretBox.fromHex(KEY.toUpperCase()).open(box.seal(SECRET))).toBe(SECRET);
  });

  it('digests with the key: stable for one key, different under another', () => {
    expect(box.digest('body')).toBe(SecretBox.fromHex(KEY).digest('body'));
    expect(box.digest('body')).toMatch(/^[0-9a-f]{64}$/);
    expect(box.digest('body')).not.toBe(box.digest('body2'));
    expect(new SecretBox(randomBytes(32)).digest('body')).not.toBe(box.digest('body'));
  });
});
