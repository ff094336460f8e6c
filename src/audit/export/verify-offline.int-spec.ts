import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { unzipEntries, zipOf } from '../../../test/support/zip-entries';
import { EMPTY_CHAIN, chainEvents, type ChainTip } from '../../event-sourcing/hash-chain';
import { testMetadata } from '../../event-store/event-store.test-kit';
import { MemoryEventStore } from '../../event-store/memory/memory-event-store';
import { CheckpointRecords, openCheckpointDb } from '../checkpoints/checkpoint-db';
import { loadSigningKey } from '../checkpoints/signing-key';
import { auditBundle, verifierPath } from './audit-bundle';

/**
 * verify.mjs on a bundle of several megabytes: its worker threads check chunks of about 1 MB each
 * at once, so these tests hold what a small bundle cannot show: that the first break in log order
 * is the one named whichever chunk a worker finishes first, and that events the fast (latin1)
 * reading cannot decide alone are decided exactly.
 */
/** Node's permission model: experimental on Node 20, `--permission` from 22.13 on. */
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has('--permission')
  ? '--permission'
  : '--experimental-permission';

/** A line of events.ndjson, as far as these tests change it. */
interface ExportedLine {
  data: Record<string, unknown> & { note: string };
}

describe('verify.mjs on a bundle of many chunks', () => {
  let dir: string;
  let bundle: Buffer;
  const STREAMS = 60;
  const EVENTS_PER_STREAM = 40; // 2,400 events of ~2 KB: about 5 MB of events.ndjson

  /** Data no fast path may get wrong: keys that sort differently, escapes, odd numbers. */
  const oddData = [
    JSON.parse('{"10": "mười", "9": "chín", "__proto__": {"x": 1}, "b": [2, {"z": 1, "a": 0}]}'),
    { '\uE000': 'private use', '😀': 'sorts before it in UTF-16, after it in UTF-8' },
    { note: 'control \u0000 and \u001f, quote " and backslash \\', lone: '\ud800' },
    { big: 1e21, small: 5e-7, negativeZero: -0, fraction: 0.1, é: 'ế', ü: null },
  ];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verify-offline-'));
    const store = new MemoryEventStore();
    const tips = new Map<string, ChainTip>();
    const filler = 'Báo cáo tiến độ thực hiện nhiệm vụ. '.repeat(50);
    for (let round = 0; round < EVENTS_PER_STREAM; round++) {
      for (let s = 0; s < STREAMS; s++) {
        // One stream with a name that is not ASCII, so its events are read the exact way.
        const streamId = s === 7 ? `mục-${s}` : `directive-${s}`;
        const tip = tips.get(streamId) ?? EMPTY_CHAIN;
        const data =
          s === 3 && round < oddData.length ? oddData[round] : { round, stream: s, note: filler };
        const [event] = chainEvents(streamId, tip, [
          {
            id: `00000000-0000-4000-8000-${String(round * STREAMS + s).padStart(12, '0')}`,
            type: 'ProgressReported',
            data,
            metadata: testMetadata(),
          },
        ]);
        await store.appendToStream(streamId, [event], {
          expectedRevision: tip.revision < 0n ? 'no-stream' : tip.revision,
        });
        tips.set(streamId, { revision: tip.revision + 1n, hash: event.metadata.hash! });
      }
    }
    const db = openCheckpointDb(':memory:');
    const file = join(dir, 'bundle.zip');
    const { stream, done } = auditBundle({
      store,
      checkpoints: new CheckpointRecords(db),
      key: loadSigningKey(undefined, dir),
      range: {},
    });
    await Promise.all([pipeline(stream as Readable, createWriteStream(file)), done]);
    db.close();
    bundle = readFileSync(file);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function verify(zip: Buffer) {
    const file = join(dir, `check-${Math.random().toString(36).slice(2)}.zip`);
    writeFileSync(file, zip);
    const run = spawnSync(process.execPath, [verifierPath(), file], { encoding: 'utf8' });
    return { status: run.status, out: run.stdout, err: run.stderr };
  }

  /** The bundle with the lines of events.ndjson changed (line numbers from 1), zipped again. */
  function tampered(change: (lines: string[]) => void): Promise<Buffer> {
    const entries = unzipEntries(bundle);
    const lines = entries.get('events.ndjson')!.toString('utf8').split('\n');
    change(lines);
    entries.set('events.ndjson', Buffer.from(lines.join('\n')));
    return zipOf(entries);
  }

  const edit = (lines: string[], line: number, change: (event: ExportedLine) => void) => {
    const event = JSON.parse(lines[line - 1]);
    change(event);
    lines[line - 1] = JSON.stringify(event);
  };

  it('holds: every chain, odd keys, escapes and a stream name that is not ASCII', () => {
    expect(unzipEntries(bundle).get('events.ndjson')!.length).toBeGreaterThan(4 << 20);
    const run = verify(bundle);
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(run.out).toMatch(`events        ${STREAMS * EVENTS_PER_STREAM} in ${STREAMS} streams`);
  });

  it('names the first break in log order, though a later chunk is checked as soon', async () => {
    const run = verify(
      await tampered((lines) => {
        edit(lines, 2_300, (e) => (e.data.note = 'changed near the end'));
        edit(lines, 1_204, (e) => (e.data.round = 99)); // the first break
        lines[2_350] = 'not json';
      }),
    );
    expect(run.status).toBe(1);
    expect(run.err).toMatch(
      /^BROKEN: event at position 1204 \(line 1204, directive-3 revision 20\) was altered/,
    );
  });

  it('a change to an odd event is a break, whichever way it is read', async () => {
    for (const [line, change] of [
      [STREAMS * 0 + 4, (e: ExportedLine) => (e.data['9'] = 'tám')],
      [STREAMS * 1 + 4, (e: ExportedLine) => (e.data['😀'] = 'changed')],
      [STREAMS * 2 + 4, (e: ExportedLine) => (e.data.lone = '\ud801')],
      [STREAMS * 3 + 4, (e: ExportedLine) => (e.data.big = 1e22)],
      [STREAMS * 5 + 8, (e: ExportedLine) => (e.data.note = e.data.note.replace('Báo', 'Bảo'))],
    ] as const) {
      const run = verify(await tampered((lines) => edit(lines, line, change)));
      expect(run.status).toBe(1);
      expect(run.err).toMatch(
        new RegExp(`^BROKEN: event at position ${line} \\(line ${line}, .*\\) was altered`),
      );
    }
  });

  it('a character spelled as escapes of its UTF-8 bytes is not the character (the latin1 trap)', async () => {
    // Read as latin1, "\u00e1\u00ba\u00bf" gives the very bytes of "ế" (E1 BA BF): a reading that
    // trusted latin1 for escaped text would pass this line; as JSON it is "áº¿".
    const line = STREAMS * 3 + 4;
    const run = verify(
      await tampered(
        (lines) => (lines[line - 1] = lines[line - 1].replace('ế', '\\u00e1\\u00ba\\u00bf')),
      ),
    );
    expect(run.status).toBe(1);
    expect(run.err).toMatch(
      new RegExp(`^BROKEN: event at position ${line} \\(line ${line}, .*\\) was altered`),
    );
  });

  it('a key written twice is a break, though JSON.parse reads the hashed value', async () => {
    // Someone with the database file adds a first "round" that first-wins readers (SQLite's
    // json_extract among them) would show; JSON.parse keeps the last, which the hash covers.
    const line = 1_500;
    const run = verify(
      await tampered((lines) => {
        lines[line - 1] = lines[line - 1].replace('"data":{', '"data":{"round":999,');
      }),
    );
    expect(run.status).toBe(1);
    expect(run.err).toMatch(
      new RegExp(
        `^BROKEN: event at position ${line} \\(line ${line}, .*\\) has a key written twice`,
      ),
    );
  });

  it('spacing, escapes and key order change nothing a reader sees: the bundle still holds', async () => {
    const run = verify(
      await tampered((lines) => {
        const event = JSON.parse(lines[99]) as Record<string, unknown>;
        const { data, ...rest } = event;
        lines[99] = JSON.stringify({ data, ...rest }, null, 1).replace(/\n/g, ' ');
        lines[100] = lines[100].replace('"type":', '"\\u0074ype" :');
      }),
    );
    // The file's digest no longer matches the manifest: the events themselves all hold.
    expect(run.err).toMatch(/^BROKEN: events.ndjson differs from the export/);
  });

  it('runs where no worker thread may start (the permission model), with the same verdicts', async () => {
    const bad = join(dir, 'bad.zip');
    writeFileSync(bad, await tampered((lines) => edit(lines, 2_300, (e) => (e.data.note = 'x'))));
    const good = join(dir, 'good.zip');
    writeFileSync(good, bundle);
    const run = (file: string) =>
      spawnSync(
        process.execPath,
        ['--no-warnings', PERMISSION_FLAG, '--allow-fs-read=*', verifierPath(), file],
        { encoding: 'utf8' },
      );
    expect(run(good).status).toBe(0);
    const broken = run(bad);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/^BROKEN: event at position 2300 .* was altered/);
  });

  it('runs inside a worker thread of another program as on its own', async () => {
    const file = join(dir, 'in-worker.zip');
    writeFileSync(file, bundle);
    const worker = new Worker(verifierPath(), { argv: [file], stdout: true, stderr: true });
    let out = '';
    worker.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number>((resolve) => worker.once('exit', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/^OK: /);
  });

  it('a line that is not JSON in a late chunk is named with its line number', async () => {
    const run = verify(await tampered((lines) => (lines[2_199] = '{"position": "2200",')));
    expect(run.status).toBe(1);
    expect(run.err).toMatch(/^BROKEN: events.ndjson line 2200 is not JSON/);
  });

  it('an event removed from the middle of a late chunk breaks its stream there', async () => {
    const run = verify(await tampered((lines) => lines.splice(2_000, 1)));
    expect(run.status).toBe(1);
    expect(run.err).toMatch(
      /^BROKEN: event at position 2061 \(line 2060, directive-20 revision 34\) does not follow revision 32 of its stream/,
    );
  });
});
