import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveAuthSecret } from './auth-secret';

describe('resolveAuthSecret', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'secret-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a secret once, private to its owner, and keeps it across restarts', () => {
    const first = resolveAuthSecret(undefined, dir);
    expect(first.generated).toBe(true);
    expect(first.value.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, 'auth-secret')).mode & 0o777).toBe(0o600);
    expect(resolveAuthSecret(undefined, dir)).toEqual(first);
  });

  it('prefers a configured secret and refuses a short one', () => {
    expect(resolveAuthSecret('s'.repeat(40), dir)).toEqual({
      value: 's'.repeat(40),
      generated: false,
    });
    expect(() => resolveAuthSecret('short', dir)).toThrow(/at least 32/);
  });

  it('refuses an empty or truncated secret file instead of signing with it', () => {
    writeFileSync(join(dir, 'auth-secret'), '');
    expect(() => resolveAuthSecret(undefined, dir)).toThrow(/no usable secret/);
    expect(readFileSync(join(dir, 'auth-secret'), 'utf8')).toBe('');
  });
});
