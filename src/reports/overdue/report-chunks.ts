import { endianness } from 'node:os';
import type { PositionColumn } from './growable';
import type { RowArrays, RowColumns } from './report-index';

/** Most rows in one chunk: 64 K rows make about 2.6 MB of blobs. */
export const CHUNK_ROWS = 65_536;

/**
 * Report rows stored many to a table row, one BLOB per column holding the typed array's bytes.
 * A rebuild writes half a million report rows; as chunks that is a few dozen inserts instead of
 * half a million, and loading them back at start-up is a copy, not a loop over SQLite rows.
 * Platform byte order (little-endian wherever Node runs): read models never leave the machine.
 */
export interface ReportChunk extends RowArrays {
  firstPosition: bigint;
  lastPosition: bigint;
  count: number;
  positions: BigInt64Array;
}

/** The blobs of a chunk, in the column order of `report_row_chunks` after its three integers. */
export type ChunkBlobs = [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];

if (endianness() !== 'LE') throw new Error('Report chunks assume a little-endian platform');

/** The blobs of rows `from` to `to` (exclusive) of staged columns: views, not copies. */
export function chunkBlobs(
  positions: PositionColumn,
  rows: RowColumns,
  from: number,
  to: number,
): ChunkBlobs {
  const view = (array: ArrayBufferView & { BYTES_PER_ELEMENT: number }) =>
    Buffer.from(
      array.buffer,
      array.byteOffset + from * array.BYTES_PER_ELEMENT,
      (to - from) * array.BYTES_PER_ELEMENT,
    );
  return [
    view(positions.values),
    view(rows.item.values),
    view(rows.type.values),
    view(rows.occurred.values),
    view(rows.recorded.values),
    view(rows.unit.values),
    view(rows.due.values),
    view(rows.done.values),
  ];
}

/** A chunk as read back: the blobs are copied into aligned typed arrays. */
export function readChunk(
  firstPosition: bigint,
  lastPosition: bigint,
  count: number,
  blobs: ChunkBlobs,
): ReportChunk {
  // A Buffer from SQLite may start at any byte offset; a fresh copy is aligned for any type.
  const bytes = (blob: Buffer) => new Uint8Array(blob).buffer;
  const [positions, item, type, occurred, recorded, unit, due, done] = blobs.map(bytes);
  return {
    firstPosition,
    lastPosition,
    count,
    positions: new BigInt64Array(positions),
    item: new Int32Array(item),
    type: new Uint8Array(type),
    occurred: new Float64Array(occurred),
    recorded: new Float64Array(recorded),
    unit: new Int32Array(unit),
    due: new Int32Array(due),
    done: new Float64Array(done),
  };
}
