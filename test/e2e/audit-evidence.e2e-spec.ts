import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointsService } from '../../src/audit/checkpoints/checkpoints.service';
import {
  digestOf,
  keyIdOf,
  signCheckpoint,
  signedText,
  type Checkpoint,
} from '../../src/audit/checkpoints/checkpoint-chain';
import { canonicalJson, chainEvents, hashEvent } from '../../src/event-sourcing/hash-chain';
import { registerTestUnits, startTestApp, type TestApp } from '../support/test-app';
import { unzipEntries, zipOf } from '../support/zip-entries';
import { binaryBody } from '../support/binary-body';

const VERIFY = join(__dirname, '..', '..', 'src', 'audit', 'export', 'verify.mjs');

interface ExportedEvent {
  position: string;
  streamId: string;
  revision: string;
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown> & { hash: string; prevHash: string | null };
  recordedAt: string;
}

/**
 * API.md "Audit (more)": signed checkpoints over the whole log, the export, and the offline
 * verifier run on real exports, then on copies tampered with in each way the issue lists.
 */
describe('Audit evidence: checkpoints, export, offline verification', () => {
  let t: TestApp;
  let auditor: string;
  let dir: string;
  let bundle: Buffer;
  const items: string[] = [];

  const get = (path: string) => t.http.get(path).set('Authorization', `Bearer ${auditor}`);
  const download = async (path: string) =>
    (await get(path).buffer(true).parse(binaryBody).expect(200)).body as Buffer;

  /** Runs the bundle's own verifier (the file shipped in the zip) on `zip`. */
  function verifyZip(zip: Buffer, ...args: string[]) {
    const file = join(dir, `bundle-${Math.random().toString(36).slice(2)}.zip`);
    writeFileSync(file, zip);
    const verifier = join(dir, 'verify.mjs');
    writeFileSync(verifier, unzipEntries(bundle).get('verify.mjs')!);
    const run = spawnSync(process.execPath, [verifier, file, ...args], { encoding: 'utf8' });
    return { status: run.status, out: run.stdout, err: run.stderr };
  }

  /** The bundle with its events (and optionally other entries) changed. */
  async function tampered(
    change: (events: ExportedEvent[], entries: Map<string, Buffer>) => ExportedEvent[] | void,
  ): Promise<Buffer> {
    const entries = unzipEntries(bundle);
    const events = entries
      .get('events.ndjson')!
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ExportedEvent);
    const changed = change(events, entries) ?? events;
    entries.set(
      'events.ndjson',
      Buffer.from(changed.map((e) => JSON.stringify(e) + '\n').join('')),
    );
    return zipOf(entries);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-evidence-'));
    t = await startTestApp({
      env: { AUDIT_CHECKPOINT_EVENTS: '5', AUDIT_CHECKPOINT_SECONDS: '3600' },
    });
    auditor = t.token('auditor');
    // 4 unit events, then 3 items: A (raise, assign, progress), B (same), C (raise, assign):
    // 12 events, checkpoints after the 5th and the 10th, two events after the last one.
    await registerTestUnits(t);
    const office = t.token('office');
    for (const withProgress of [true, true, false]) {
      const raised = await t.http
        .post('/api/items')
        .set('Authorization', `Bearer ${office}`)
        .send({ kind: 'directive', title: `Việc ${items.length + 1}` })
        .expect(201);
      const id = raised.body.id as string;
      items.push(id);
      await t.http
        .post(`/api/items/${id}/assign`)
        .set('Authorization', `Bearer ${office}`)
        .send({ leadUnit: 'so-noi-vu' })
        .expect(200);
      if (withProgress) {
        await t.http
          .post(`/api/items/${id}/progress`)
          .set('Authorization', `Bearer ${t.token('unit', 'so-noi-vu')}`)
          .send({ note: 'Đang làm' })
          .expect(200);
      }
    }
    expect(await t.app.get(CheckpointsService).caughtUp(await t.store.headPosition())).toBe(true);
    bundle = await download('/api/audit/export');
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('checkpoints', () => {
    it('seals every 5 events, each linked to the one before and signed with the served key', async () => {
      const res = await get('/api/audit/checkpoints').expect(200);
      const checkpoints = res.body as Checkpoint[];
      expect(checkpoints.map((c) => [c.seq, c.events])).toEqual([
        [1, 5],
        [2, 10],
      ]);
      expect(checkpoints[0].previous).toBeNull();
      expect(checkpoints[1].previous).toBe(digestOf(checkpoints[0]));
      const pem = (await t.http.get('/api/audit/public-key').expect(200)).text;
      expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      const key = createPublicKey(pem);
      for (const checkpoint of checkpoints) {
        expect(checkpoint.keyId).toBe(keyIdOf(key));
        expect(
          verify(
            null,
            Buffer.from(signedText(checkpoint)),
            key,
            Buffer.from(checkpoint.signature, 'base64'),
          ),
        ).toBe(true);
      }
    });

    it('are for auditors; the public key for anyone', async () => {
      await t.http
        .get('/api/audit/checkpoints')
        .set('Authorization', `Bearer ${t.token('office')}`)
        .expect(403);
      await t.http.get('/api/audit/checkpoints').expect(401);
      await t.http.get('/api/audit/export').expect(401);
    });

    it('verify holds the log against them', async () => {
      const res = await get('/api/audit/verify').expect(200);
      expect(res.body).toMatchObject({
        ok: true,
        events: 12,
        breaks: [],
        checkpoints: { count: 2, latest: { seq: 2, events: 10 }, uncovered: 2, breaks: [] },
      });
    });
  });

  describe('the offline verifier on a real export', () => {
    it('holds the whole log, and names the bundle it read', () => {
      const entries = unzipEntries(bundle);
      expect([...entries.keys()]).toEqual([
        'events.ndjson',
        'checkpoints.ndjson',
        'public-key.pem',
        'manifest.json',
        'verify.mjs',
      ]);
      expect(entries.get('verify.mjs')!.equals(readFileSync(VERIFY))).toBe(true);
      const run = verifyZip(bundle);
      expect(run.err).toBe('');
      expect(run.status).toBe(0);
      expect(run.out).toMatch(/^OK: /);
      expect(run.out).toMatch(/events\s+12 in 4 streams/);
      expect(run.out).toMatch(/checkpoints\s+2, the last seq 2/);
      expect(run.out).toMatch(/after it\s+2 events/);
    });

    it('checks the key and a checkpoint kept outside', async () => {
      const pem = join(dir, 'trusted.pem');
      writeFileSync(pem, (await t.http.get('/api/audit/public-key')).text);
      const kept = join(dir, 'kept.json');
      const [first] = (await get('/api/audit/checkpoints').expect(200)).body as Checkpoint[];
      writeFileSync(kept, JSON.stringify(first));
      expect(verifyZip(bundle, '--key', pem, '--checkpoint', kept).status).toBe(0);
      writeFileSync(kept, JSON.stringify({ ...first, root: 'f'.repeat(64) }));
      const run = verifyZip(bundle, '--checkpoint', kept);
      expect(run.status).toBe(1);
      expect(run.err).toMatch(/checkpoint 1 in the bundle is not the one you kept/);
    });

    const breaks: [
      string,
      (events: ExportedEvent[], entries: Map<string, Buffer>) => ExportedEvent[] | void,
      RegExp,
    ][] = [
      [
        'a field of an event changed',
        (events) => void (events[4].data.title = 'Việc khác'),
        /event at position \S+ \(line 5, directive-\S+ revision 0\) was altered/,
      ],
      [
        'a recordedAt changed',
        (events) => void (events[2].recordedAt = '2026-01-01T00:00:00.000Z'),
        /checkpoint 1 \(position \S+\) does not match the events since the start of the log/,
      ],
      [
        "an event's id changed (the stream's hash does not cover it; the root does)",
        (events) => void (events[2].id = '00000000-0000-4000-8000-00000000abcd'),
        /checkpoint 1 \(position \S+\) does not match the events since the start of the log/,
      ],
      [
        'a middle event of a stream removed',
        (events) => events.filter((_, i) => i !== 5),
        /revision 2\) does not follow revision 0 of its stream/,
      ],
      [
        'the last event of a stream removed',
        (events) => events.filter((_, i) => i !== 6),
        /checkpoint 2 \(position \S+\) does not match the events since position/,
      ],
      [
        'a whole stream removed',
        (events) => events.filter((e) => e.streamId !== events[7].streamId),
        /checkpoint 2 seals position \S+, which no event holds/,
      ],
      [
        'the last event of the log removed',
        (events) => events.slice(0, -1),
        /do not match what the export sealed/,
      ],
      [
        'two events of different streams reordered',
        (events) => [...events.slice(0, 6), events[7], events[6], ...events.slice(8)],
        /line 8, .* is out of log order/,
      ],
      [
        'two events reordered with their positions swapped too',
        (events) => {
          const [a, b] = [events[6], events[7]];
          return [
            ...events.slice(0, 6),
            { ...b, position: a.position },
            { ...a, position: b.position },
            ...events.slice(8),
          ];
        },
        /checkpoint 2 \(position \S+\) does not match the events since position/,
      ],
      [
        'an event added, correctly chained to its stream',
        (events) => {
          const last = events[events.length - 1];
          const [added] = chainEvents(
            last.streamId,
            { revision: BigInt(last.revision), hash: last.metadata.hash },
            [
              {
                id: '00000000-0000-4000-8000-000000000001',
                type: 'ProgressReported',
                data: { ...last.data, note: 'Thêm vào' },
                metadata: { ...last.metadata, prevHash: undefined } as never,
              },
            ],
          );
          return [
            ...events,
            {
              ...(added as unknown as ExportedEvent),
              position: String(BigInt(last.position) + 1n),
              streamId: last.streamId,
              revision: String(BigInt(last.revision) + 1n),
              recordedAt: last.recordedAt,
            },
          ];
        },
        /do not match what the export sealed/,
      ],
      [
        'a checkpoint edited',
        (_events, entries) => {
          const lines = entries.get('checkpoints.ndjson')!.toString().split('\n').filter(Boolean);
          const first = JSON.parse(lines[0]) as Checkpoint;
          lines[0] = JSON.stringify({ ...first, events: first.events + 1 });
          entries.set('checkpoints.ndjson', Buffer.from(lines.join('\n') + '\n'));
        },
        /checkpoint 1 \(position \S+\): the signature does not hold/,
      ],
      [
        'the public key replaced',
        (_events, entries) => {
          const other = generateKeyPairSync('ed25519').publicKey;
          entries.set('public-key.pem', Buffer.from(other.export({ type: 'spki', format: 'pem' })));
        },
        /manifest.json is signed by key \S+, but public-key.pem is/,
      ],
    ];

    it.each(breaks)('exits 1 naming the break: %s', async (_name, change, message) => {
      const run = verifyZip(await tampered(change));
      expect(run.status).toBe(1);
      expect(run.err).toMatch(/^BROKEN: /);
      expect(run.err).toMatch(message);
      expect(run.err).not.toMatch(/\n\s+at /);
    });

    it('a bundle re-made whole with another key passes alone, and fails against the key kept outside', async () => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const keyId = keyIdOf(publicKey);
      const forged = await tampered((_events, entries) => {
        const checkpoints = entries
          .get('checkpoints.ndjson')!
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Checkpoint);
        const resigned: Checkpoint[] = [];
        for (const c of checkpoints) {
          const { signature: _s, ...fields } = c;
          const previous = resigned.length ? digestOf(resigned[resigned.length - 1]) : null;
          resigned.push(signCheckpoint({ ...fields, keyId, previous }, privateKey));
        }
        const text = resigned.map((c) => JSON.stringify(c) + '\n').join('');
        entries.set('checkpoints.ndjson', Buffer.from(text));
        const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
        entries.set('public-key.pem', Buffer.from(pem));
        const { signature: _s, ...manifest } = JSON.parse(entries.get('manifest.json')!.toString());
        const unsigned = {
          ...manifest,
          keys: [{ keyId, publicKey: pem }],
          keyId,
          files: {
            ...manifest.files,
            'checkpoints.ndjson': createHash('sha256').update(text).digest('hex'),
          },
        };
        const signature = sign(null, Buffer.from(canonicalJson(unsigned)), privateKey).toString(
          'base64',
        );
        entries.set('manifest.json', Buffer.from(JSON.stringify({ ...unsigned, signature })));
      });
      expect(verifyZip(forged).status).toBe(0);
      const trusted = join(dir, 'trusted-key.pem');
      writeFileSync(trusted, (await t.http.get('/api/audit/public-key')).text);
      const run = verifyZip(forged, '--key', trusted);
      expect(run.status).toBe(1);
      expect(run.err).toMatch(/is not the key you trust/);
    });

    it('exits 2, without a stack trace, on a file that is not a zip, a truncated one, or an unknown format', async () => {
      const notZip = verifyZip(Buffer.from('PK? not really a zip at all'));
      expect(notZip.status).toBe(2);
      expect(notZip.err).toMatch(/^UNREADABLE: not a zip file, or truncated/);
      const truncated = verifyZip(bundle.subarray(0, Math.floor(bundle.length / 2)));
      expect(truncated.status).toBe(2);
      expect(truncated.err).toMatch(/^UNREADABLE: /);
      const future = await tampered((_events, entries) => {
        const manifest = JSON.parse(entries.get('manifest.json')!.toString());
        entries.set('manifest.json', Buffer.from(JSON.stringify({ ...manifest, version: 99 })));
      });
      const unknown = verifyZip(future);
      expect(unknown.status).toBe(2);
      expect(unknown.err).toMatch(/unknown bundle format "follow-up-audit-bundle" version 99/);
      for (const run of [notZip, truncated, unknown]) expect(run.err).not.toMatch(/\n\s+at /);
    });
  });

  describe('export ranges', () => {
    const positions = async () =>
      (
        (await get('/api/audit/events?limit=100').expect(200)).body.events as { position: string }[]
      ).map((e) => e.position);

    it('a range inside the log is a bundle that verifies, starting from the signed root before it', async () => {
      const all = await positions();
      const zip = await download(`/api/audit/export?from=${all[6]}&to=${all[10]}`);
      const entries = unzipEntries(zip);
      const lines = entries.get('events.ndjson')!.toString().split('\n').filter(Boolean);
      expect(lines.map((l) => JSON.parse(l).position)).toEqual(all.slice(6, 11));
      const manifest = JSON.parse(entries.get('manifest.json')!.toString());
      expect(manifest.start).toMatchObject({ position: all[5], events: 6 });
      const run = verifyZip(zip);
      expect(run.err).toBe('');
      expect(run.status).toBe(0);
      expect(run.out).toMatch(/events\s+5 in/);
      expect(run.out).toMatch(/checkpoints\s+1, the last seq 2/);
      // A range tampered with breaks the same way.
      entries.set(
        'events.ndjson',
        Buffer.from(
          lines
            .map((l, i) =>
              i === 2
                ? l.replace(/"recordedAt":"[^"]+"/, '"recordedAt":"2026-01-01T00:00:00.000Z"')
                : l,
            )
            .join('\n') + '\n',
        ),
      );
      expect(verifyZip(await zipOf(entries)).status).toBe(1);
    });

    it('an empty range is a valid bundle with no events; a reversed one is a 400', async () => {
      const all = await positions();
      const empty = await download(`/api/audit/export?from=${BigInt(all[11]) + 100n}`);
      expect(unzipEntries(empty).get('events.ndjson')!.length).toBe(0);
      const run = verifyZip(empty);
      expect(run.status).toBe(0);
      expect(run.out).toMatch(/events\s+0 in 0 streams/);
      const reversed = await get(`/api/audit/export?from=${all[5]}&to=${all[2]}`).expect(400);
      expect(reversed.body).toMatchObject({ code: 'VALIDATION', errors: [{ field: 'to' }] });
      const bad = await get('/api/audit/export?from=minus-one').expect(400);
      expect(bad.body.errors[0].field).toBe('from');
    });
  });

  describe('the log itself changed under the server', () => {
    it('verify reports the checkpoint a changed recordedAt breaks, though every chain still holds', async () => {
      const db = new Database(join(t.dataDir, 'follow-up.db'));
      const third = db
        .prepare('SELECT position, recorded_at FROM events ORDER BY position LIMIT 1 OFFSET 2')
        .get() as {
        position: number;
        recorded_at: string;
      };
      db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?').run(
        '2026-01-01T00:00:00.000Z',
        third.position,
      );
      try {
        const res = await get('/api/audit/verify').expect(200);
        expect(res.body.ok).toBe(false);
        expect(res.body.breaks).toEqual([]);
        expect(res.body.checkpoints.breaks).toEqual([
          { seq: 1, position: expect.any(String), reason: 'root-mismatch' },
        ]);
      } finally {
        db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?').run(
          third.recorded_at,
          third.position,
        );
        db.close();
      }
      expect((await get('/api/audit/verify').expect(200)).body.ok).toBe(true);
    });

    it('verify reports the last events of the log removed', async () => {
      const db = new Database(join(t.dataDir, 'follow-up.db'));
      // Deleting a stream's events below its last checkpoint: only the checkpoint can tell.
      const removed = db
        .prepare(
          'SELECT * FROM events WHERE stream_id = (SELECT stream_id FROM events ORDER BY position LIMIT 1 OFFSET 4)',
        )
        .all() as Record<string, unknown>[];
      db.prepare('DELETE FROM events WHERE stream_id = ?').run(removed[0].stream_id);
      try {
        const res = await get('/api/audit/verify').expect(200);
        expect(res.body.ok).toBe(false);
        expect(res.body.breaks).toEqual([]);
        expect(res.body.checkpoints.breaks[0]).toMatchObject({ seq: 1 });
      } finally {
        const insert = db.prepare(
          'INSERT INTO events (position, stream_id, revision, id, type, data, metadata, recorded_at, schema_version)' +
            ' VALUES (@position, @stream_id, @revision, @id, @type, @data, @metadata, @recorded_at, @schema_version)',
        );
        for (const row of removed) insert.run(row);
        db.close();
      }
      expect((await get('/api/audit/verify').expect(200)).body.ok).toBe(true);
    });
  });

  it('checkpoints survive a restart and go on from where they were', async () => {
    const dataDir = t.dataDir;
    const before = (await get('/api/audit/checkpoints').expect(200)).body as Checkpoint[];
    await t.close({ removeData: false });
    t = await startTestApp({
      dataDir,
      env: { AUDIT_CHECKPOINT_EVENTS: '5', AUDIT_CHECKPOINT_SECONDS: '3600' },
    });
    auditor = t.token('auditor');
    const office = t.token('office');
    for (let i = 0; i < 3; i++) {
      await t.http
        .post(`/api/items/${items[2]}/urge`)
        .set('Authorization', `Bearer ${office}`)
        .send({ note: `Đôn đốc ${i + 1}` })
        .expect(200);
    }
    expect(await t.app.get(CheckpointsService).caughtUp(await t.store.headPosition())).toBe(true);
    const after = (await get('/api/audit/checkpoints').expect(200)).body as Checkpoint[];
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((c) => [c.seq, c.events])).toEqual([
      [1, 5],
      [2, 10],
      [3, 15],
    ]);
    expect(after[2].previous).toBe(digestOf(after[1]));
    const res = await get('/api/audit/verify').expect(200);
    expect(res.body).toMatchObject({
      ok: true,
      events: 15,
      checkpoints: { count: 3, uncovered: 0 },
    });
    // The event hash the root seals is the one the chain recomputes (no second encoding).
    const [first] = (await get('/api/audit/events?limit=1').expect(200)).body.events;
    expect(hashEvent({ ...first, revision: BigInt(first.revision) })).toBe(first.metadata.hash);
  });
});
