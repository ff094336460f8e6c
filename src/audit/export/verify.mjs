#!/usr/bin/env node
// Offline verifier of an audit bundle of the follow-up engine (one file, no dependencies, Node >= 18).
//
//   node verify.mjs <bundle.zip> [--key <trusted public-key.pem>] [--checkpoint <checkpoint.json>]
//
// Exit 0: every check held (a summary is printed). Exit 1: the evidence breaks, and the first
// break is named. Exit 2: the bundle cannot be read (not a zip, truncated, unknown format).
//
// What it checks, in this order:
//   1. manifest.json is signed by the key it names, and that key is public-key.pem (or an older
//      key listed in the manifest, each named by the SHA-256 of its DER encoding);
//   2. checkpoints.ndjson: each checkpoint is signed by a key of the bundle and links to the one
//      before it (seq + 1, previous = SHA-256 of the previous checkpoint's signed text);
//   3. events.ndjson, line by line in log order: positions increase; every stream's hash chain
//      holds (revision + 1, prevHash = the previous event's hash, hash = SHA-256 of the canonical
//      stream, revision, type, data and metadata); the running root over (id, stream, revision, hash,
//      recordedAt) equals each checkpoint's root at its position, with its event count;
//   4. the events after the last checkpoint match the seal the server signed at export time
//      (manifest.end), and each file's SHA-256 matches the manifest;
//   5. with --key, public-key.pem is the key you hold; with --checkpoint, the checkpoint you kept
//      from an earlier audit (GET /api/audit/checkpoints) is in the bundle, unchanged.
// What it cannot know alone: that the whole bundle was not re-made with another key. Compare the
// key's fingerprint, or a checkpoint, with a copy kept outside (see docs/audit-evidence.md).
//
// Speed: step 3 is most of the work (parse, canonical JSON and SHA-256 of every event). Worker
// threads of this same file do it on chunks of whole lines, one per core; the main thread reads
// the zip and checks, in log order, what depends on the events before (positions, each stream's
// chain, the running root), so the first break named is the first in the log.

import * as crypto from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import * as os from 'node:os';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { createInflateRaw } from 'node:zlib';

const { createHash, createPublicKey, verify: verifySignature } = crypto;

const FORMAT = 'follow-up-audit-bundle';
const VERSION = 1;
/** workerData.role of the threads that check chunks of events (step 3). */
const CHECKER = 'verify.mjs event checker';

/** The evidence does not hold: exit 1. */
class Break extends Error {}
/** The bundle cannot be read: exit 2. */
class Unreadable extends Error {}

// ---- the zip file: central directory, then each entry inflated as a stream -------------------

function readAt(fd, position, length) {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

function zipEntries(path) {
  let fd;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new Unreadable(`cannot open ${path}: ${error.message}`);
  }
  try {
    const size = fstatSync(fd).size;
    const tailLength = Math.min(size, 22 + 65535);
    const tail = readAt(fd, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0)
      throw new Unreadable('not a zip file, or truncated (no end of central directory)');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || count === 0xffff) {
      // Zip64: the locator sits just before the end record and points at the zip64 end record.
      const locator = eocd - 20;
      if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50) {
        throw new Unreadable('zip64 bundle without its locator');
      }
      const record = readAt(fd, Number(tail.readBigUInt64LE(locator + 8)), 56);
      if (record.length < 56 || record.readUInt32LE(0) !== 0x06064b50) {
        throw new Unreadable('zip64 end record missing or truncated');
      }
      count = Number(record.readBigUInt64LE(32));
      cdSize = Number(record.readBigUInt64LE(40));
      cdOffset = Number(record.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > size) throw new Unreadable('truncated zip (central directory cut off)');
    const cd = readAt(fd, cdOffset, cdSize);
    const entries = new Map();
    for (let at = 0, n = 0; n < count; n++) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== 0x02014b50) {
        throw new Unreadable('damaged zip central directory');
      }
      const method = cd.readUInt16LE(at + 10);
      let compressedSize = cd.readUInt32LE(at + 20);
      let uncompressedSize = cd.readUInt32LE(at + 24);
      const nameLength = cd.readUInt16LE(at + 28);
      const extraLength = cd.readUInt16LE(at + 30);
      const commentLength = cd.readUInt16LE(at + 32);
      let localOffset = cd.readUInt32LE(at + 42);
      const name = cd.toString('utf8', at + 46, at + 46 + nameLength);
      // Zip64 extended information: the fields that overflowed, in this order.
      const extra = cd.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
      for (let e = 0; e + 4 <= extra.length;) {
        const id = extra.readUInt16LE(e);
        const length = extra.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let f = e + 4;
          if (uncompressedSize === 0xffffffff)
            ((uncompressedSize = Number(extra.readBigUInt64LE(f))), (f += 8));
          if (compressedSize === 0xffffffff)
            ((compressedSize = Number(extra.readBigUInt64LE(f))), (f += 8));
          if (localOffset === 0xffffffff) localOffset = Number(extra.readBigUInt64LE(f));
        }
        e += 4 + length;
      }
      const local = readAt(fd, localOffset, 30);
      if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) {
        throw new Unreadable(`damaged zip entry ${name}`);
      }
      const dataStart = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (dataStart + compressedSize > size)
        throw new Unreadable(`truncated zip (${name} cut off)`);
      if (method !== 0 && method !== 8)
        throw new Unreadable(`${name}: unknown compression ${method}`);
      entries.set(name, { name, method, dataStart, compressedSize, uncompressedSize });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

/** The entry's bytes as a stream; a damaged deflate stream errors (Unreadable). */
function entryStream(path, entry) {
  if (entry.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(path, {
    start: entry.dataStart,
    end: entry.dataStart + entry.compressedSize - 1,
    highWaterMark: 1 << 20,
  });
  if (entry.method === 0) return raw;
  const inflate = createInflateRaw({ chunkSize: 1 << 20 });
  raw.on('error', (error) => inflate.destroy(error));
  return raw.pipe(inflate);
}

async function entryText(path, entries, name) {
  const entry = entries.get(name);
  if (!entry) throw new Unreadable(`the bundle has no ${name}`);
  const chunks = [];
  try {
    for await (const chunk of entryStream(path, entry)) chunks.push(chunk);
  } catch (error) {
    throw new Unreadable(`${name} cannot be inflated: ${error.message}`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Lines of an entry with their SHA-256, read as a stream: memory stays flat whatever its size. */
async function* entryLines(path, entries, name, digest) {
  const entry = entries.get(name);
  if (!entry) throw new Unreadable(`the bundle has no ${name}`);
  const stream = entryStream(path, entry);
  stream.on('data', (chunk) => digest.update(chunk));
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) if (line !== '') yield line;
  } catch (error) {
    throw new Unreadable(`${name} cannot be inflated: ${error.message}`);
  }
}

// ---- the formats: canonical JSON, event hashes, the running root, signatures ------------------

/** JSON with object keys sorted at every level: the encoding every hash and signature is over. */
function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  let out = '{';
  for (const key of Object.keys(value).sort()) {
    if (value[key] === undefined) continue;
    out += (out.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(value[key]);
  }
  return out + '}';
}

const UNSORTABLE = Symbol('unsortable');

/**
 * A copy of a parsed JSON value with every object's keys inserted in sorted order (and the
 * top-level key `skip` left out), so that the engine's own JSON.stringify writes the canonical
 * text, several times faster than building it key by key. UNSORTABLE when a key would not keep
 * its place: an array index, which objects list first whatever the insertion order, or
 * `__proto__`, which an assignment does not create.
 */
function sortedCopy(value, skip) {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = sortedCopy(value[i]);
      if (item === UNSORTABLE) return UNSORTABLE;
      out[i] = item;
    }
    return out;
  }
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      keys.sort();
      break;
    }
  }
  const out = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === skip) continue;
    const first = key.charCodeAt(0);
    if ((first >= 48 && first <= 57) || key === '__proto__') return UNSORTABLE;
    const item = sortedCopy(value[key]);
    if (item === UNSORTABLE) return UNSORTABLE;
    out[key] = item;
  }
  return out;
}

/** One-shot SHA-256 where Node has it (20.12+, 21.7+): no Hash object per call. */
const sha256 =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text)
    : (text) => createHash('sha256').update(text).digest('hex');

/** SHA-256 of a string's latin1 bytes (one byte per character). */
const sha256OfLatin1 = (text) => sha256(Buffer.from(text, 'latin1'));

/** The canonical JSON the event's hash is over: stream, revision, type, data, metadata but `hash`. */
function hashedText(event) {
  const { metadata } = event;
  if (typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)) {
    // The members in sorted order; JSON.stringify leaves out undefined ones as canonicalJson does.
    const fields = {
      data: sortedCopy(event.data),
      metadata: sortedCopy(metadata, 'hash'),
      revision: sortedCopy(event.revision),
      streamId: sortedCopy(event.streamId),
      type: sortedCopy(event.type),
    };
    if (
      fields.data !== UNSORTABLE &&
      fields.metadata !== UNSORTABLE &&
      fields.revision !== UNSORTABLE &&
      fields.streamId !== UNSORTABLE &&
      fields.type !== UNSORTABLE
    ) {
      return JSON.stringify(fields);
    }
  }
  const { hash: _hash, ...rest } = metadata ?? {};
  return canonicalJson({
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata: rest,
  });
}

/** The event's hash-chain hash. */
const hashEvent = (event) => sha256(hashedText(event));

/**
 * What the running root takes of an event, as the JSON text that follows the previous root:
 * the root after it is SHA-256 of JSON.stringify([root, id, streamId, revision, hash, recordedAt]).
 */
function sealText(event) {
  return JSON.stringify([
    event.id ?? null,
    event.streamId,
    event.revision,
    event.metadata?.hash ?? null,
    event.recordedAt,
  ]).slice(1);
}

/** The running root after one more event (its sealText). */
function nextRoot(root, seal) {
  return sha256('[' + JSON.stringify(root) + ',' + seal);
}

function signedText(record) {
  const { signature: _signature, ...fields } = record;
  return canonicalJson(fields);
}

function signatureHolds(record, key) {
  try {
    return verifySignature(
      null,
      Buffer.from(signedText(record)),
      key,
      Buffer.from(record.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

function keyIdOf(key) {
  return sha256(key.export({ type: 'spki', format: 'der' }));
}

function publicKey(pem, where) {
  try {
    return createPublicKey(pem);
  } catch {
    throw new Break(`${where} is not a public key`);
  }
}

function parseJson(text, where) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Break(`${where} is not JSON`);
  }
}

// ---- step 3 in parallel: worker threads check chunks of whole lines -------------------------

/** Chunks of events.ndjson in flight at once: enough to keep every worker busy, memory bounded. */
const CHUNKS_IN_FLIGHT = 8;
/** A line longer than this is not an event the server wrote (memory stays bounded). */
const LONGEST_LINE = 256 << 20;

function checkerCount() {
  // availableParallelism is Node 18.14+; a named import of it would not even load on 18.0.
  const cores =
    typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(8, cores));
}

const NOT_ASCII = /[^\x00-\x7f]/;

/** A field that reads the same in latin1 and in UTF-8: absent, a number, or an ASCII string. */
const readsTheSame = (value) =>
  value === undefined ||
  value === null ||
  typeof value === 'number' ||
  (typeof value === 'string' && !NOT_ASCII.test(value));

/** How many strings (keys and string values) the JSON text of a parsed value holds. */
function stringsIn(value) {
  if (typeof value === 'string') return 1;
  if (typeof value !== 'object' || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) count += stringsIn(value[i]);
    return count;
  }
  for (const key in value) count += 1 + stringsIn(value[key]);
  return count;
}

/**
 * Whether `text`, which parsed to `value`, writes no key twice. The hash covers the event as
 * JSON.parse reads it, which keeps the last of a repeated key where other readers keep the first:
 * a line with `"amount":999,"amount":100` would show an auditor a figure the hash does not cover.
 * Every string in JSON text (key or value) is between two `"` no backslash escapes, and a repeated
 * key adds at least one string that the parsed value no longer holds, so counting those `"` is
 * enough, and cheaper than writing the value out again. Numbers are read as JSON.parse reads
 * them, as doubles; spacing, escapes and key order change nothing a reader sees.
 */
function keysOnce(value, text) {
  let delimiters = 0;
  for (let at = text.indexOf('"'); at >= 0; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) delimiters++;
  }
  return delimiters === 2 * stringsIn(value);
}

/**
 * One line of events.ndjson, given as latin1 text (one character per byte): the event, what the
 * main thread needs of it, and whether its content matches its hash. Throws when it is not JSON.
 *
 * The fast way parses the latin1 text as it is: a third cheaper to decode and to parse than UTF-8
 * (one byte per character all through). When the line has no `\u` escape, the canonical text
 * built from it, taken back as latin1 bytes, holds every string's bytes exactly as the line does,
 * escaped as JSON.stringify escapes them (quotes, backslashes, control characters: all ASCII).
 * An escape would break that: `\u00e1\u00ba\u00bf` is three characters in JSON, but as latin1
 * bytes it spells the UTF-8 of "ế".
 * If its SHA-256 is the stored hash, those bytes are the canonical UTF-8 the server hashed, so
 * the event as UTF-8 is intact; anything else (a mismatch, a `\u` escape, a field that is not
 * ASCII) is decided again on the line read as UTF-8, so the fast way can pass an event but never
 * break one.
 *
 * `keysOnce`: no key of the line is written twice (see keysOnce).
 */
function readEvent(line) {
  if (!line.includes('\\u')) {
    let event;
    try {
      event = JSON.parse(line);
    } catch {
      event = undefined; // decided below, as UTF-8
    }
    if (typeof event === 'object' && event !== null) {
      const seal = sealText(event);
      const hash = event.metadata?.hash;
      const prevHash = event.metadata?.prevHash;
      if (
        !NOT_ASCII.test(seal) &&
        readsTheSame(event.position) &&
        readsTheSame(prevHash) &&
        sha256OfLatin1(hashedText(event)) === hash &&
        keysOnce(event, line)
      ) {
        return { event, seal, hash, prevHash, intact: true, keysOnce: true };
      }
    }
  }
  const text = Buffer.from(line, 'latin1').toString('utf8');
  const event = JSON.parse(text);
  if (typeof event !== 'object' || event === null) return { event };
  const hash = event.metadata?.hash;
  return {
    event,
    seal: sealText(event),
    hash,
    prevHash: event.metadata?.prevHash,
    intact: hashEvent(event) === hash,
    keysOnce: keysOnce(event, text),
  };
}

/**
 * What a worker found in one chunk, for the main thread's checks in log order: each event's
 * position, stream, revision, prevHash, hash and sealText, and the first event that is not JSON
 * or whose content does not match its hash (`failure.index`; the chunk stops there).
 */
function checkChunk(bytes) {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const chunk = {
    count: 0,
    positions: [],
    streams: [],
    revisions: [],
    prevHashes: [],
    hashes: [],
    seals: [],
    failure: null,
  };
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line === '' || line === '\r') continue;
    let read;
    try {
      read = readEvent(line);
    } catch {
      chunk.failure = { index: chunk.count, ofLine: true, reason: 'is not JSON' };
      break;
    }
    const { event } = read;
    if (typeof event !== 'object' || event === null) {
      chunk.failure = { index: chunk.count, ofLine: true, reason: 'is not an event' };
      break;
    }
    chunk.positions.push(event.position);
    chunk.streams.push(event.streamId);
    chunk.revisions.push(event.revision);
    chunk.prevHashes.push(read.prevHash);
    chunk.hashes.push(read.hash);
    chunk.seals.push(read.seal);
    chunk.count++;
    if (!read.intact || !read.keysOnce) {
      chunk.failure = {
        index: chunk.count - 1,
        reason: !read.intact
          ? 'was altered: its content does not match its hash'
          : 'has a key written twice: JSON.parse keeps the last, other readers the first, and its hash covers only the last',
      };
      break;
    }
  }
  return chunk;
}

/**
 * Worker threads running checkChunk; each answers its chunks in the order it was given them.
 * Where no thread can start (Node's permission model without --allow-worker, say), the chunks
 * are checked on this thread: slower, the same verdict.
 */
class EventCheckers {
  constructor(count) {
    this.workers = [];
    this.turn = 0;
    try {
      for (let i = 0; i < count; i++) {
        const checker = {
          worker: new Worker(new URL(import.meta.url), { workerData: { role: CHECKER } }),
          waiting: [],
          stopped: null,
        };
        const stop = (error) => {
          checker.stopped ??= error;
          for (const { reject } of checker.waiting.splice(0)) reject(checker.stopped);
        };
        checker.worker.on('message', (chunk) => checker.waiting.shift()?.resolve(chunk));
        checker.worker.on('error', stop);
        checker.worker.on('exit', (code) => stop(new Error(`a checking thread stopped (${code})`)));
        this.workers.push(checker);
      }
    } catch {
      void this.close();
      this.workers = [];
    }
  }

  check(bytes) {
    if (this.workers.length === 0) return Promise.resolve(checkChunk(bytes));
    const checker = this.workers[this.turn++ % this.workers.length];
    if (checker.stopped) return Promise.reject(checker.stopped);
    const result = new Promise((resolve, reject) => checker.waiting.push({ resolve, reject }));
    checker.worker.postMessage(bytes, [bytes.buffer]);
    return result;
  }

  close() {
    return Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}

/** events.ndjson in chunks of whole lines (split after a newline: never inside a character). */
async function* lineChunks(path, entries, name, digest) {
  const entry = entries.get(name);
  if (!entry) throw new Unreadable(`the bundle has no ${name}`);
  let rest = null;
  try {
    for await (const data of entryStream(path, entry)) {
      digest.update(data);
      const end = data.lastIndexOf(10);
      if (end < 0) {
        rest = rest ? Buffer.concat([rest, data]) : Buffer.from(data);
        if (rest.length > LONGEST_LINE) throw new Unreadable(`${name} has a line over 256 MB`);
        continue;
      }
      const chunk = new Uint8Array((rest?.length ?? 0) + end + 1);
      if (rest) chunk.set(rest);
      chunk.set(data.subarray(0, end + 1), rest?.length ?? 0);
      rest = end + 1 < data.length ? Buffer.from(data.subarray(end + 1)) : null;
      yield chunk;
    }
  } catch (error) {
    if (error instanceof Unreadable) throw error;
    throw new Unreadable(`${name} cannot be inflated: ${error.message}`);
  }
  if (rest) yield new Uint8Array(rest);
}

/** The chunks of events.ndjson, checked in parallel, handed back in log order. */
async function* checkedChunks(path, entries, digest, checkers) {
  const inFlight = [];
  for await (const chunk of lineChunks(path, entries, 'events.ndjson', digest)) {
    const checked = checkers.check(chunk);
    checked.catch(() => {}); // awaited below, in order; this only keeps an early stop quiet
    inFlight.push(checked);
    if (inFlight.length >= CHUNKS_IN_FLIGHT) yield await inFlight.shift();
  }
  while (inFlight.length > 0) yield await inFlight.shift();
}

/** How a break names an event: its position, line, stream and revision. */
function eventAt(chunk, i, line) {
  return `event at position ${chunk.positions[i]} (line ${line}, ${chunk.streams[i]} revision ${chunk.revisions[i]})`;
}

// ---- the checks -------------------------------------------------------------------------------

async function verifyBundle(path, options) {
  const entries = zipEntries(path);
  let manifest;
  try {
    manifest = JSON.parse(await entryText(path, entries, 'manifest.json'));
  } catch (error) {
    if (error instanceof Unreadable) throw error;
    throw new Unreadable('manifest.json is not JSON');
  }
  if (manifest?.format !== FORMAT || manifest.version !== VERSION) {
    throw new Unreadable(
      `unknown bundle format ${JSON.stringify(manifest?.format)} version ${JSON.stringify(manifest?.version)} (this verifier reads ${FORMAT} version ${VERSION})`,
    );
  }

  // 1. Keys and the manifest's signature.
  const current = publicKey(await entryText(path, entries, 'public-key.pem'), 'public-key.pem');
  const currentId = keyIdOf(current);
  const keys = new Map([[currentId, current]]);
  for (const { keyId, publicKey: pem } of manifest.keys ?? []) {
    const key = publicKey(pem, `manifest key ${keyId}`);
    if (keyIdOf(key) !== keyId) throw new Break(`manifest key ${keyId} is not the key it names`);
    if (!keys.has(keyId)) keys.set(keyId, key);
  }
  if (options.key) {
    const trusted = keyIdOf(publicKey(readFileSync(options.key, 'utf8'), options.key));
    if (trusted !== currentId) {
      throw new Break(`public-key.pem (${currentId}) is not the key you trust (${trusted})`);
    }
  }
  if (manifest.keyId !== currentId) {
    throw new Break(
      `manifest.json is signed by key ${manifest.keyId}, but public-key.pem is ${currentId}`,
    );
  }
  if (!signatureHolds(manifest, current)) {
    throw new Break(
      'manifest.json: the signature does not hold (the manifest or the key was changed)',
    );
  }
  const partial = manifest.start.events > 0;

  // 2. Checkpoints: signatures and links.
  const checkpointsDigest = createHash('sha256');
  const checkpoints = [];
  let line = 0;
  for await (const text of entryLines(path, entries, 'checkpoints.ndjson', checkpointsDigest)) {
    line++;
    const checkpoint = parseJson(text, `checkpoints.ndjson line ${line}`);
    const name = `checkpoint ${checkpoint.seq} (position ${checkpoint.position})`;
    const key = keys.get(checkpoint.keyId);
    if (!key)
      throw new Break(
        `${name} is signed by key ${checkpoint.keyId}, which the bundle does not hold`,
      );
    if (!signatureHolds(checkpoint, key))
      throw new Break(`${name}: the signature does not hold (the checkpoint was changed)`);
    const before = checkpoints[checkpoints.length - 1];
    if (before) {
      if (checkpoint.seq !== before.seq + 1 || checkpoint.previous !== sha256(signedText(before))) {
        throw new Break(
          `${name} does not follow checkpoint ${before.seq}: a checkpoint was removed or replaced`,
        );
      }
    } else if (!partial && (checkpoint.seq !== 1 || checkpoint.previous !== null)) {
      throw new Break(
        `${name} is not the first checkpoint, but the bundle starts at the beginning of the log`,
      );
    }
    checkpoints.push(checkpoint);
  }

  // 3. Events: order, each stream's chain, and the running root at each checkpoint.
  const eventsDigest = createHash('sha256');
  const tips = new Map();
  let root = manifest.start.root;
  let count = manifest.start.events;
  let lastPosition = manifest.start.position === '-1' ? -1n : BigInt(manifest.start.position);
  let next = 0;
  let sinceCheckpoint = manifest.start.position;
  let startedMidChain = 0;
  line = 0;
  const sealedPositions = checkpoints.map((c) => BigInt(c.position));
  const checkers = new EventCheckers(checkerCount());
  try {
    for await (const chunk of checkedChunks(path, entries, eventsDigest, checkers)) {
      for (let i = 0; i < chunk.count; i++) {
        line++;
        const streamId = chunk.streams[i];
        const revision = chunk.revisions[i];
        const at = () => eventAt(chunk, i, line);
        let position;
        try {
          position = BigInt(chunk.positions[i]);
        } catch {
          throw new Break(`events.ndjson line ${line} has no log position`);
        }
        if (position <= lastPosition)
          throw new Break(`${at()} is out of log order: events were reordered or repeated`);
        if (next < checkpoints.length && sealedPositions[next] < position) {
          const c = checkpoints[next];
          throw new Break(
            `checkpoint ${c.seq} seals position ${c.position}, which no event holds: events were removed or moved`,
          );
        }
        const tip = tips.get(streamId);
        if (tip) {
          if (revision !== String(BigInt(tip.revision) + 1n)) {
            throw new Break(
              `${at()} does not follow revision ${tip.revision} of its stream: an event was removed, added or moved`,
            );
          }
          if (chunk.prevHashes[i] !== tip.hash) {
            throw new Break(
              `${at()} does not link to the event before it in its stream: an event was removed or changed`,
            );
          }
        } else if (revision !== '0' || (chunk.prevHashes[i] ?? null) !== null) {
          if (!partial)
            throw new Break(
              `${at()} is the first of its stream in the bundle: the events before it were removed`,
            );
          startedMidChain++;
        }
        if (chunk.failure?.index === i && !chunk.failure.ofLine) {
          throw new Break(`${at()} ${chunk.failure.reason}`);
        }
        if (tip) {
          tip.revision = revision;
          tip.hash = chunk.hashes[i];
        } else {
          tips.set(streamId, { revision, hash: chunk.hashes[i] });
        }
        root = nextRoot(root, chunk.seals[i]);
        count++;
        lastPosition = position;
        if (next < checkpoints.length && checkpoints[next].position === chunk.positions[i]) {
          const c = checkpoints[next];
          if (c.events !== count || c.root !== root) {
            throw new Break(
              `checkpoint ${c.seq} (position ${c.position}) does not match the events since ${sinceCheckpoint === '-1' ? 'the start of the log' : `position ${sinceCheckpoint}`}: ` +
                `events there were changed (recordedAt included), removed, added or reordered (${count} events in the bundle, ${c.events} sealed)`,
            );
          }
          sinceCheckpoint = c.position;
          next++;
        }
      }
      if (chunk.failure) throw new Break(`events.ndjson line ${line + 1} ${chunk.failure.reason}`);
    }
  } finally {
    await checkers.close();
  }
  if (next < checkpoints.length) {
    const c = checkpoints[next];
    throw new Break(
      `checkpoint ${c.seq} seals position ${c.position}, beyond the last event of the bundle: events at the end were removed`,
    );
  }

  // 4. The tail after the last checkpoint, sealed at export time, and the files' digests.
  const end = manifest.end;
  if (String(lastPosition) !== end.position || count !== end.events || root !== end.root) {
    throw new Break(
      `the events after ${sinceCheckpoint === '-1' ? 'the start of the log' : `position ${sinceCheckpoint}`} do not match what the export sealed: events were changed, removed or added at the end (${count} events in the bundle, ${end.events} sealed)`,
    );
  }
  if (eventsDigest.digest('hex') !== manifest.files['events.ndjson']) {
    throw new Break(
      'events.ndjson differs from the export (its SHA-256 does not match the manifest)',
    );
  }
  if (checkpointsDigest.digest('hex') !== manifest.files['checkpoints.ndjson']) {
    throw new Break(
      'checkpoints.ndjson differs from the export (its SHA-256 does not match the manifest)',
    );
  }

  // 5. A checkpoint kept from an earlier audit.
  if (options.checkpoint) {
    const kept = parseJson(readFileSync(options.checkpoint, 'utf8'), options.checkpoint);
    const same = checkpoints.find((c) => c.seq === kept.seq);
    if (!same) {
      throw new Break(
        `the checkpoint you kept (seq ${kept.seq}) is not in the bundle: the log was cut or re-made`,
      );
    }
    if (signedText(same) !== signedText(kept) || same.signature !== kept.signature) {
      throw new Break(
        `checkpoint ${kept.seq} in the bundle is not the one you kept: the log was re-made`,
      );
    }
  }

  return {
    events: count - manifest.start.events,
    streams: tips.size,
    startedMidChain,
    checkpoints: checkpoints.length,
    lastCheckpoint: checkpoints[checkpoints.length - 1] ?? null,
    tail: count - (checkpoints[checkpoints.length - 1]?.events ?? manifest.start.events),
    keyId: currentId,
    manifest,
  };
}

// ---- command line -----------------------------------------------------------------------------

function parseArgs(argv) {
  const options = {};
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--key' || argv[i] === '--checkpoint') options[argv[i].slice(2)] = argv[++i];
    else if (argv[i] === '--help' || argv[i] === '-h') options.help = true;
    else files.push(argv[i]);
  }
  return { options, file: files[0], extra: files.length - 1 };
}

async function main() {
  const { options, file, extra } = parseArgs(process.argv.slice(2));
  if (options.help || !file || extra > 0) {
    process.stdout.write(
      'Usage: node verify.mjs <bundle.zip> [--key <trusted public-key.pem>] [--checkpoint <checkpoint.json>]\n',
    );
    return options.help ? 0 : 2;
  }
  const started = Date.now();
  try {
    const result = await verifyBundle(file, options);
    const seconds = (Date.now() - started) / 1000;
    const last = result.lastCheckpoint;
    const m = result.manifest;
    console.log(
      [
        `OK: ${file}`,
        `  events        ${result.events} in ${result.streams} streams (positions ${m.start.position === '-1' ? 'from the start' : `after ${m.start.position}`} to ${m.end.position})`,
        `  checkpoints   ${result.checkpoints}${last ? `, the last seq ${last.seq} at position ${last.position} (${last.events} events, root ${last.root})` : ''}`,
        `  after it      ${result.tail} events, sealed by the export of ${m.createdAt}`,
        ...(result.startedMidChain
          ? [
              `  partial       ${result.startedMidChain} streams start before the bundle (their earlier events are outside it)`,
            ]
          : []),
        `  signing key   ${result.keyId}${options.key ? ' (the key you trust)' : ' (compare with a copy kept outside; see --key)'}`,
        `  verified in   ${seconds.toFixed(1)} s`,
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (error instanceof Break) {
      console.error(`BROKEN: ${error.message}`);
      return 1;
    }
    console.error(
      `UNREADABLE: ${error instanceof Unreadable ? error.message : `cannot read the bundle (${error?.message ?? error})`}`,
    );
    return 2;
  }
}

if (workerData?.role === CHECKER) {
  parentPort.on('message', (bytes) => parentPort.postMessage(checkChunk(bytes)));
} else {
  process.exitCode = await main();
}
