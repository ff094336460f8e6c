import { RecordedEvent, Subscription } from './event-store.port';

/** What a catch-up subscription needs from a store that keeps its log in-process or in a file. */
export interface CatchUpSource {
  readAll(options: { after?: bigint; limit: number }): Promise<RecordedEvent[]>;
  /** Calls `listener` after each local commit; returns a function that stops the calls. */
  onAppend(listener: () => void): () => void;
}

export interface CatchUpOptions {
  /** Deliver events with a position strictly greater than this; from the start if omitted. */
  after?: bigint;
  /** Events read per query while catching up. */
  pageSize?: number;
  /**
   * When caught up, re-read the log at least this often even without a local notification, so
   * commits made by another process (another connection to the same SQLite file) are seen too.
   * Omitted: wait for local notifications only (the memory store).
   */
  pollIntervalMs?: number;
  /** Called once when the subscription closes (the store forgets it). */
  onClose?: () => void;
}

/**
 * A catch-up subscription over any log that can be paged by position: it reads pages of
 * `readAll({ after: last })` until a short page, then sleeps until a local append is signalled or
 * the poll interval passes, and reads again. Because every read asks for `position > last` and
 * `last` only moves to the position of an event just delivered, nothing is skipped and nothing is
 * delivered twice, whether an event arrives during catch-up or live. This relies on positions
 * becoming visible in increasing order, which a single-writer log (SQLite, memory) guarantees.
 *
 * The poll timer is `unref()`ed: a waiting subscription alone does not keep the process alive.
 * `close()` (or leaving a `for await` loop) ends the iteration promptly and clears the timer.
 */
export class CatchUpSubscription implements Subscription {
  private last: bigint | undefined;
  private closed = false;
  /** Set by every local append; cleared just before a read, so no signal falls between the two. */
  private signalled = false;
  private wake: (() => void) | undefined;
  private readonly stopListening: () => void;
  private readonly pageSize: number;

  constructor(
    private readonly source: CatchUpSource,
    private readonly options: CatchUpOptions = {},
  ) {
    this.last = options.after;
    this.pageSize = options.pageSize ?? 500;
    this.stopListening = source.onAppend(() => {
      this.signalled = true;
      this.wake?.();
    });
  }

  private iterator?: AsyncGenerator<RecordedEvent, void, undefined>;

  /** One consumer (see the port): every call returns the same iterator. */
  [Symbol.asyncIterator](): AsyncGenerator<RecordedEvent, void, undefined> {
    this.iterator ??= this.events();
    return this.iterator;
  }

  private async *events(): AsyncGenerator<RecordedEvent, void, undefined> {
    try {
      while (!this.closed) {
        this.signalled = false;
        const page = await this.source.readAll({ after: this.last, limit: this.pageSize });
        for (const event of page) {
          if (this.closed) return;
          this.last = event.position;
          yield event;
        }
        // A full page means more may be waiting; a signal during the read means the same.
        if (page.length < this.pageSize && !this.signalled && !this.closed) await this.sleep();
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopListening();
    this.wake?.();
    this.options.onClose?.();
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      if (this.options.pollIntervalMs !== undefined) {
        timer = setTimeout(this.wake, this.options.pollIntervalMs);
        timer.unref();
      }
    });
  }
}
