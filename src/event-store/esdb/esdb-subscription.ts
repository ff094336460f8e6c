import {
  excludeSystemEvents,
  START,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import type { RecordedEvent, Subscription } from '../event-store.port';
import { isPermanent, toPortError } from './esdb-errors';
import {
  comparePositions,
  isSystemEvent,
  pairOf,
  positionOf,
  toRecordedEvent,
} from './esdb-events';

export interface ResubscribeOptions {
  /** First wait after a dropped subscription; doubled on each failure in a row. Default 100 ms. */
  initialDelayMs?: number;
  /** Longest wait between two attempts. Default 5 s. */
  maxDelayMs?: number;
  /** Told of each drop before the wait (for logs). */
  onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * A catch-up subscription to `$all` that survives connection loss.
 *
 * The client does not resubscribe by itself: when the call fails, this class subscribes again
 * from the last position it knows, after an exponential backoff, until `close()`. It knows two
 * kinds of positions: the last event it delivered, and the last checkpoint of the server-side
 * filter (which moves on even while only system events pass, so a resubscription does not rescan
 * them). It resumes from the later of the two; subscriptions start *after* their position, and
 * events at or before the last delivered one are skipped anyway, so there is no duplicate.
 *
 * No gap either: a checkpoint is only trusted once every event the client read before it has
 * been delivered. The client reports checkpoints when it reads them, possibly ahead of events it
 * still buffers; but when a call fails, the buffered events are delivered before the error is
 * thrown, and checkpoints of a call that was given up on are ignored.
 */
export class EsdbSubscription implements Subscription {
  private closed = false;
  private iterating = false;
  private current: AllStreamSubscription | undefined;
  /** Exclusive start of the next (re)subscription: an event's pair or a checkpoint. */
  private resumeFrom: Position | undefined;
  /** Commit position of the last event handed to the consumer. */
  private lastDelivered: bigint;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private wake: (() => void) | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    after: bigint | undefined,
    private readonly options: ResubscribeOptions & { onClose?: () => void } = {},
  ) {
    const start = after !== undefined && after >= 0n ? after : undefined;
    this.resumeFrom = start === undefined ? undefined : pairOf(start);
    this.lastDelivered = start ?? -1n;
    this.initialDelayMs = options.initialDelayMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 5_000;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iterating) throw new Error('An EventStoreDB subscription can be iterated only once');
    this.iterating = true;
    return this.run();
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
    let failures = 0;
    while (!this.closed) {
      const subscription = this.subscribe(() => {
        failures = 0;
      });
      try {
        for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
          const event = resolved.event;
          if (!event) continue;
          this.advance(subscription, event.position);
          const position = positionOf(event);
          if (position <= this.lastDelivered || isSystemEvent(event)) continue;
          this.lastDelivered = position;
          yield toRecordedEvent(event);
          if (this.closed) return;
        }
        // The server ended the call without an error (e.g. a node shutting down): resubscribe.
      } catch (error) {
        if (this.closed) return;
        if (isPermanent(error)) throw toPortError(error, { description: 'subscribe to $all' });
        failures += 1;
        this.options.onRetry?.(error, failures);
      } finally {
        if (this.current === subscription) this.current = undefined;
        await stop(subscription);
      }
      if (this.closed) return;
      await this.sleep(Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** Math.max(0, failures - 1)));
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

  /** Moves the resume point forwards, for the subscription in use only (see the class comment). */
  private advance(from: AllStreamSubscription, position: Position): void {
    if (from !== this.current) return;
    if (!this.resumeFrom || comparePositions(position, this.resumeFrom) > 0) {
      this.resumeFrom = position;
    }
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
