import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveContactsKey } from './contacts-key';

describe('the contacts key', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'contacts-key-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is generated once into the data directory, readable by its owner only', () => {
    const sealed = resolveContactsKey(undefined, join(dataDir, 'data')).seal('s3cret');
    const file = join(dataDir, 'data', 'contacts-key');
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A restart finds the same key.
    expect(resolveContactsKey(undefined, join(dataDir, 'data')).open(sealed)).toBe('s3cret');
  });

  it('is CONTACTS_KEY when set, and nothing is written', () => {
    const key = 'c0'.repeat(32);
    const sealed = resolveContactsKey(key, dataDir).seal('s3cret');
    expect(() => readFileSync(join(dataDir, 'contacts-key'))).toThrow();
    expect(resolveContactsKey(key.toUpperCase(), dataDir).open(sealed)).toBe('s3cret');
  });

  it('refuses a malformed CONTACTS_KEY or key file', () => {
    expect(() => resolveContactsKey('c0'.repeat(16), dataDir)).toThrow(/CONTACTS_KEY must be 64/);
    writeFileSync(join(dataDir, 'contacts-key'), 'short');
    expect(() => resolveContactsKey(undefined, dataDir)).toThrow(/no usable key/);
  });
});
