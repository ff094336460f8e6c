import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  ConcurrencyError,
  StoreUnavailableError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
  type ReadStreamOptions,
} from '../event-store.port';
import { assertExpectedRevision, NO_STREAM_REVISION } from '../expected-revision';
import {
  isInvalidPosition,
  isNotLeader,
  toPortError,
  withDeadline,
  type Operation,
} from './esdb-errors';
import { userCredentialsOf, type UserCredentials } from './esdb-credentials';
import {
  isAppEvent,
  pairOf,
  positionOf,
  toEventData,
  toRecordedEvent,
  type ClientRecordedEvent,
} from './esdb-events';
import { EsdbSubscription, type ResubscribeOptions } from './esdb-subscription';

export interface EsdbEventStoreOptions {
  /**
   * Longest an append may take, in ms (default 5 000), as the gRPC deadline of the unary `Append`
   * call (enforced by the client) and here too (see `withDeadline`). Past it the append fails
   * with `StoreUnavailableError`; the events may or may not have been written.
   *
   * The server bounds a write by its own `WriteTimeoutMs` (2 000 ms by default), counted from
   * when the node received it, and then answers "Operation timed out" (also
   * `StoreUnavailableError`). A `BatchAppend` deadline would be capped at that same value and
   * computed from the client's clock. This deadline sits above it, so that a node that answers
   * does so first, with a known outcome; it only decides when a node stops answering at all.
   * Raise it with the server's `WriteTimeoutMs`.
   */
  appendDeadlineMs?: number;
  /** Longest a read may take, in ms (default 30 000): the client sets no deadline on reads. */
  readDeadlineMs?: number;
  /** Backoff of subscriptions that lost their connection. */
  resubscribe?: ResubscribeOptions;
  /**
   * The user the client signs in as, for a client passed in (a connection string carries its
   * own). Needed on TLS connections; ignored on insecure ones.
   */
  credentials?: UserCredentials;
}

/** How many `$all` events one read asks for at least, when system events must be skipped. */
const MIN_PAGE = 64;
const MAX_PAGE = 4_096;

/**
 * The event store on EventStoreDB / KurrentDB (server 22.6 or later) through
 * `@eventstore/db-client`, the only folder of the app that imports it.
 *
 * - Expected revisions are checked by the server; `WrongExpectedVersionError` becomes the port's
 *   `ConcurrencyError`, an unreachable or too slow node `StoreUnavailableError`.
 * - Appends are idempotent on event ids: retrying a failed append with the same events and the
 *   same expected revision is safe, the server answers it with the first write's result.
 * - The global log is `$all` without system records (`$`-prefixed event types or streams);
 *   positions are commit positions (see `esdb-events.ts` for why they are strictly increasing).
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly ownsClient: boolean;
  private readonly appendDeadlineMs: number;
  private readonly readDeadlineMs: number;
  /** Passed with every append: see `appendToStream`. */
  private readonly credentials: UserCredentials;
  private readonly subscriptions = new Set<EsdbSubscription>();
  private closed = false;

  /**
   * @param connection a connection string (`esdb://host:2113?tls=false`,
   *   `esdb+discover://...`) or a client; a client passed in is not disposed by `close()`.
   */
  constructor(
    connection: string | EventStoreDBClient,
    private readonly options: EsdbEventStoreOptions = {},
  ) {
    this.ownsClient = typeof connection === 'string';
    this.client =
      typeof connection === 'string' ? EventStoreDBClient.connectionString(connection) : connection;
    this.appendDeadlineMs = options.appendDeadlineMs ?? 5_000;
    this.readDeadlineMs = options.readDeadlineMs ?? 30_000;
    this.credentials =
      typeof connection === 'string'
        ? userCredentialsOf(connection)
        : (options.credentials ?? { username: 'insecure', password: 'insecure' });
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    const { expectedRevision } = options;
    const operation: Operation = {
      description: `append to stream ${streamId}`,
      streamId,
      expectedRevision,
    };
    // An empty append would still write a data-less record on the server and answer its
    // position, which is no event's: check the revision against the stream's head instead.
    if (events.length === 0) return this.checkRevision(streamId, expectedRevision, operation);
    const data = events.map(toEventData);
    try {
      const result = await onLeader(() =>
        withDeadline(
          this.appendDeadlineMs,
          operation.description,
          () =>
            this.client.appendToStream(streamId, data, {
              expectedRevision: toClientRevision(expectedRevision),
              deadline: this.appendDeadlineMs,
              // Decisions are appended on the leader: a follower answers NotLeader.
              requiresLeader: true,
              // Credentials on the call make client 6.2.1 use the unary `Append` call instead of
              // its `BatchAppend` stream. That stream keeps every pending append in one
              // process-wide map: when an old stream fails after a reconnect, it rejects the new
              // stream's appends too, and their answers then throw inside a gRPC 'data' handler,
              // an uncaught exception that ends the process (esdb-event-store.failover.int-spec).
              // `Append` also reports a node that is not ready as UNAVAILABLE, and the client
              // enforces its deadline.
              credentials: this.credentials,
            }),
          undefined,
          'the events may still be written; retrying with the same events is safe',
        ),
      );
      if (!result.success) {
        // Only with a client built with `throwOnAppendFailure: false`.
        throw new ConcurrencyError(streamId, expectedRevision);
      }
      // Servers before 22.x answer an idempotent retry without a position: find the event's.
      const position =
        result.position?.commit ??
        (await this.positionOfRevision(streamId, result.nextExpectedRevision));
      return { nextRevision: result.nextExpectedRevision, position };
    } catch (error) {
      throw toPortError(error, operation);
    }
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    // Streams are read to decide on them (commands, reference data), so from the leader: a
    // follower may not have the last write yet, and the decision would then be made on it.
    const events = await this.read(`read stream ${streamId}`, () =>
      this.client.readStream(streamId, {
        fromRevision: options?.fromRevision ?? START,
        direction: FORWARDS,
        requiresLeader: true,
        ...(options?.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      }),
    );
    return events.map(toRecordedEvent);
  }

  async readAll(options: { after?: bigint; limit: number }): Promise<RecordedEvent[]> {
    this.assertOpen();
    const result: RecordedEvent[] = [];
    if (options.limit <= 0) return result;
    // Reading from a position includes the event at it: `seen` skips it, and on later pages the
    // last event of the previous page, read again.
    let seen = options.after ?? -1n;
    let from: Position | typeof START = seen >= 0n ? pairOf(seen) : START;
    const pageSize = Math.min(Math.max(options.limit + 1, MIN_PAGE), MAX_PAGE);
    for (let first = true; ; first = false) {
      let page: ClientRecordedEvent[];
      try {
        page = await this.readAllPage(from, pageSize);
      } catch (error) {
        // `after` is no record's position (e.g. "position - 1"): the server refuses to start
        // there. Start at the last event before it instead; `seen` skips what is not after it.
        if (!first || !isInvalidPosition(error)) throw error;
        from = await this.startAfter(seen);
        page = await this.readAllPage(from, pageSize);
      }
      for (const event of page) {
        const position = positionOf(event);
        if (position <= seen) continue;
        seen = position;
        from = pairOf(position);
        if (!isAppEvent(event)) continue;
        result.push(toRecordedEvent(event));
        if (result.length === options.limit) return result;
      }
      if (page.length < pageSize) return result;
    }
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    // Backwards from a position excludes the event at it; `before` guards that anyway.
    let from: Position | typeof END = END;
    let before: bigint | undefined;
    for (;;) {
      const page = await this.read('read the head of $all', () =>
        this.client.readAll({ fromPosition: from, maxCount: MIN_PAGE, direction: BACKWARDS }),
      );
      for (const event of page) {
        const position = positionOf(event);
        if (before !== undefined && position >= before) continue;
        if (isAppEvent(event)) return position;
        before = position;
        from = pairOf(position);
      }
      if (page.length < MIN_PAGE) return -1n;
    }
  }

  subscribeToAll(options?: { after?: bigint }): Subscription {
    this.assertOpen();
    const subscription: EsdbSubscription = new EsdbSubscription(this.client, {
      ...this.options.resubscribe,
      after: options?.after,
      startAfter: (after) => this.startAfter(after),
      onClose: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Ends every subscription and, if the store created the client, disposes of it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    if (this.ownsClient) await this.client.dispose();
  }

  private readAllPage(
    from: Position | typeof START,
    maxCount: number,
  ): Promise<ClientRecordedEvent[]> {
    return this.read('read $all', () =>
      this.client.readAll({ fromPosition: from, maxCount, direction: FORWARDS }),
    );
  }

  /**
   * Where a forward read must start to see every event after `after` when `after` is no
   * record's position: the last event at or before it (found reading backwards from the end, so
   * it costs about what reading the events after `after` costs), or the start of the log.
   * Positions this store hands out never need this; arithmetic on them ("position - 1") does.
   */
  private async startAfter(after: bigint): Promise<Position | typeof START> {
    let from: Position | typeof END = END;
    // Usually `after` is recent: start small, widen while it is not found.
    for (let pageSize = MIN_PAGE; ; pageSize = Math.min(pageSize * 4, MAX_PAGE)) {
      const page = await this.read('read $all backwards', () =>
        this.client.readAll({ fromPosition: from, maxCount: pageSize, direction: BACKWARDS }),
      );
      for (const event of page) {
        const position = positionOf(event);
        if (position <= after) return pairOf(position);
        from = pairOf(position);
      }
      if (page.length < pageSize) return START;
    }
  }

  /** The empty append: "only checks the revision", against the stream's last event. */
  private async checkRevision(
    streamId: string,
    expected: ExpectedRevision,
    operation: Operation,
  ): Promise<AppendResult> {
    const [last] = await this.read(operation.description, () =>
      this.client.readStream(streamId, {
        fromRevision: END,
        direction: BACKWARDS,
        maxCount: 1,
        requiresLeader: true,
      }),
    );
    const current = last?.revision ?? NO_STREAM_REVISION;
    assertExpectedRevision(streamId, expected, current);
    return { nextRevision: current, position: last ? positionOf(last) : -1n };
  }

  private async positionOfRevision(streamId: string, revision: bigint): Promise<bigint> {
    const [event] = await this.read(`read stream ${streamId}`, () =>
      this.client.readStream(streamId, {
        fromRevision: revision,
        direction: FORWARDS,
        maxCount: 1,
        requiresLeader: true,
      }),
    );
    if (!event) throw new Error(`Event ${revision} of stream ${streamId} was not found`);
    return positionOf(event);
  }

  /**
   * Collects a read (stream or `$all`) under the read deadline; a stream that does not exist
   * reads as empty. System events are left in: `$all` callers skip them.
   */
  private async read(
    description: string,
    open: () => AsyncIterable<ResolvedEvent | AllStreamResolvedEvent> & {
      cancel(): Promise<void>;
      destroy(): void;
    },
  ): Promise<ClientRecordedEvent[]> {
    let stream: ReturnType<typeof open> | undefined;
    try {
      return await onLeader(() =>
        withDeadline(
          this.readDeadlineMs,
          description,
          async () => {
            stream = open();
            const events: ClientRecordedEvent[] = [];
            for await (const resolved of stream) {
              if (resolved.event) events.push(resolved.event as ClientRecordedEvent);
            }
            return events;
          },
          () => {
            // Cancel the call on the server and end the local stream, so nothing waits on it.
            void stream?.cancel();
            stream?.destroy();
          },
        ),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toPortError(error, { description });
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('The EventStoreDB event store is closed');
  }
}

/**
 * Runs a call that asks for the leader; when the node answers NotLeader (a leader change the
 * connection did not notice), runs it once more. The client has by then pointed its next
 * connection at the leader the answer names (`Client.handleError`, which runs detached: hence
 * the turn of the event loop). The refused call did nothing, so the retry is safe; a second
 * NotLeader (an election still going on) is `StoreUnavailableError`, for the caller to retry.
 */
async function onLeader<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isNotLeader(error)) throw error;
    await new Promise((resolve) => setImmediate(resolve));
    return call();
  }
}

function toClientRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}
