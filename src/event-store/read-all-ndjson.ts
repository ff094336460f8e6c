import type { EventStore, NdjsonPage, RecordedEvent } from './event-store.port';

/**
 * An event as JSON for readers outside (the audit log's pages, the export's lines): position and
 * revision as decimal strings, data and metadata as stored, in this key order.
 */
export function jsonEventOf(event: RecordedEvent) {
  return {
    position: event.position.toString(),
    streamId: event.streamId,
    revision: event.revision.toString(),
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  };
}

/**
 * A page of the global log as JSON lines: the adapter's own `readAllNdjson` where it has one,
 * else `readAll` encoded here, line for line the same.
 */
export async function readAllNdjson(
  store: EventStore,
  options: { after?: bigint; upTo?: bigint; limit: number },
): Promise<NdjsonPage> {
  if (store.readAllNdjson) return store.readAllNdjson(options);
  const page = await store.readAll({ after: options.after, limit: options.limit });
  const upTo = options.upTo;
  const events = upTo === undefined ? page : page.filter((event) => event.position <= upTo);
  const lines = events.map((event) => JSON.stringify(jsonEventOf(event)) + '\n');
  return {
    ndjson: Buffer.from(lines.join('')),
    events: events.map(({ position, streamId, revision, id, metadata, recordedAt }) => ({
      position,
      streamId,
      revision,
      id,
      hash: metadata.hash ?? null,
      recordedAt,
    })),
  };
}
