import { ConcurrencyError, ExpectedRevision } from './event-store.port';

/** Revision of a stream that has no events, as the adapters track it internally. */
export const NO_STREAM_REVISION = -1n;

/**
 * Throws `ConcurrencyError` unless `expected` holds for a stream whose last revision is
 * `current` (`NO_STREAM_REVISION` when it has no events). Shared by the adapters that check
 * revisions themselves (SQLite, memory) and by EventStoreDB's empty append, which never reaches
 * the server; its real appends are checked on the server.
 */
export function assertExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  current: bigint,
): void {
  const exists = current !== NO_STREAM_REVISION;
  const holds =
    expected === 'any' ||
    (expected === 'no-stream' && !exists) ||
    (expected === 'exists' && exists) ||
    expected === current;
  if (!holds) throw new ConcurrencyError(streamId, expected, exists ? current : 'no-stream');
}
