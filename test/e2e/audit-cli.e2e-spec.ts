import Database from 'better-sqlite3';
import { execFile, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointsService } from '../../src/audit/checkpoints/checkpoints.service';
import { keyIdOf, type Checkpoint } from '../../src/audit/checkpoints/checkpoint-chain';
import { loadSigningKey } from '../../src/audit/checkpoints/signing-key';
import { registerTestUnits, startTestApp, TEST_UNITS, type TestApp } from '../support/test-app';
import { unzipEntries } from '../support/zip-entries';
import { binaryBody } from '../support/binary-body';

const ROOT = join(__dirname, '..', '..');

function cli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'cli.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, ...env } },
      (error, out, err) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

/** Runs the verifier shipped inside the bundle at `file`. */
function verifyBundleFile(file: string, dir: string) {
  const verifier = join(dir, 'verify.mjs');
  writeFileSync(verifier, unzipEntries(readFileSync(file)).get('verify.mjs')!);
  return spawnSync(process.execPath, [verifier, file], { encoding: 'utf8' });
}

describe('Audit from the command line: export and verify beside a running server', () => {
  jest.setTimeout(60_000);
  let server: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
    server = await startTestApp({
      env: { AUDIT_CHECKPOINT_EVENTS: '3', AUDIT_CHECKPOINT_SECONDS: '3600' },
    });
    await registerTestUnits(server);
    const caught = server.app.get(CheckpointsService).caughtUp(await server.store.headPosition());
    expect(await caught).toBe(true);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('export writes a bundle (0600) that its own verifier passes', async () => {
    const out = join(dir, 'bundle.zip');
    const run = await cli(['export', '--out', out], { DATA_DIR: server.dataDir });
    expect(run.err).toMatch(/Exported 4 events and 1 checkpoints to/);
    expect(run.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(existsSync(`${out}.part`)).toBe(false);
    const verified = verifyBundleFile(out, dir);
    expect(verified.stderr).toBe('');
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/events\s+4 in 1 streams/);
  });

  it('/health tells auditors the latest checkpoint and the latest verify, and nobody else', async () => {
    await server.http
      .get('/api/audit/verify')
      .set('Authorization', `Bearer ${server.token('auditor')}`)
      .expect(200);
    const res = await server.http
      .get('/health')
      .set('Authorization', `Bearer ${server.token('auditor')}`)
      .expect(200);
    expect(res.body.audit).toMatchObject({
      latest: { seq: 1, events: 3 },
      uncovered: 1,
      lastVerify: { ok: true, events: 4, breaks: 0 },
    });
    const anyone = await server.http.get('/health').expect(200);
    expect(anyone.body.audit).toBeUndefined();
  });

  it('export refuses a reversed range or a missing --out with the usage', async () => {
    const reversed = await cli(
      ['export', '--out', join(dir, 'x.zip'), '--from', '5', '--to', '2'],
      {
        DATA_DIR: server.dataDir,
      },
    );
    expect(reversed.code).toBe(2);
    expect(reversed.err).toMatch(/--to must not be before --from/);
    const missing = await cli(['export'], { DATA_DIR: server.dataDir });
    expect(missing.code).toBe(2);
    expect(missing.err).not.toMatch(/\n\s+at /);
  });

  it('verify checks the checkpoints too: a changed recordedAt is a break (exit 1)', async () => {
    const ok = await cli(['verify'], { DATA_DIR: server.dataDir });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({
      ok: true,
      events: 4,
      checkpoints: { count: 1, uncovered: 1, breaks: [] },
    });
    const db = new Database(join(server.dataDir, 'follow-up.db'));
    const first = db
      .prepare('SELECT position, recorded_at FROM events ORDER BY position')
      .get() as {
      position: number;
      recorded_at: string;
    };
    db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?').run(
      '2020-01-01T00:00:00.000Z',
      first.position,
    );
    try {
      const broken = await cli(['verify'], { DATA_DIR: server.dataDir });
      expect(broken.code).toBe(1);
      expect(JSON.parse(broken.out).checkpoints.breaks).toEqual([
        { seq: 1, position: expect.any(String), reason: 'root-mismatch' },
      ]);
    } finally {
      db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?').run(
        first.recorded_at,
        first.position,
      );
      db.close();
    }
  });
});

describe('Checkpoints by age, and a new signing key', () => {
  jest.setTimeout(60_000);

  it('seals the events a checkpoint would cover once the first is AUDIT_CHECKPOINT_SECONDS old', async () => {
    const t = await startTestApp({
      env: { AUDIT_CHECKPOINT_EVENTS: '1000', AUDIT_CHECKPOINT_SECONDS: '1' },
    });
    try {
      await registerTestUnits(t);
      let checkpoints: Checkpoint[] = [];
      for (let i = 0; i < 50 && checkpoints.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        checkpoints = t.app.get(CheckpointsService).list(0, 10);
      }
      expect(checkpoints.map((c) => [c.seq, c.events])).toEqual([[1, TEST_UNITS.length]]);
    } finally {
      await t.close();
    }
  });

  it('keeps the checkpoints of a rotated key verifiable, and signs new ones with the new key', async () => {
    const env = { AUDIT_CHECKPOINT_EVENTS: '2', AUDIT_CHECKPOINT_SECONDS: '3600' };
    let t = await startTestApp({ env });
    const dataDir = t.dataDir;
    try {
      await registerTestUnits(t);
      await t.app.get(CheckpointsService).caughtUp(await t.store.headPosition());
      const oldKey = t.app.get(CheckpointsService).key.keyId;
      await t.close({ removeData: false });

      const rotated = generateKeyPairSync('ed25519');
      const pem = rotated.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      t = await startTestApp({ dataDir, env: { ...env, AUDIT_SIGNING_KEY: pem } });
      const auditor = t.token('auditor');
      for (const id of ['so-tai-chinh', 'so-xay-dung']) {
        await t.http
          .post('/api/units')
          .set('Authorization', `Bearer ${t.token('admin')}`)
          .send({ id, name: id, kind: 'department' })
          .expect(201);
      }
      await t.app.get(CheckpointsService).caughtUp(await t.store.headPosition());
      const served = await t.http.get('/api/audit/public-key').expect(200);
      expect(keyIdOf(served.text)).toBe(keyIdOf(rotated.publicKey));
      const checkpoints = (
        await t.http
          .get('/api/audit/checkpoints')
          .set('Authorization', `Bearer ${auditor}`)
          .expect(200)
      ).body as Checkpoint[];
      expect(checkpoints.map((c) => c.keyId)).toEqual([oldKey, oldKey, keyIdOf(rotated.publicKey)]);
      const verify = await t.http
        .get('/api/audit/verify')
        .set('Authorization', `Bearer ${auditor}`)
        .expect(200);
      expect(verify.body).toMatchObject({ ok: true, checkpoints: { count: 3, breaks: [] } });
      const zip = (
        await t.http
          .get('/api/audit/export')
          .set('Authorization', `Bearer ${auditor}`)
          .buffer(true)
          .parse(binaryBody)
          .expect(200)
      ).body as Buffer;
      const file = join(dataDir, 'rotated.zip');
      writeFileSync(file, zip);
      const run = verifyBundleFile(file, dataDir);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('refuses a signing key that is not Ed25519, or not a key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadSigningKey(pem, tmpdir())).toThrow(/must be an Ed25519 key, not rsa/);
    expect(() => loadSigningKey('not a key', tmpdir())).toThrow(/not a PEM private key/);
  });
});
