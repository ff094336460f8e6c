import type { sendUnaryData, ServerDuplexStream, ServerReadableStream } from '@grpc/grpc-js';
import type {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
} from '@eventstore/db-client/generated/streams_pb';
import type { AppendOutcome, Expected, FakeLog, ProposedEvent } from './fake-log';
import { anyPb, emptyPb, grpc, shared, status, streams } from './grpc-modules';
import { serviceError } from './read-handler';
import type { NodeFaults } from './node-faults';
import { identifierOf, proposedEventOf, streamNameOf, uuidOf, uuidString } from './wire';

/** What the append handlers need from the server around them. */
export interface AppendContext {
  log(): FakeLog;
  faults: NodeFaults;
  /** Current artificial latency of the storage writer, in ms. */
  delayMs(): number;
  /** `setTimeout` whose timers the server clears when it stops. */
  schedule(callback: () => void, ms: number): void;
  /**
   * Registers an append call in flight; `fail` ends it with an error (`FakeEsdb.breakCalls`).
   * Returns the function that unregisters it once answered.
   */
  inFlight(fail: (error: Error) => void): () => void;
}

/**
 * Runs a write after the configured delay. Like the server, a write whose client has given up
 * is still carried out: a timed-out append has an unknown outcome, which is why clients retry
 * with the same event ids and the server answers the retry as idempotent.
 */
function writeLater(
  context: AppendContext,
  streamId: string,
  expected: Expected,
  events: readonly ProposedEvent[],
  done: (outcome: AppendOutcome) => void,
): void {
  const delay = context.delayMs();
  const write = (): void =>
    context.faults.write(() => done(context.log().append(streamId, expected, events)));
  if (delay > 0) context.schedule(write, delay);
  else write();
}

/** `Streams.Append`: options first, then one message per event (client streaming). */
export function handleAppend(
  context: AppendContext,
  call: ServerReadableStream<AppendReq, AppendResp>,
  callback: sendUnaryData<AppendResp>,
): void {
  let options: AppendReq.Options | undefined;
  const events: ProposedEvent[] = [];
  call.on('data', (request: AppendReq) => {
    if (request.hasOptions()) options = request.getOptions();
    const message = request.getProposedMessage();
    if (message) events.push(proposedEventOf(message));
  });
  call.on('end', () => {
    if (!options) {
      callback(serviceError(grpc.status.INVALID_ARGUMENT, 'Append options are required'));
      return;
    }
    const expected: Expected = options.hasRevision()
      ? { kind: 'revision', revision: BigInt(options.getRevision()) }
      : options.hasNoStream()
        ? { kind: 'no-stream' }
        : options.hasStreamExists()
          ? { kind: 'exists' }
          : { kind: 'any' };
    const streamId = streamNameOf(options.getStreamIdentifier());
    // Checked when the write reaches the node's request manager, as on the server.
    if (context.faults.refusesLeaderCall(call.metadata)) {
      callback(context.faults.notLeader());
      return;
    }
    const refusal = context.faults.refusals.shift();
    if (refusal) {
      callback(context.faults.unaryRefusal(refusal));
      return;
    }
    context.faults.served.append += 1;
    let answered = false;
    const answer: sendUnaryData<AppendResp> = (error, response) => {
      if (answered || call.cancelled) return;
      answered = true;
      done();
      callback(error, response);
    };
    const done = context.inFlight((error) => answer(error));
    writeLater(context, streamId, expected, events, (outcome) => {
      answer(null, appendRespOf(outcome, expected));
    });
  });
}

function appendRespOf(outcome: AppendOutcome, expected: Expected): AppendResp {
  const response = new streams.AppendResp();
  if (outcome.ok) {
    const success = new streams.AppendResp.Success();
    if (outcome.currentRevision < 0n) success.setNoStream(new shared.Empty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    success.setPosition(
      new streams.AppendResp.Position()
        .setCommitPosition(outcome.position.toString())
        .setPreparePosition(outcome.position.toString()),
    );
    return response.setSuccess(success);
  }
  // The answer the server gives since 20.6.1: a result message, not a gRPC error.
  const wrong = new streams.AppendResp.WrongExpectedVersion();
  if (outcome.currentRevision < 0n) wrong.setCurrentNoStream(new shared.Empty());
  else wrong.setCurrentRevision(outcome.currentRevision.toString());
  if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === 'no-stream') wrong.setExpectedNoStream(new shared.Empty());
  else if (expected.kind === 'exists') wrong.setExpectedStreamExists(new shared.Empty());
  else wrong.setExpectedAny(new shared.Empty());
  return response.setWrongExpectedVersion(wrong);
}

/**
 * `Streams.BatchAppend` (bidirectional, used by clients when `GetSupportedMethods` lists it):
 * requests carry a correlation id, the options in the first chunk, events, and `is_final`.
 * The deadline travels inside the options (the call itself has none), so the server is the one
 * that enforces it: past the deadline it answers `Timeout` (the write may still happen).
 */
export function handleBatchAppend(
  context: AppendContext,
  call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>,
): void {
  const pending = new Map<string, { options?: BatchAppendReq.Options; events: ProposedEvent[] }>();
  let failed = false;
  const reply = (response: BatchAppendResp): void => {
    if (!failed && !call.cancelled && call.writable) call.write(response);
  };
  // The whole stream fails at once, taking every append on it along (a node going away, or a
  // NotLeader the server throws from inside the stream's callback).
  const fail = (error: Error): void => {
    if (failed) return;
    failed = true;
    call.emit('error', error);
  };
  const done = context.inFlight(fail);
  call.on('data', (request: BatchAppendReq) => {
    const correlationId = uuidString(request.getCorrelationId());
    const batch = pending.get(correlationId) ?? { events: [] };
    if (request.hasOptions()) batch.options = request.getOptions();
    batch.events.push(...request.getProposedMessagesList().map(proposedEventOf));
    pending.set(correlationId, batch);
    if (!request.getIsFinal()) return;
    pending.delete(correlationId);
    const options = batch.options;
    if (!options) return;
    const streamId = streamNameOf(options.getStreamIdentifier());
    const expected: Expected = options.hasStreamPosition()
      ? { kind: 'revision', revision: BigInt(options.getStreamPosition()) }
      : options.hasNoStream()
        ? { kind: 'no-stream' }
        : options.hasStreamExists()
          ? { kind: 'exists' }
          : { kind: 'any' };
    const base = (): BatchAppendResp =>
      new streams.BatchAppendResp()
        .setCorrelationId(uuidOf(correlationId))
        .setStreamIdentifier(identifierOf(streamId));
    if (context.faults.refusesLeaderCall(call.metadata)) {
      fail(context.faults.notLeader());
      return;
    }
    const refusal = context.faults.refusals.shift();
    if (refusal) {
      reply(base().setError(context.faults.batchRefusal(refusal)));
      return;
    }
    context.faults.served.batchAppend += 1;
    let answered = false;
    const deadline = options.getDeadline()?.toDate().getTime();
    if (deadline !== undefined && Date.now() + context.delayMs() > deadline) {
      context.schedule(
        () => {
          answered = true;
          reply(
            base().setError(
              errorStatus(
                grpc.status.DEADLINE_EXCEEDED,
                'event_store.client.Timeout',
                new shared.Timeout(),
              ),
            ),
          );
        },
        Math.max(0, deadline - Date.now()),
      );
    }
    writeLater(context, streamId, expected, batch.events, (outcome) => {
      if (!answered) reply(batchRespOf(base(), outcome, expected));
    });
  });
  call.on('end', () => {
    done();
    if (!failed) call.end();
  });
  call.on('cancelled', done);
}

function batchRespOf(
  response: BatchAppendResp,
  outcome: AppendOutcome,
  expected: Expected,
): BatchAppendResp {
  if (outcome.ok) {
    const success = new streams.BatchAppendResp.Success();
    if (outcome.currentRevision < 0n) success.setNoStream(new emptyPb.Empty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    success.setPosition(
      new shared.AllStreamPosition()
        .setCommitPosition(outcome.position.toString())
        .setPreparePosition(outcome.position.toString()),
    );
    return response.setSuccess(success);
  }
  // As the server does: a google.rpc.Status whose details pack `WrongExpectedVersion`.
  const wrong = new shared.WrongExpectedVersion();
  if (outcome.currentRevision < 0n) wrong.setCurrentNoStream(new emptyPb.Empty());
  else wrong.setCurrentStreamRevision(outcome.currentRevision.toString());
  if (expected.kind === 'revision') wrong.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no-stream') wrong.setExpectedNoStream(new emptyPb.Empty());
  else if (expected.kind === 'exists') wrong.setExpectedStreamExists(new emptyPb.Empty());
  else wrong.setExpectedAny(new emptyPb.Empty());
  return response.setError(
    errorStatus(grpc.status.FAILED_PRECONDITION, 'event_store.client.WrongExpectedVersion', wrong),
  );
}

function errorStatus(
  code: number,
  typeName: string,
  details: { serializeBinary(): Uint8Array },
): InstanceType<typeof status.Status> {
  const packed = new anyPb.Any();
  packed.pack(details.serializeBinary(), typeName);
  return new status.Status().setCode(code).setMessage(typeName).setDetails(packed);
}
