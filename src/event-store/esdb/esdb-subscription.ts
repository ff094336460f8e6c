import {
  excludeSystemEvents,
  START,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import type { RecordedEvent, Subscription } from '../event-store.port';
import { isInvalidPosition, isPermanent, toPortError } from './esdb-errors';
import { comparePositions, isAppEvent, pairOf, positionOf, toRecordedEvent } from './esdb-events';

export interface ResubscribeOptions {
  /** First wait after a dropped subscription; doubled on each failure in a row. Default 100 ms. */
  initialDelayMs?: number;
  /** Longest wait between two attempts. Default 5 s. */
  maxDelayMs?: number;
  /** Told of each drop before the wait (for logs). */
  onRetry?: (error: unknown, attempt: number) => void;
}

export interface EsdbSubscriptionOptions extends ResubscribeOptions {
  /** Deliver events after this position (from the start of the log when omitted or < 0). */
  after?: bigint;
  /**
   * Where to start when `after` is no record's position (the server refuses such positions):
   * the last event at or before it, or START.
   */
  startAfter(after: bigint): Promise<Position | typeof START>;
  onClose?: () => void;
}

/**
 * A catch-up subscription to `$all` that survives connection loss. Iterate it once (every call
 * to `[Symbol.asyncIterator]` returns the same iterator); leaving the loop closes it.
 *
 * The client does not resubscribe by itself: when the call fails, this class subscribes again
 * from the last position it knows, after an exponential backoff, until `close()`. It knows two
 * kinds of positions: the last event it delivered, and the last checkpoint of the server-side
 * filter (which moves on while only system events pass, so a resubscription does not rescan
 * them). It resumes from the later of the two; subscriptions start *after* their position, and
 * events at or before the last delivered one are skipped anyway: no duplicate.
 *
 * No gap either: a checkpoint is only trusted once every event the client read before it has
 * been delivered. The client reports checkpoints when it reads them, possibly ahead of events it
 * still buffers; but when a call fails, the buffered events are delivered before the error is
 * thrown, and checkpoints of a call that was given up on are ignored.
 */
export class EsdbSubscription implements Subscription {
  private closed = false;
  private iterator: AsyncGenerator<RecordedEvent, void, undefined> | undefined;
  private current: AllStreamSubscription | undefined;
  /** Exclusive start of the next (re)subscription: an event's pair or a checkpoint. */
  private resumeFrom: Position | undefined;
  /** Commit position of the last event handed to the consumer. */
  private lastDelivered: bigint;
  /** Set when `after` turned out to be no record's position, until it is resolved. */
  private unresolvedAfter: bigint | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EsdbSubscriptionOptions,
  ) {
    const after = options.after !== undefined && options.after >= 0n ? options.after : undefined;
    this.resumeFrom = after === undefined ? undefined : pairOf(after);
    this.lastDelivered = after ?? -1n;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    this.iterator ??= this.run();
    return this.iterator;
  }

  /** Ends the iteration: a pending `next()` resolves as done, a backoff wait is cut short. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    const current = this.current;
    this.current = undefined;
    if (current) await stop(current);
    this.options.onClose?.();
  }

  private async *run(): AsyncGenerator<RecordedEvent, void, undefined> {
    try {
      yield* this.deliver();
    } finally {
      // Reached by close(), by a `break` out of the consumer's loop, or by a permanent error.
      await this.close();
    }
  }

  private async *deliver(): AsyncGenerator<RecordedEvent, void, undefined> {
    let failures = 0;
    let resolvedAfter = false;
    while (!this.closed) {
      try {
        if (this.unresolvedAfter !== undefined) {
          const start = await this.options.startAfter(this.unresolvedAfter);
          this.resumeFrom = start === START ? undefined : start;
          this.unresolvedAfter = undefined;
        }
      } catch (error) {
        if (this.closed) return;
        failures += 1;
        this.options.onRetry?.(error, failures);
        await this.sleep(this.backoff(failures));
        continue;
      }
      const subscription = this.subscribe(() => {
        failures = 0;
      });
      try {
        for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
          const event = resolved.event;
          if (!event) continue;
          this.advance(subscription, event.position);
          const position = positionOf(event);
          if (position <= this.lastDelivered || !isAppEvent(event)) continue;
          this.lastDelivered = position;
          yield toRecordedEvent(event);
          if (this.closed) return;
        }
        // The server ended the call without an error (a node shutting down): resubscribe.
      } catch (error) {
        if (this.closed) return;
        if (isInvalidPosition(error) && !resolvedAfter && this.stillAtStart()) {
          // `after` is no record's position (e.g. "position - 1"): find where to start, at once.
          resolvedAfter = true;
          this.unresolvedAfter = this.options.after;
          continue;
        }
        if (isPermanent(error)) throw toPortError(error, { description: 'subscribe to $all' });
        failures += 1;
        this.options.onRetry?.(error, failures);
      } finally {
        if (this.current === subscription) this.current = undefined;
        await stop(subscription);
      }
      if (this.closed) return;
      await this.sleep(this.backoff(failures));
    }
  }

  private subscribe(onConfirmed: () => void): AllStreamSubscription {
    const subscription: AllStreamSubscription = this.client.subscribeToAll({
      fromPosition: this.resumeFrom ?? START,
      // Server-side filter: system events do not cross the wire, and checkpoints keep coming.
      filter: excludeSystemEvents({
        checkpointReached: (_subscription, position) => this.advance(subscription, position),
      }),
    });
    subscription.once('confirmation', onConfirmed);
    this.current = subscription;
    return subscription;
  }

  /** Moves the resume point forwards, for the call in use only (see the class comment). */
  private advance(from: AllStreamSubscription, position: Position): void {
    if (from !== this.current) return;
    if (!this.resumeFrom || comparePositions(position, this.resumeFrom) > 0) {
      this.resumeFrom = position;
    }
  }

  /** True while the resume point is still the `after` the subscription was opened with. */
  private stillAtStart(): boolean {
    const after = this.options.after;
    if (after === undefined || after < 0n || !this.resumeFrom) return false;
    return comparePositions(this.resumeFrom, pairOf(after)) === 0;
  }

  private backoff(failures: number): number {
    const initial = this.options.initialDelayMs ?? 100;
    const max = this.options.maxDelayMs ?? 5_000;
    return Math.min(max, initial * 2 ** Math.max(0, failures - 1));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/** Cancels the gRPC call and ends the stream, so a pending read of it settles at once. */
async function stop(subscription: AllStreamSubscription): Promise<void> {
  if (subscription.destroyed) return;
  await subscription.unsubscribe().catch(() => undefined);
  subscription.destroy();
}
