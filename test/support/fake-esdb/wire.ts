import type { UUID, StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import type {
  AppendReq,
  BatchAppendReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';
import type { LogRecord, ProposedEvent } from './fake-log';
import { shared, streams } from './grpc-modules';

/** Conversions between log records and the protobuf messages of `streams.proto`. */

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

export function identifierOf(streamName: string): StreamIdentifier {
  return new shared.StreamIdentifier().setStreamName(Buffer.from(streamName, 'utf8'));
}

/** UUIDs travel as strings when the client asks for `UUIDOption.string`, as this client does. */
export function uuidString(uuid: UUID | undefined): string {
  if (!uuid) return '';
  if (uuid.hasString()) return uuid.getString();
  const structured = uuid.getStructured();
  if (!structured) return '';
  const bytes = Buffer.alloc(16);
  bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
  bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function uuidOf(value: string): UUID {
  return new shared.UUID().setString(value);
}

export function proposedEventOf(
  message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage,
): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    eventId: uuidString(message.getId()),
    type: metadata.get('type') ?? '',
    isJson: metadata.get('content-type') === 'application/json',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

/**
 * An event as `Streams.Read` sends it. Since server 22.6 (EventStore PR #3459) stream reads
 * carry the `$all` position too, for events not written in explicit transactions; the fake
 * sends it for every read.
 */
export function readEventOf(record: LogRecord): ReadResp {
  const recorded = new streams.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidOf(record.eventId))
    .setStreamIdentifier(identifierOf(record.streamId))
    .setStreamRevision(record.revision.toString())
    .setCommitPosition(record.position.toString())
    .setPreparePosition(record.position.toString())
    .setData(record.data)
    .setCustomMetadata(record.metadata);
  recorded
    .getMetadataMap()
    .set('type', record.type)
    .set('created', record.createdTicks.toString())
    .set('content-type', record.isJson ? 'application/json' : 'application/octet-stream');
  const event = new streams.ReadResp.ReadEvent()
    .setEvent(recorded)
    .setCommitPosition(record.position.toString());
  return new streams.ReadResp().setEvent(event);
}

export function checkpointOf(commit: bigint, prepare: bigint): ReadResp {
  return new streams.ReadResp().setCheckpoint(
    new streams.ReadResp.Checkpoint()
      .setCommitPosition(commit.toString())
      .setPreparePosition(prepare.toString()),
  );
}
