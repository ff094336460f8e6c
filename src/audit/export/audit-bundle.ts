import { createHash, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../../event-sourcing/hash-chain';
import type { EventStore } from '../../event-store/event-store.port';
import { readAllNdjson } from '../../event-store/read-all-ndjson';
import { DomainError } from '../../shared/domain-error';
import { GENESIS_ROOT, nextRoot, type Checkpoint } from '../checkpoints/checkpoint-chain';
import type { CheckpointRecords } from '../checkpoints/checkpoint-db';
import type { SigningKey } from '../checkpoints/signing-key';
import { ZipStream } from './zip-stream';

export const BUNDLE_FORMAT = 'follow-up-audit-bundle';
export const BUNDLE_VERSION = 1;

/** Events per page read from the store while exporting. */
const PAGE = 2_000;

/** Positions of the first and last event to export (both included); either may be left open. */
export interface BundleRange {
  from?: bigint;
  to?: bigint;
}

/** Where the bundle's running root starts and ends: the events before it, and the root over them. */
export interface RootAt {
  /** Position of the last event before (start) or in (end) the bundle; "-1" for none. */
  position: string;
  events: number;
  root: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  createdAt: string;
  range: { from: string | null; to: string | null };
  start: RootAt;
  end: RootAt;
  counts: { events: number; checkpoints: number };
  files: { 'events.ndjson': string; 'checkpoints.ndjson': string };
  /** Every key that signed a checkpoint of this log (rotation), each with its id. */
  keys: { keyId: string; publicKey: string }[];
  keyId: string;
  signature: string;
}

export interface BundleProgress {
  events: number;
  /** Events the bundle will hold at most (exact on SQLite, where positions are dense). */
  estimate: number;
}

export interface BundleSources {
  store: EventStore;
  checkpoints: CheckpointRecords;
  key: SigningKey;
  range: BundleRange;
  onProgress?: (progress: BundleProgress) => void;
  now?: () => Date;
}

/** A range whose end comes before its start: the only range refused (an empty one is a bundle). */
export function checkRange(range: BundleRange): void {
  if (range.from !== undefined && range.to !== undefined && range.from > range.to) {
    throw new DomainError('VALIDATION', 'to: must not be before from', {
      errors: [{ field: 'to', message: 'must not be before from' }],
    });
  }
}

/**
 * The audit bundle as a zip, streamed: `events.ndjson` (the log in order, as stored, read a page
 * at a time), `checkpoints.ndjson`, `public-key.pem`, `manifest.json` (written last, signed: the
 * root at the bundle's start and end, the files' digests) and `verify.mjs`. Memory stays flat
 * whatever the log's size; the caller pipes `stream` to a file or a reply, and `done` settles once
 * the whole zip was written to `stream`.
 */
export function auditBundle(sources: BundleSources): {
  stream: NodeJS.ReadableStream;
  done: Promise<BundleManifest>;
} {
  checkRange(sources.range);
  const zip = new ZipStream();
  const done = fillBundle(zip, sources).catch((error: unknown) => {
    zip.output.destroy(error as Error);
    throw error;
  });
  return { stream: zip.output, done };
}

async function fillBundle(zip: ZipStream, sources: BundleSources): Promise<BundleManifest> {
  const { store, checkpoints, key, range } = sources;
  const now = sources.now ?? (() => new Date());
  const mtime = now();
  const head = await store.headPosition();
  const to = range.to !== undefined && range.to < head ? range.to : head;
  const start = await rootBefore(store, checkpoints, range.from);
  let end: RootAt = start;
  const eventsDigest = createHash('sha256');
  const estimate = Math.max(0, Number(to - BigInt(start.position)));

  async function* eventLines(): AsyncGenerator<Buffer> {
    let after = BigInt(start.position);
    let { root, events } = start;
    while (after < to) {
      const page = await readAllNdjson(store, {
        after: after < 0n ? undefined : after,
        upTo: to,
        limit: PAGE,
      });
      const last = page.events[page.events.length - 1];
      if (!last) break;
      for (const event of page.events) root = nextRoot(root, event);
      events += page.events.length;
      end = { position: last.position.toString(), events, root };
      eventsDigest.update(page.ndjson);
      sources.onProgress?.({ events: events - start.events, estimate });
      yield page.ndjson;
      if (page.events.length < PAGE) break;
      after = last.position;
    }
  }

  // Level 1: the log is repetitive JSON; faster deflate keeps export near read speed.
  await zip.addChunks('events.ndjson', eventLines(), { mtime, level: 1 });

  // Checkpoints after the bundle's start, up to its last event.
  const sealed: Checkpoint[] = [];
  for (const checkpoint of checkpoints.all()) {
    const position = BigInt(checkpoint.position);
    if (position > BigInt(start.position) && position <= BigInt(end.position)) {
      sealed.push(checkpoint);
    }
  }
  const checkpointsText = sealed.map((c) => JSON.stringify(c) + '\n').join('');
  await zip.addBuffer('checkpoints.ndjson', Buffer.from(checkpointsText), { mtime });
  await zip.addBuffer('public-key.pem', Buffer.from(key.publicPem), { mtime });

  const keys = new Map(checkpoints.publicKeys());
  keys.set(key.keyId, key.publicPem);
  const unsigned: Omit<BundleManifest, 'signature'> = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: mtime.toISOString(),
    range: { from: range.from?.toString() ?? null, to: range.to?.toString() ?? null },
    start,
    end,
    counts: { events: end.events - start.events, checkpoints: sealed.length },
    files: {
      'events.ndjson': eventsDigest.digest('hex'),
      'checkpoints.ndjson': createHash('sha256').update(checkpointsText).digest('hex'),
    },
    keys: [...keys].map(([keyId, publicKey]) => ({ keyId, publicKey })),
    keyId: key.keyId,
  };
  const signature = sign(null, Buffer.from(canonicalJson(unsigned)), key.privateKey).toString(
    'base64',
  );
  const manifest: BundleManifest = { ...unsigned, signature };
  await zip.addBuffer('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), {
    mtime,
  });
  await zip.addBuffer('verify.mjs', readFileSync(verifierPath()), { mtime, mode: 0o100755 });
  await zip.end();
  return manifest;
}

/**
 * The running root over every event before `from`: from the latest checkpoint before it (its
 * signed root), then the few events between them. The whole log starts at the genesis root.
 */
async function rootBefore(
  store: EventStore,
  checkpoints: CheckpointRecords,
  from: bigint | undefined,
): Promise<RootAt> {
  const genesis: RootAt = { position: '-1', events: 0, root: GENESIS_ROOT };
  if (from === undefined) return genesis;
  const anchor = checkpoints.latestBefore(from);
  let at: RootAt = anchor
    ? { position: anchor.position, events: anchor.events, root: anchor.root }
    : genesis;
  // The few events between that checkpoint and `from`: their lines are not needed, only the seal.
  for (;;) {
    const after = BigInt(at.position);
    const page = await readAllNdjson(store, {
      after: after < 0n ? undefined : after,
      upTo: from - 1n,
      limit: PAGE,
    });
    let { root } = at;
    for (const event of page.events) root = nextRoot(root, event);
    const last = page.events[page.events.length - 1];
    if (!last) return at;
    at = { position: last.position.toString(), events: at.events + page.events.length, root };
    if (page.events.length < PAGE) return at;
  }
}

/** `verify.mjs` beside this file (ts-node, jest) or in the sources when running from `dist/`. */
export function verifierPath(): string {
  const candidates = [
    join(__dirname, 'verify.mjs'),
    join(__dirname, '..', '..', '..', 'src', 'audit', 'export', 'verify.mjs'),
    join(process.cwd(), 'src', 'audit', 'export', 'verify.mjs'),
  ];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error('verify.mjs not found beside the audit export');
  return found;
}
