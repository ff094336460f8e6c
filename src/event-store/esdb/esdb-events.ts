import { jsonEvent, type EventData, type JSONType, type Position } from '@eventstore/db-client';
import type { EventMetadata, NewEvent, RecordedEvent } from '../event-store.port';

/*
 * Positions.
 *
 * EventStoreDB addresses `$all` by a pair (commit, prepare) of byte offsets in its transaction
 * log. The port wants one strictly increasing bigint; this adapter uses the commit position,
 * which is sound because of how the server writes:
 *
 * - an append over gRPC (single or multi-event) writes one prepare record per event, each
 *   flagged `IsCommitted` (StorageWriterService.WritePrepares), and `$all` reads give such an
 *   event commit == prepare == the record's own log position (AllReader: `new
 *   CommitEventRecord(eventRecord, eventRecord.LogPosition)`). Events of one append therefore have
 *   distinct, increasing commit positions, and the append answers the last one's;
 * - only the legacy TCP API's explicit transactions (`StartTransaction`) made events share one
 *   commit position (that of their commit record) with different prepare positions. This app
 *   never writes them; a database that holds some would see all but the first event of each such
 *   transaction skipped by `readAll` and subscriptions (their positions would not increase).
 *
 * Going back from the bigint to the pair, (p, p) names the event at p exactly. Reading `$all`
 * forwards from a position includes the event there; subscribing from it starts after it.
 * Checkpoints of filtered subscriptions are pairs that may name no event, e.g. (end of log, 0),
 * so the subscription keeps them as pairs and never rounds them to a bigint.
 *
 * Stream reads carry the `$all` position since server 22.6 (EventStore PR #3459); older servers
 * send 2^64-1, which `positionOf` refuses rather than hand out a wrong position.
 */

/** What older servers (and events of explicit transactions) send for "no position". */
const NO_POSITION = 2n ** 64n - 1n;

/** The `$all` pair naming the event whose commit position is `position`. */
export function pairOf(position: bigint): Position {
  return { commit: position, prepare: position };
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Fields of the client's recorded events that the adapter reads. */
export interface ClientRecordedEvent {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata?: unknown;
  created: Date;
  position?: Position;
}

/**
 * System records: event types and stream names starting with `$` (`$>` links of projections,
 * `$metadata`, `$statsCollected`, `$settings`, ...). Subscriptions filter event types on the
 * server; stream names are checked here because a projection may emit into a `$` stream.
 */
export function isSystemEvent(event: ClientRecordedEvent): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/**
 * Whether an event of `$all` belongs to the app's global log: not a system record, and carrying
 * the app's metadata (the hash chain: a JSON object with a string `hash`). Other writers on the
 * same server (the web UI, another application) put events without it into `$all`; they are left
 * out of `readAll`, `headPosition` and subscriptions as system records are, so verify, the read
 * models and every other follower of the log never meet them (nor throw on them). Streams are
 * still read whole (`readStream`: revisions must count every event), so an event without the
 * app's metadata written into one of the app's streams is not hidden: verify reports the
 * stream's next event as a revision gap, and the command that reads the stream sees it.
 */
export function isAppEvent(event: ClientRecordedEvent): boolean {
  if (isSystemEvent(event)) return false;
  const metadata = event.metadata as { hash?: unknown } | undefined;
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    !(metadata instanceof Uint8Array) &&
    typeof metadata.hash === 'string'
  );
}

export function positionOf(event: ClientRecordedEvent): bigint {
  const commit = event.position?.commit;
  if (commit === undefined || commit === NO_POSITION) {
    throw new Error(
      `EventStoreDB sent no $all position for event ${event.id} of stream ${event.streamId}: ` +
        'server 22.6 or later is required (stream reads carry positions since then)',
    );
  }
  return commit;
}

/**
 * JSON data and metadata, as the port's events are plain JSON (no bigint). Copied through JSON
 * now, not when the client gets to it: an event that cannot be serialised fails here, before
 * anything is sent (inside the client it would fail half-way through a batch and leave the
 * append pending forever), and a caller mutating its objects after the call changes nothing.
 */
export function toEventData(event: NewEvent): EventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: jsonCopy(event.data ?? null) as JSONType,
    metadata: jsonCopy(event.metadata),
  });
}

function jsonCopy(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

export function toRecordedEvent(event: ClientRecordedEvent): RecordedEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position: positionOf(event),
    type: event.type,
    data: event.data,
    metadata: event.metadata as EventMetadata,
    // `created` is the server's commit time, in .NET ticks cut to milliseconds by the client.
    recordedAt: event.created.toISOString(),
  };
}
