import { uuidv7 } from '../shared/ids';
import { chainEvents, chainTipOf, type UnhashedMetadata } from './hash-chain';
import { ConcurrencyError, type EventStore, type RecordedEvent } from './event-store.port';

/** A pure decider (Emmett style): no I/O, time and ids arrive in `context`. */
export interface Decider<Command, Event extends { type: string; data: unknown }, State, Context> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State, context: Context): Event[];
}

/** Who, when and why: copied into the metadata of every event a command produces. */
export interface CommandMetadata extends Omit<UnhashedMetadata, 'schemaVersion'> {
  /** Set when the client pinned a revision (If-Match): a conflict then goes back to the client. */
  expectedRevision?: bigint;
}

export interface CommandResult<State> {
  streamId: string;
  /** The stream's revision after the command. */
  revision: bigint;
  /** Global position of the command's last event (or of the original one, for a replay). */
  position: bigint;
  state: State;
  /** True when an idempotency key matched an earlier command: nothing was appended. */
  replayed: boolean;
}

/** The idempotency key was used before for a different request body. */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly key: string) {
    super(`Idempotency key ${key} was already used for a different request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

const DEFAULT_RETRIES = 3;

/**
 * The one command path: read the stream, fold it, decide, append at the revision that was read.
 *
 * On a `ConcurrencyError` (someone appended in between) it retries from the read, up to `retries`
 * times, since the decision is re-made on fresh state. It does not retry when the client pinned
 * the revision with If-Match: the client decided on what it saw, so the conflict is theirs.
 *
 * Idempotency lives in the stream itself: each event records the key and body fingerprint of the
 * command that produced it, so a retried command finds its own earlier events durably, on any
 * adapter, without a side table.
 */
export async function handleCommand<
  Command,
  Event extends { type: string; data: unknown },
  State,
  Context,
>(
  store: EventStore,
  decider: Decider<Command, Event, State, Context>,
  streamId: string,
  command: Command,
  context: Context,
  metadata: CommandMetadata,
  options: { retries?: number; schemaVersion?: number } = {},
): Promise<CommandResult<State>> {
  const { expectedRevision: pinned, ...eventMetadata } = metadata;
  const retries = pinned === undefined ? (options.retries ?? DEFAULT_RETRIES) : 0;
  for (let attempt = 0; ; attempt++) {
    const history = await store.readStream(streamId);
    const state = history.reduce(
      (s, e) => decider.evolve(s, e as unknown as Event),
      decider.initialState(),
    );
    const replay = findReplay(history, metadata);
    if (replay) {
      // The first answer again: the revision and position of the events that command appended.
      return {
        streamId,
        revision: replay.revision,
        position: replay.position,
        state,
        replayed: true,
      };
    }

    const tip = chainTipOf(history);
    if (pinned !== undefined && pinned !== tip.revision) {
      throw new ConcurrencyError(streamId, pinned, tip.revision < 0n ? 'no-stream' : tip.revision);
    }
    const decided = decider.decide(command, state, context);
    if (decided.length === 0) {
      return {
        streamId,
        revision: tip.revision,
        position: history.at(-1)?.position ?? -1n,
        state,
        replayed: false,
      };
    }
    const events = chainEvents(
      streamId,
      tip,
      decided.map((event) => ({
        id: uuidv7(),
        type: event.type,
        data: event.data,
        metadata: { ...eventMetadata, schemaVersion: options.schemaVersion ?? 1 },
      })),
    );
    try {
      const result = await store.appendToStream(streamId, events, {
        expectedRevision: tip.revision < 0n ? 'no-stream' : tip.revision,
      });
      const newState = decided.reduce((s, e) => decider.evolve(s, e), state);
      return {
        streamId,
        revision: result.nextRevision,
        position: result.position,
        state: newState,
        replayed: false,
      };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= retries) throw error;
    }
  }
}

/** The last event appended by an earlier command with the same idempotency key, if any. */
function findReplay(
  history: readonly RecordedEvent[],
  metadata: CommandMetadata,
): RecordedEvent | undefined {
  const key = metadata.idempotencyKey;
  if (!key) return undefined;
  const earlier = history.filter((e) => e.metadata.idempotencyKey === key);
  if (earlier.length === 0) return undefined;
  if (earlier[0].metadata.requestHash !== metadata.requestHash)
    throw new IdempotencyKeyReusedError(key);
  return earlier[earlier.length - 1];
}
