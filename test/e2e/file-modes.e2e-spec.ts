import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp } from '../support/test-app';

/** Issue 15: the data directory is the service's alone, whatever the umask it was started with. */
describe('file modes of the data directory', () => {
  const parent = mkdtempSync(join(tmpdir(), 'follow-up-modes-'));
  const previousUmask = process.umask(0o022);
  afterAll(() => {
    process.umask(previousUmask);
    rmSync(parent, { recursive: true, force: true });
  });

  it('creates the folders 0700 and the SQLite files and generated secrets 0600', async () => {
    const dataDir = join(parent, 'nested', 'data');
    // No AUTH_SECRET: one is generated into the data directory, as the contacts key is.
    const t = await startTestApp({ dataDir, env: { AUTH_SECRET: '' } });
    await t.http.get('/api/units').set('Authorization', `Bearer ${t.token('admin')}`);
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    try {
      expect(mode(dataDir)).toBe('700');
      expect(mode(join(parent, 'nested'))).toBe('700');
      expect(mode(join(dataDir, 'read-models'))).toBe('700');
      const files = [
        ...readdirSync(dataDir).map((name) => join(dataDir, name)),
        ...readdirSync(join(dataDir, 'read-models')).map((n) => join(dataDir, 'read-models', n)),
      ].filter((f) => statSync(f).isFile() && /\.db(-wal|-shm)?$|secret|key/.test(f));
      const names = files.map((f) => f.slice(dataDir.length + 1));
      expect(names).toEqual(expect.arrayContaining(['follow-up.db', 'outbox.db', 'auth-secret']));
      expect(names.some((n) => /^read-models\/.*\.db$/.test(n))).toBe(true);
      expect(Object.fromEntries(files.map((f) => [f.slice(dataDir.length + 1), mode(f)]))).toEqual(
        Object.fromEntries(names.map((n) => [n, '600'])),
      );
    } finally {
      await t.close();
    }
  });
});
