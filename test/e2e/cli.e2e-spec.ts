import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');

/** Runs `npm run cli -- …` as a user would, without npm: node with ts-node, in a child process. */
function cli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'cli.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, AUTH_SECRET: '', ...env } },
      (error, out, err) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

describe('the command line signs with the server’s secret, or says why it cannot', () => {
  jest.setTimeout(60_000);
  let server: TestApp;

  beforeAll(async () => {
    // A server on a generated secret, kept in its data folder, as on a developer's machine.
    server = await startTestApp({ env: { AUTH_SECRET: '' } });
  });
  afterAll(() => server.close());

  it('prints a token the running server accepts when given its DATA_DIR', async () => {
    const { code, out } = await cli(['token', '--role', 'office'], { DATA_DIR: server.dataDir });
    expect(code).toBe(0);
    await server.http.get('/api/units').set('Authorization', `Bearer ${out.trim()}`).expect(200);
  });

  it('never makes a second secret: without one, it says where it looked and stops', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'cli-'));
    try {
      const { code, out, err } = await cli(['token', '--role', 'office'], { DATA_DIR: elsewhere });
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain(join(elsewhere, 'auth-secret'));
      expect(err).not.toMatch(/\n\s+at /);
      expect(readdirSync(elsewhere)).toEqual([]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('answers --help and a wrong option with the usage, not a stack trace', async () => {
    const help = await cli(['token', '--help'], { DATA_DIR: server.dataDir });
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: npm run cli');
    const wrong = await cli(['token', '--rol', 'office'], { DATA_DIR: server.dataDir });
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--rol');
    expect(wrong.err).not.toMatch(/\n\s+at /);
  });
});
