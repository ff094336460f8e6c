import type { RecordedEvent, Subscription } from '../event-store/event-store.port';

const NOTHING_YET = Symbol('nothing-yet');

/** Resolves after pending I/O callbacks: events a subscription already holds arrive before it. */
function nextTurn(): Promise<typeof NOTHING_YET> {
  return new Promise((resolve) => setImmediate(() => resolve(NOTHING_YET)));
}

/**
 * Groups a live subscription into batches: waits for one event, then takes every event that is
 * already available (up to `maxBatch`) without waiting for more. A burst of appends thus costs one
 * read-model transaction, while a lone event is applied at once.
 *
 * The `next()` still pending when a batch is cut is kept for the following batch, never dropped,
 * so no event is lost or reordered.
 */
export async function* liveBatches(
  subscription: Subscription,
  maxBatch: number,
): AsyncGenerator<RecordedEvent[], void, undefined> {
  const iterator = subscription[Symbol.asyncIterator]();
  let pending = iterator.next();
  try {
    for (;;) {
      const first = await pending;
      if (first.done) return;
      const batch = [first.value];
      pending = iterator.next();
      while (batch.length < maxBatch) {
        const next = await Promise.race([pending, nextTurn()]);
        if (next === NOTHING_YET) break;
        if (next.done) {
          yield batch;
          return;
        }
        batch.push(next.value);
        pending = iterator.next();
      }
      yield batch;
    }
  } finally {
    await subscription.close();
  }
}
