import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, deflateRawSync, type ZlibOptions } from 'node:zlib';

/*
 * A zip written as a stream, for the audit bundle. Not yazl (which the bundle used first): yazl
 * deflates each entry through one zlib stream driven from the main thread and computes CRC-32 in
 * JavaScript, so an export spent half its time waiting between the two. Here each chunk of an
 * entry is deflated on its own in libuv's thread pool, several at once, the way pigz does: every
 * segment but the last ends with a sync flush (an empty stored block, byte-aligned, not final),
 * so the segments joined are one valid deflate stream, and an empty final block closes it.
 * CRC-32 is zlib's own. A streamed entry carries a zip64 data descriptor (its sizes are known only
 * at the end, and may pass 4 GB); an entry given whole has its CRC and sizes in its header.
 */

const deflateSegment = promisify(deflateRaw) as (
  data: Buffer,
  options: ZlibOptions,
) => Promise<Buffer>;

/** A deflate stream's end: one empty block marked final. */
const FINAL_BLOCK = deflateRawSync(Buffer.alloc(0));

/** zlib's smallest output piece. */
const SMALLEST_CHUNK = 64;

/** Chunks deflated at once: the thread pool has four threads. */
const SEGMENTS_IN_FLIGHT = 4;

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const END = 0x06054b50;
/** Zip 4.5 (zip64) for streamed entries, 2.0 (deflate) for the others. */
const ZIP64_VERSION = 45;
const DEFLATE_VERSION = 20;
/** Made on Unix (3), zip 4.5: the external attributes hold the file mode. */
const VERSION_MADE_BY = (3 << 8) | ZIP64_VERSION;
/** Bit 11: names in UTF-8. */
const UTF8_NAMES = 0x0800;
/** Bit 3: CRC and sizes follow the data, in a data descriptor. */
const SIZES_AFTER = 0x0008;
const DEFLATE = 8;
const OVERFLOW = 0xffffffff;

export interface ZipEntryOptions {
  mtime: Date;
  /** Unix file mode (default a regular file, 0644). */
  mode?: number;
  /** zlib level, 1 (fastest) to 9. */
  level?: number;
}

interface CentralEntry {
  name: Buffer;
  /** Streamed: CRC and sizes in a zip64 data descriptor, known only at the end. */
  streamed: boolean;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  mode: number;
}

export class ZipStream {
  /** The zip's bytes; whoever reads it sets the pace (writes wait while it is full). */
  readonly output = new PassThrough({ highWaterMark: 1 << 20 });
  private offset = 0;
  private readonly entries: CentralEntry[] = [];

  /** Adds an entry whose content arrives in chunks; resolves once it is all written. */
  async addChunks(
    name: string,
    chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
    options: ZipEntryOptions,
  ): Promise<void> {
    const entry: CentralEntry = {
      name: Buffer.from(name),
      streamed: true,
      ...dosDateTime(options.mtime),
      crc: 0,
      compressedSize: 0,
      size: 0,
      offset: this.offset,
      mode: options.mode ?? 0o100644,
    };
    await this.write(localHeader(entry));
    const level = options.level ?? constants.Z_DEFAULT_COMPRESSION;
    const inFlight: Promise<Buffer>[] = [];
    const writeNext = async () => {
      const segment = await inFlight.shift()!;
      entry.compressedSize += segment.length;
      await this.write(segment);
    };
    try {
      for await (const chunk of chunks) {
        if (chunk.length === 0) continue;
        entry.crc = crc32(chunk, entry.crc);
        entry.size += chunk.length;
        const segment = deflateSegment(chunk, {
          level,
          finishFlush: constants.Z_SYNC_FLUSH,
          // Output in one piece: each piece is a trip back to this thread.
          chunkSize: Math.max(SMALLEST_CHUNK, chunk.length),
        });
        segment.catch(() => undefined); // awaited in order below; an early failure stays quiet
        inFlight.push(segment);
        if (inFlight.length >= SEGMENTS_IN_FLIGHT) await writeNext();
      }
      while (inFlight.length > 0) await writeNext();
    } finally {
      inFlight.length = 0;
    }
    entry.compressedSize += FINAL_BLOCK.length;
    await this.write(FINAL_BLOCK);
    await this.write(dataDescriptor(entry));
    this.entries.push(entry);
  }

  /** Adds an entry whose content is known: CRC and sizes in its header, as every tool expects. */
  async addBuffer(name: string, data: Buffer, options: ZipEntryOptions): Promise<void> {
    const compressed = await deflateSegment(data, {
      level: options.level ?? constants.Z_DEFAULT_COMPRESSION,
      chunkSize: Math.max(SMALLEST_CHUNK, data.length),
    });
    const entry: CentralEntry = {
      name: Buffer.from(name),
      streamed: false,
      ...dosDateTime(options.mtime),
      crc: crc32(data),
      compressedSize: compressed.length,
      size: data.length,
      offset: this.offset,
      mode: options.mode ?? 0o100644,
    };
    await this.write(localHeader(entry));
    await this.write(compressed);
    this.entries.push(entry);
  }

  /** Writes the central directory and ends the output. */
  async end(): Promise<void> {
    const start = this.offset;
    for (const entry of this.entries) await this.write(centralHeader(entry));
    const size = this.offset - start;
    const count = this.entries.length;
    if (start >= OVERFLOW || size >= OVERFLOW || count >= 0xffff) {
      const at = this.offset;
      await this.write(zip64End(count, size, start));
      await this.write(zip64Locator(at));
    }
    await this.write(endRecord(count, size, start));
    this.output.end();
  }

  private async write(data: Buffer): Promise<void> {
    if (this.output.destroyed) throw new Error('the zip is no longer read');
    this.offset += data.length;
    if (!this.output.write(data)) await drained(this.output);
  }
}

function drained(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** MS-DOS date and time, local time as zip tools expect, to the even second. */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getFullYear(), 1980), 2107);
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

/**
 * The local header. A streamed entry's CRC and sizes follow its data: its size fields say "see
 * the zip64 field", which is there (zeros) so readers expect 8-byte sizes in the descriptor.
 */
function localHeader(entry: CentralEntry): Buffer {
  const extraLength = entry.streamed ? 20 : 0;
  const header = Buffer.alloc(30 + entry.name.length + extraLength);
  header.writeUInt32LE(LOCAL_HEADER, 0);
  header.writeUInt16LE(entry.streamed ? ZIP64_VERSION : DEFLATE_VERSION, 4);
  header.writeUInt16LE(flagsOf(entry), 6);
  header.writeUInt16LE(DEFLATE, 8);
  header.writeUInt16LE(entry.time, 10);
  header.writeUInt16LE(entry.date, 12);
  header.writeUInt32LE(entry.streamed ? 0 : entry.crc, 14);
  header.writeUInt32LE(entry.streamed ? OVERFLOW : entry.compressedSize, 18);
  header.writeUInt32LE(entry.streamed ? OVERFLOW : entry.size, 22);
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(extraLength, 28);
  entry.name.copy(header, 30);
  if (entry.streamed) {
    header.writeUInt16LE(0x0001, 30 + entry.name.length);
    header.writeUInt16LE(16, 32 + entry.name.length);
  }
  return header;
}

const flagsOf = (entry: CentralEntry) => UTF8_NAMES | (entry.streamed ? SIZES_AFTER : 0);

/** After the data: CRC and both sizes, 8 bytes each (the local header has a zip64 field). */
function dataDescriptor(entry: CentralEntry): Buffer {
  const descriptor = Buffer.alloc(24);
  descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
  descriptor.writeUInt32LE(entry.crc, 4);
  descriptor.writeBigUInt64LE(BigInt(entry.compressedSize), 8);
  descriptor.writeBigUInt64LE(BigInt(entry.size), 16);
  return descriptor;
}

function centralHeader(entry: CentralEntry): Buffer {
  // Zip64 extended information: only the fields that overflow, in this order.
  const wide = [entry.size, entry.compressedSize, entry.offset].filter((n) => n >= OVERFLOW);
  const extraLength = wide.length > 0 ? 4 + 8 * wide.length : 0;
  const header = Buffer.alloc(46 + entry.name.length + extraLength);
  header.writeUInt32LE(CENTRAL_HEADER, 0);
  header.writeUInt16LE(VERSION_MADE_BY, 4);
  header.writeUInt16LE(entry.streamed || wide.length > 0 ? ZIP64_VERSION : DEFLATE_VERSION, 6);
  header.writeUInt16LE(flagsOf(entry), 8);
  header.writeUInt16LE(DEFLATE, 10);
  header.writeUInt16LE(entry.time, 12);
  header.writeUInt16LE(entry.date, 14);
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(Math.min(entry.compressedSize, OVERFLOW), 20);
  header.writeUInt32LE(Math.min(entry.size, OVERFLOW), 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt16LE(extraLength, 30);
  // Comment length, disk, internal attributes: 0.
  header.writeUInt32LE((entry.mode << 16) >>> 0, 38);
  header.writeUInt32LE(Math.min(entry.offset, OVERFLOW), 42);
  entry.name.copy(header, 46);
  if (wide.length > 0) {
    const at = 46 + entry.name.length;
    header.writeUInt16LE(0x0001, at);
    header.writeUInt16LE(8 * wide.length, at + 2);
    wide.forEach((value, i) => header.writeBigUInt64LE(BigInt(value), at + 4 + 8 * i));
  }
  return header;
}

function zip64End(count: number, size: number, offset: number): Buffer {
  const record = Buffer.alloc(56);
  record.writeUInt32LE(ZIP64_END, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(VERSION_MADE_BY, 12);
  record.writeUInt16LE(ZIP64_VERSION, 14);
  // This disk and the directory's disk (16, 20): 0.
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(size), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  return record;
}

function zip64Locator(zip64EndAt: number): Buffer {
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(ZIP64_LOCATOR, 0);
  locator.writeBigUInt64LE(BigInt(zip64EndAt), 8);
  locator.writeUInt32LE(1, 16);
  return locator;
}

function endRecord(count: number, size: number, offset: number): Buffer {
  const record = Buffer.alloc(22);
  record.writeUInt32LE(END, 0);
  record.writeUInt16LE(Math.min(count, 0xffff), 8);
  record.writeUInt16LE(Math.min(count, 0xffff), 10);
  record.writeUInt32LE(Math.min(size, OVERFLOW), 12);
  record.writeUInt32LE(Math.min(offset, OVERFLOW), 16);
  return record;
}
