import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { unzipEntries } from '../../../test/support/zip-entries';
import { ZipStream } from './zip-stream';

/** The whole output of `build`, once the zip is ended. */
async function zipped(build: (zip: ZipStream) => Promise<void>): Promise<Buffer> {
  const zip = new ZipStream();
  const chunks: Buffer[] = [];
  zip.output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => zip.output.on('end', resolve));
  await build(zip);
  await zip.end();
  await ended;
  return Buffer.concat(chunks);
}

/** The central directory's records: name, method, CRC, sizes, mode. */
function directory(zip: Buffer) {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const records = [];
  for (let n = 0; n < count; n++) {
    const nameLength = zip.readUInt16LE(at + 28);
    records.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      mode: zip.readUInt32LE(at + 38) >>> 16,
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return records;
}

describe('ZipStream', () => {
  const mtime = new Date(2026, 11, 3, 9, 30, 12);

  it('joins separately deflated chunks into one deflate stream per entry, with CRC and sizes', async () => {
    // Ten chunks, more than are deflated at once, some compressible, some not, one empty.
    const chunks = Array.from({ length: 10 }, (_, i) =>
      i % 3 === 0 ? randomBytes(70_000) : Buffer.from(`dòng ${i}\n`.repeat(5_000 + i)),
    );
    chunks.splice(4, 0, Buffer.alloc(0));
    const whole = Buffer.concat(chunks);
    async function* slowly() {
      for (const chunk of chunks) {
        await new Promise((resolve) => setImmediate(resolve));
        yield chunk;
      }
    }

    const zip = await zipped(async (z) => {
      await z.addChunks('events.ndjson', slowly(), { mtime, level: 1 });
      await z.addBuffer('verify.mjs', Buffer.from('#!/usr/bin/env node\n'), {
        mtime,
        mode: 0o100755,
      });
      await z.addBuffer('trống.txt', Buffer.alloc(0), { mtime });
    });

    const entries = unzipEntries(zip);
    expect([...entries.keys()]).toEqual(['events.ndjson', 'verify.mjs', 'trống.txt']);
    expect(entries.get('events.ndjson')!.equals(whole)).toBe(true);
    expect(entries.get('verify.mjs')!.toString()).toBe('#!/usr/bin/env node\n');
    expect(entries.get('trống.txt')!.length).toBe(0);
    const [events, verifier, empty] = directory(zip);
    expect(events).toMatchObject({
      flags: 0x0808,
      method: 8,
      crc: crc32(whole),
      size: whole.length,
      mode: 0o100644,
    });
    expect(events.compressedSize).toBeLessThan(whole.length);
    // Entries given whole say their CRC and sizes up front: no data descriptor.
    expect(verifier).toMatchObject({ flags: 0x0800, mode: 0o100755, size: 20 });
    expect(empty).toMatchObject({ flags: 0x0800, size: 0, crc: 0 });
  });

  it('follows a streamed entry with a zip64 data descriptor holding its CRC and sizes', async () => {
    const data = Buffer.from('một hai ba\n'.repeat(1_000));
    const zip = await zipped((z) =>
      z.addChunks('a.txt', [data.subarray(0, 5), data.subarray(5)], { mtime }),
    );
    const [entry] = directory(zip);
    const descriptor = zip.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]));
    expect(descriptor).toBeGreaterThan(0);
    expect(zip.readUInt32LE(descriptor + 4)).toBe(crc32(data));
    expect(zip.readBigUInt64LE(descriptor + 8)).toBe(BigInt(entry.compressedSize));
    expect(zip.readBigUInt64LE(descriptor + 16)).toBe(BigInt(data.length));
    // The local header announces it: sizes "in the zip64 field", which is there.
    expect(zip.readUInt32LE(18)).toBe(0xffffffff);
    expect(zip.readUInt32LE(22)).toBe(0xffffffff);
    expect(zip.readUInt16LE(28)).toBe(20);
    expect(zip.readUInt16LE(30 + 'a.txt'.length)).toBe(0x0001);
  });

  it('stops with an error once its reader has gone', async () => {
    const zip = new ZipStream();
    zip.output.destroy();
    await expect(zip.addBuffer('a.txt', Buffer.from('a'), { mtime })).rejects.toThrow(
      'no longer read',
    );
  });
});
