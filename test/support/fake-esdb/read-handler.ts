import { randomUUID } from 'node:crypto';
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { compareTfPos, tfPosOf, type FakeLog, type LogRecord, type TfPos } from './fake-log';
import { grpc, streams } from './grpc-modules';
import type { NodeFaults } from './node-faults';
import { checkpointOf, readEventOf, streamNameOf } from './wire';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

/** Page size of the server's catch-up reads and default filter window (`ReadBatchSize`). */
const READ_BATCH_SIZE = 32;
const BACKWARDS = 1;

/**
 * `Streams.Read`: stream reads, `$all` reads and `$all` subscriptions, with the semantics of the
 * server's `Enumerator` classes:
 * - a stream that has no events answers one `stream_not_found` message;
 * - reading `$all` forwards from a position includes the event at that position; backwards
 *   excludes it (`AllReader`: pre-positions forwards, post-positions backwards);
 * - a subscription starts *after* its position (`AllSubscription*`: "events after checkpoint");
 * - a filtered subscription sends a checkpoint every `window × checkpointIntervalMultiplier`
 *   considered events, and one when catch-up reaches the end of the log, then `caught_up`.
 */
export function handleRead(log: FakeLog, call: ReadCall, faults?: NodeFaults): void {
  const options = call.request.getOptions();
  if (!options) {
    call.emit('error', serviceError(grpc.status.INVALID_ARGUMENT, 'Read options are required'));
    return;
  }
  const refusal = faults && refusalOf(faults, call, options);
  if (refusal) {
    call.emit('error', refusal);
    return;
  }
  if (options.hasSubscription()) {
    if (!options.hasAll()) {
      call.emit(
        'error',
        serviceError(grpc.status.UNIMPLEMENTED, 'Stream subscriptions: not in fake'),
      );
      return;
    }
    subscribeToAll(log, call, options);
    return;
  }
  const count = Number(BigInt(options.getCount() || '0'));
  if (!options.hasStream() && !startsAtValidPosition(log, options)) {
    call.emit('error', invalidPosition());
    return;
  }
  const records = options.hasStream()
    ? readStream(log, call, options, count)
    : readAll(log, options, count);
  if (records) for (const record of records) call.write(readEventOf(record));
  call.end();
}

function readStream(
  log: FakeLog,
  call: ReadCall,
  options: ReadReq.Options,
  count: number,
): LogRecord[] | undefined {
  const streamOptions = options.getStream()!;
  const stream = log.stream(streamNameOf(streamOptions.getStreamIdentifier()));
  if (stream.length === 0) {
    call.write(
      new streams.ReadResp().setStreamNotFound(
        new streams.ReadResp.StreamNotFound().setStreamIdentifier(
          streamOptions.getStreamIdentifier(),
        ),
      ),
    );
    return undefined;
  }
  const last = stream.length - 1;
  if (options.getReadDirection() === BACKWARDS) {
    const from = streamOptions.hasRevision()
      ? Math.min(Number(streamOptions.getRevision()), last)
      : streamOptions.hasStart()
        ? 0
        : last;
    return stream.slice(Math.max(0, from - count + 1), from + 1).reverse();
  }
  const from = streamOptions.hasRevision()
    ? Number(streamOptions.getRevision())
    : streamOptions.hasEnd()
      ? stream.length
      : 0;
  return stream.slice(from, from + count);
}

function readAll(log: FakeLog, options: ReadReq.Options, count: number): LogRecord[] {
  const allOptions = options.getAll()!;
  const accepts = compileFilter(options);
  const events = log.all().filter((record) => record.isEvent && accepts(record));
  const backwards = options.getReadDirection() === BACKWARDS;
  // START and END are the two ends of the log: forwards from END and backwards from START read
  // nothing, like the server.
  const from: TfPos = allOptions.hasPosition()
    ? tfPosFrom(allOptions.getPosition()!)
    : allOptions.hasEnd()
      ? { commit: log.writerPosition, prepare: log.writerPosition }
      : { commit: 0n, prepare: 0n };
  if (backwards) {
    return events
      .filter((record) => compareTfPos(tfPosOf(record), from) < 0)
      .reverse()
      .slice(0, count);
  }
  return events.filter((record) => compareTfPos(tfPosOf(record), from) >= 0).slice(0, count);
}

function subscribeToAll(log: FakeLog, call: ReadCall, options: ReadReq.Options): void {
  const allOptions = options.getAll()!;
  const accepts = compileFilter(options);
  const filter = options.hasFilter() ? options.getFilter() : undefined;
  const window = filter?.hasMax() ? filter.getMax() : READ_BATCH_SIZE;
  // Only filtered subscriptions send checkpoints: an unfiltered one sees every event anyway.
  const interval = filter ? window * Math.max(1, filter.getCheckpointintervalmultiplier()) : 0;
  let considered = 0;
  let sent: TfPos = allOptions.hasPosition()
    ? tfPosFrom(allOptions.getPosition()!)
    : allOptions.hasEnd()
      ? { commit: log.writerPosition, prepare: log.writerPosition }
      : { commit: -1n, prepare: -1n };

  const send = (message: ReadResp): void => {
    if (!call.cancelled && call.writable) call.write(message);
  };
  const consider = (record: LogRecord): void => {
    if (!record.isEvent || compareTfPos(tfPosOf(record), sent) <= 0) return;
    considered += 1;
    if (accepts(record)) send(readEventOf(record));
    sent = tfPosOf(record);
    if (interval > 0 && considered >= interval) {
      considered = 0;
      send(checkpointOf(sent.commit, sent.prepare));
    }
  };

  send(
    new streams.ReadResp().setConfirmation(
      new streams.ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID()),
    ),
  );
  // The server confirms first and finds the position invalid when catch-up reads from it.
  if (!startsAtValidPosition(log, options)) {
    call.emit('error', invalidPosition());
    return;
  }
  // Catch-up and the switch to live happen in one synchronous turn: nothing can be written in
  // between, so there is no gap to close (the server closes it with sequence numbers).
  for (const record of log.all()) consider(record);
  if (interval > 0) {
    // `AllSubscriptionFiltered.CatchUp`: at the end of the log the checkpoint is the position the
    // next page would be read from, i.e. (post-position of the last record, 0): a position with
    // no event at it, whose prepare part is smaller than the commit part.
    const end: TfPos = { commit: log.writerPosition, prepare: 0n };
    if (compareTfPos(end, sent) > 0) {
      sent = end;
      send(checkpointOf(end.commit, end.prepare));
    }
  }
  send(new streams.ReadResp().setCaughtUp(new streams.ReadResp.CaughtUp()));

  const unsubscribe = log.onWrite((records) => records.forEach(consider));
  const end = (): void => {
    unsubscribe();
  };
  call.on('cancelled', end);
  call.on('close', end);
  call.on('error', end);
}

/** The error a faulty node answers this read with, if any (see `NodeFaults`). */
function refusalOf(
  faults: NodeFaults,
  call: ReadCall,
  options: ReadReq.Options,
): Error | undefined {
  const failure = faults.readFailures.shift();
  if (failure !== undefined) return serviceError(failure, 'Injected read failure');
  if (faults.refusesLeaderCall(call.metadata)) return faults.notLeader();
  if (faults.denyAll && options.hasAll()) return faults.accessDenied();
  faults.served.read += 1;
  return undefined;
}

function compileFilter(options: ReadReq.Options): (record: LogRecord) => boolean {
  const filter = options.hasFilter() ? options.getFilter() : undefined;
  if (!filter) return () => true;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
  const regex = expression?.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const prefixes = expression?.getPrefixList() ?? [];
  return (record) => {
    const value = onStream ? record.streamId : record.type;
    if (regex) return regex.test(value);
    return prefixes.length === 0 || prefixes.some((prefix) => value.startsWith(prefix));
  };
}

function startsAtValidPosition(log: FakeLog, options: ReadReq.Options): boolean {
  const position = options.getAll()?.getPosition();
  return !position || log.canStartAt(tfPosFrom(position));
}

/** `RpcExceptions.InvalidPositionException`, as the server words it. */
function invalidPosition(): Error {
  return serviceError(grpc.status.INVALID_ARGUMENT, 'Trying to read from an invalid position.');
}

function tfPosFrom(position: ReadReq.Options.Position): TfPos {
  return {
    commit: BigInt(position.getCommitPosition()),
    prepare: BigInt(position.getPreparePosition()),
  };
}

export function serviceError(code: number, details: string): Error {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}
