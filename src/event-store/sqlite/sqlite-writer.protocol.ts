import type { AppendRequest, TransferredOutcome } from './batch-commit';

/** Messages between the SQLite store and its writer thread (see `SqliteWriterThread`). */
export interface WriterWorkerData {
  file: string;
}

export type WriterRequest =
  | { type: 'commit'; id: number; appends: PackedAppends }
  /** Close the file and end (after the last batch was answered). */
  | { type: 'close' };

export type WriterReply =
  | { id: number; ok: true; outcomes: TransferredOutcome[] }
  /** BEGIN or COMMIT failed: nothing of the batch was committed. */
  | { id: number; ok: false; error: string };

/**
 * Appends flattened into one array of strings and revisions for the trip to the writer thread:
 * copying a flat array costs less than copying an object per event (under bench:http the copy
 * went from 3.9 % to 3.0 % of the server's main thread). Per append: stream id, expected revision, event count,
 * then id, type, data, metadata and schema version of each event.
 */
export type PackedAppends = (string | number | bigint)[];

export function packAppends(appends: readonly AppendRequest[]): PackedAppends {
  const packed: PackedAppends = [];
  for (const { streamId, expectedRevision, events } of appends) {
    packed.push(streamId, expectedRevision, events.length);
    for (const event of events) {
      packed.push(event.id, event.type, event.data, event.metadata, event.schemaVersion);
    }
  }
  return packed;
}

export function unpackAppends(packed: PackedAppends): AppendRequest[] {
  const appends: AppendRequest[] = [];
  let i = 0;
  while (i < packed.length) {
    const streamId = packed[i++] as string;
    const expectedRevision = packed[i++] as AppendRequest['expectedRevision'];
    const count = packed[i++] as number;
    const events: AppendRequest['events'] = [];
    for (let e = 0; e < count; e++, i += 5) {
      events.push({
        id: packed[i] as string,
        type: packed[i + 1] as string,
        data: packed[i + 2] as string,
        metadata: packed[i + 3] as string,
        schemaVersion: packed[i + 4] as number,
      });
    }
    appends.push({ streamId, expectedRevision, events });
  }
  return appends;
}
