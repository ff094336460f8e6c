import { EventSchema } from '../shared/event-schema';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleCommand, type CommandMetadata } from './command-handler';
import { canonicalJson, hashEvent, NotPlainJsonError, verifyLog } from './hash-chain';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';

/** A tiny decider: every command appends one note, so streams of known length are easy to make. */
const notes = {
  events: new EventSchema<{ type: 'NoteWritten'; data: { text: string } }>(['NoteWritten']),
  initialState: () => 0,
  evolve: (count: number) => count + 1,
  decide: (command: { text: string }) => [
    { type: 'NoteWritten' as const, data: { text: command.text } },
  ],
};

const metadata = (): CommandMetadata => ({
  actor: { sub: 'kiem-toan', role: 'auditor', unit: null },
  occurredAt: '2026-01-05T01:00:00.000Z',
  correlationId: 'c',
  causationId: null,
  commandId: 'cmd',
});

describe('tamper-evident log', () => {
  let dir: string;
  let file: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hash-chain-'));
    file = join(dir, 'events.db');
    store = new SqliteEventStore(file);
    for (const stream of ['note-a', 'note-b']) {
      for (const text of ['Một', 'Hai', 'Ba', 'Bốn']) {
        await handleCommand({
          store,
          decider: notes,
          streamId: stream,
          command: { text },
          metadata: metadata(),
        });
      }
    }
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Changes the file behind the store's back, as someone with disk access could. */
  function tamper(sql: string, ...params: unknown[]): void {
    const raw = new Database(file);
    raw.prepare(sql).run(...params);
    raw.close();
  }

  it('links every event to the one before it in its stream', async () => {
    const events = await store.readStream('note-a');
    expect(events[0].metadata.prevHash).toBeNull();
    for (let i = 1; i < events.length; i++) {
      expect(events[i].metadata.prevHash).toBe(events[i - 1].metadata.hash);
      expect(events[i].metadata.hash).toBe(hashEvent(events[i]));
    }
  });

  it('verifies an untouched log', async () => {
    expect(await verifyLog(store)).toEqual({ ok: true, streams: 2, events: 8, breaks: [] });
  });

  it('reports an altered event at its revision', async () => {
    tamper(
      `UPDATE events SET data = ? WHERE stream_id = 'note-a' AND revision = 2`,
      JSON.stringify({ text: 'Ba (đã sửa)' }),
    );
    expect(await verifyLog(store)).toMatchObject({
      ok: false,
      breaks: [{ streamId: 'note-a', revision: '2', reason: 'altered' }],
    });
  });

  it('reports altered metadata, such as a changed actor', async () => {
    const [event] = await store.readStream('note-b', { fromRevision: 1n });
    const forged = { ...event.metadata, actor: { sub: 'nguoi-khac', role: 'office', unit: null } };
    tamper(
      `UPDATE events SET metadata = ? WHERE stream_id = 'note-b' AND revision = 1`,
      JSON.stringify(forged),
    );
    expect((await verifyLog(store)).breaks).toEqual([
      { streamId: 'note-b', revision: '1', reason: 'altered' },
    ]);
  });

  it('reports a removed event where the gap starts', async () => {
    tamper(`DELETE FROM events WHERE stream_id = 'note-b' AND revision = 1`);
    expect((await verifyLog(store)).breaks).toEqual([
      { streamId: 'note-b', revision: '2', reason: 'revision-gap' },
    ]);
  });

  it('reports a removed event even when the later revisions were renumbered to hide it', async () => {
    tamper(`DELETE FROM events WHERE stream_id = 'note-a' AND revision = 1`);
    tamper(`UPDATE events SET revision = revision - 1 WHERE stream_id = 'note-a' AND revision > 1`);
    expect((await verifyLog(store)).breaks).toEqual([
      { streamId: 'note-a', revision: '1', reason: 'broken-link' },
    ]);
  });

  it('reports reordered events', async () => {
    tamper(`UPDATE events SET revision = -1 WHERE stream_id = 'note-a' AND revision = 1`);
    tamper(`UPDATE events SET revision = 1 WHERE stream_id = 'note-a' AND revision = 2`);
    tamper(`UPDATE events SET revision = 2 WHERE stream_id = 'note-a' AND revision = -1`);
    const { breaks } = await verifyLog(store);
    expect(breaks).toHaveLength(1);
    expect(breaks[0]).toMatchObject({ streamId: 'note-a' });
    expect(['1', '2']).toContain(breaks[0].revision);
  });
});

describe('canonicalJson', () => {
  it('encodes equal values to equal text whatever the key order, and keeps Vietnamese as is', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'Đông Thành'], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, 'Đông Thành'] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1, u: undefined })).toBe('{"a":1}');
  });

  it('refuses values that are not plain JSON, saying where, rather than encode them as something else', () => {
    class Point {
      x = 1;
    }
    const refused: [unknown, string][] = [
      [{ data: { n: 1n } }, '$.data.n: a BigInt'],
      [{ at: new Date(0) }, '$.at: an instance of Date'],
      [{ m: new Map([['a', 1]]) }, '$.m: an instance of Map'],
      [{ s: new Set([1]) }, '$.s: an instance of Set'],
      [{ f: () => 1 }, '$.f: a value of type function'],
      [{ list: [1, undefined] }, '$.list[1]: a value of type undefined'],
      [{ a: [{ b: NaN }] }, '$.a[0].b: the number NaN'],
      [{ x: Infinity }, '$.x: the number Infinity'],
      [{ x: -Infinity }, '$.x: the number -Infinity'],
      [{ p: new Point() }, '$.p: an instance of Point'],
      [{ r: /a/ }, '$.r: an instance of RegExp'],
      [{ y: Symbol('y') }, '$.y: a value of type symbol'],
      [undefined, '$: a value of type undefined'],
      [5n, '$: a BigInt'],
    ];
    for (const [value, message] of refused) {
      expect(() => canonicalJson(value)).toThrow(NotPlainJsonError);
      expect(() => canonicalJson(value)).toThrow(`Not plain JSON at ${message}`);
    }
    // Objects without a prototype (as some parsers build them) are plain.
    const bare = Object.assign(Object.create(null) as object, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });

  it('encodes exactly as the first release did, on any JSON value (every stored hash relies on it)', () => {
    // The encoding as first released, kept here as the reference.
    const firstRelease = (value: unknown): string => {
      if (value === null || typeof value !== 'object') {
        if (typeof value === 'bigint') return JSON.stringify(value.toString());
        return JSON.stringify(value) ?? 'null';
      }
      if (Array.isArray(value)) return `[${value.map(firstRelease).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${firstRelease(v)}`).join(',')}}`;
    };
    const anyValue = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.array(tie('value'), { maxLength: 5 }),
        // undefined members of an object are left out, as JSON.stringify does.
        fc.dictionary(
          fc.string({ unit: 'binary' }),
          fc.oneof(tie('value'), fc.constant(undefined)),
          {
            maxKeys: 6,
          },
        ),
      ),
    })).value;
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(canonicalJson(value)).toBe(firstRelease(value));
      }),
      { numRuns: 2_000 },
    );
    expect(canonicalJson({ é: 1, e: [null, '2'], É: { z: null, a: 'Ư', u: undefined } })).toBe(
      '{"e":[null,"2"],"É":{"a":"Ư","z":null},"é":1}',
    );
  });
});
