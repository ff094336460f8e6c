import { uuidv7 } from '../shared/ids';
import {
  chainEvents,
  chainTipOf,
  EMPTY_CHAIN,
  type ChainTip,
  type UnhashedMetadata,
} from './hash-chain';
import {
  ConcurrencyError,
  type AppendResult,
  type EventStore,
} from '../event-store/event-store.port';
import type { Decider } from '../shared/decider';
import { foldEvents } from './stream-fold';

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
  /** Events this call appended: 0 for a replay, and for a decision that there was nothing to do. */
  appended: number;
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
 * times, since the decision is re-made on fresh state. When the client pinned the revision with
 * If-Match, a conflict on a fresh read is not retried: the client decided on what it saw, so the
 * conflict is theirs. (A conflict on a cached view is always looked at again on a fresh read.)
 *
 * Idempotency lives in the stream itself: each event records the key and body fingerprint of the
 * command that produced it, so a retried command finds its own earlier events durably, on any
 * adapter, without a side table.
 *
 * With a `cache`, the stream's folded view is kept between commands: a command first decides on it
 * without reading the store, and only a refusal or a conflict sends it to read the newer events.
 */
export async function handleCommand<
  Command,
  Event extends { type: string; data: unknown },
  State,
  Context,
>(request: CommandRequest<Command, Event, State, Context>): Promise<CommandResult<State>> {
  const { store, decider, streamId, command, context, metadata, cache, authorize } = request;
  const { expectedRevision: pinned, ...eventMetadata } = metadata;
  const retries = pinned === undefined ? (request.retries ?? DEFAULT_RETRIES) : 0;
  // The first try decides on the cached view, unread: if the stream moved on meanwhile, the
  // append's expected revision says so. Anything else than a success on it (a refusal, a stale
  // If-Match, a conflict) is judged again on a fresh read, without counting as a retry.
  let unread = cache?.get(streamId);
  for (let attempt = 0; ;) {
    const view = unread ?? (await readStreamView(store, decider, streamId, cache));
    const trusted = unread !== undefined;
    unread = undefined;
    let decided: Event[];
    try {
      const earlier = earlierCommand(view, metadata);
      if (earlier && earlier.requestHash === metadata.requestHash) {
        // The same caller's retry of the same request (the fingerprint covers the caller): the
        // first answer again, even if the state has since moved past what it may do.
        const { revision, position } = earlier;
        return { streamId, revision, position, state: view.state, replayed: true, appended: 0 };
      }
      // Permission first: a caller who may not act learns nothing, not even the current revision
      // or that someone else used the key.
      await authorize?.(command, view.state);
      if (earlier) throw new IdempotencyKeyReusedError(metadata.idempotencyKey!);
      if (pinned !== undefined && pinned !== view.tip.revision) {
        const actual = view.tip.revision < 0n ? 'no-stream' : view.tip.revision;
        throw new ConcurrencyError(streamId, pinned, actual);
      }
      decided = decider.decide(command, view.state, context as Context);
    } catch (refusal) {
      if (trusted) continue;
      throw refusal;
    }
    // "Nothing to do" is an answer about the current state too.
    if (decided.length === 0 && trusted) continue;
    const { tip } = view;
    if (decided.length === 0) {
      return {
        streamId,
        revision: tip.revision,
        position: view.position,
        state: view.state,
        replayed: false,
        appended: 0,
      };
    }
    const events = chainEvents(
      streamId,
      tip,
      decided.map((event) => ({
        id: uuidv7(),
        type: event.type,
        data: event.data,
        metadata: { ...eventMetadata, schemaVersion: decider.events.versionOf(event.type) },
      })),
    );
    let result: AppendResult;
    try {
      result = await store.appendToStream(streamId, events, {
        expectedRevision: tip.revision < 0n ? 'no-stream' : tip.revision,
      });
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      if (trusted) continue;
      if (attempt >= retries) throw error;
      attempt++;
      continue;
    }
    const state = decided.reduce((s, e) => decider.evolve(s, e), view.state);
    cache?.set(streamId, {
      state,
      tip: { revision: result.nextRevision, hash: events[events.length - 1].metadata.hash },
      position: result.position,
      commands: withCommand(view.commands, metadata, result),
    });
    return {
      streamId,
      revision: result.nextRevision,
      position: result.position,
      state,
      replayed: false,
      appended: events.length,
    };
  }
}

/** One command for `handleCommand`: where it goes, what decides it, and who sends it when. */
export interface CommandRequest<
  Command,
  Event extends { type: string; data: unknown },
  State,
  Context,
> {
  store: EventStore;
  decider: Decider<Command, Event, State, Context>;
  streamId: string;
  command: Command;
  /** Time, calendar and the like for `decide`; omitted by deciders that need none. */
  context?: Context;
  metadata: CommandMetadata;
  /** Retries after a concurrent append (default 3); none when the client pinned the revision. */
  retries?: number;
  cache?: StreamCache<State>;
  /**
   * Checks the caller may issue `command` on the stream as it is now; throws to refuse. Runs on
   * the same state the decision is made on, before the If-Match check.
   */
  authorize?: (command: Command, state: State) => void | Promise<void>;
}

/** What a command needs to know of its stream: the folded state, the chain tip, earlier commands. */
export interface StreamView<State> {
  state: State;
  tip: ChainTip;
  /** Global position of the stream's last event (-1n for an empty stream). */
  position: bigint;
  /** Idempotency keys of the commands that wrote to the stream, with their fingerprint and answer. */
  commands: ReadonlyMap<string, EarlierCommand>;
}

interface EarlierCommand {
  requestHash: string | undefined;
  revision: bigint;
  position: bigint;
}

/**
 * Folded streams kept between commands, so a command decides without reading the stream (and,
 * when it must read, reads only the events appended since). Bounded. The store stays the source of
 * truth: an append made from a cached view expects its revision, so a write by another process
 * makes it fail and the command is decided again on a fresh read.
 */
export class StreamCache<State> {
  private readonly views = new Map<string, StreamView<State>>();

  constructor(private readonly capacity = 20_000) {}

  get(streamId: string): StreamView<State> | undefined {
    return this.views.get(streamId);
  }

  set(streamId: string, view: StreamView<State>): void {
    // Re-inserting moves the stream to the back: the first key is the least recently written.
    this.views.delete(streamId);
    if (this.views.size >= this.capacity) this.views.delete(this.views.keys().next().value!);
    this.views.set(streamId, view);
  }
}

async function readStreamView<State, Event extends { type: string; data: unknown }>(
  store: EventStore,
  decider: Pick<
    Decider<unknown, Event, State, unknown>,
    'initialState' | 'evolve' | 'evolveInPlace' | 'events'
  >,
  streamId: string,
  cache: StreamCache<State> | undefined,
): Promise<StreamView<State>> {
  const cached = cache?.get(streamId);
  const start: StreamView<State> = cached ?? {
    state: decider.initialState(),
    tip: EMPTY_CHAIN,
    position: -1n,
    commands: new Map(),
  };
  const fresh = await store.readStream(streamId, { fromRevision: start.tip.revision + 1n });
  if (fresh.length === 0) return start;
  // One copy of the state for all the fresh events: a cold read of a long stream stays linear.
  const state = foldEvents(decider, start.state, fresh);
  const commands = new Map(start.commands);
  for (const event of fresh) {
    const key = event.metadata.idempotencyKey;
    if (key) {
      // The first event of a command holds its fingerprint; the answer is its last event.
      const requestHash = commands.get(key)?.requestHash ?? event.metadata.requestHash;
      commands.set(key, { requestHash, revision: event.revision, position: event.position });
    }
  }
  const view = {
    state,
    tip: chainTipOf(fresh),
    position: fresh[fresh.length - 1].position,
    commands,
  };
  cache?.set(streamId, view);
  return view;
}

function withCommand(
  commands: ReadonlyMap<string, EarlierCommand>,
  metadata: CommandMetadata,
  result: AppendResult,
): ReadonlyMap<string, EarlierCommand> {
  if (!metadata.idempotencyKey) return commands;
  return new Map(commands).set(metadata.idempotencyKey, {
    requestHash: metadata.requestHash,
    revision: result.nextRevision,
    position: result.position,
  });
}

/** The earlier command with the same idempotency key, if any. */
function earlierCommand<State>(
  view: StreamView<State>,
  metadata: CommandMetadata,
): EarlierCommand | undefined {
  const key = metadata.idempotencyKey;
  return key ? view.commands.get(key) : undefined;
}
