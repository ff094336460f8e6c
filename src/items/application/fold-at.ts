import type { RecordedEvent } from '../../event-store/event-store.port';
import { evolveInPlace } from '../item.evolve';
import { itemEvents } from '../item.events';
import { initialState, type ItemState } from '../item.state';

/**
 * Which time places an event before or after an instant, as in the reports: `effective` its
 * business time (what was true then, as known today), `recorded` when the store committed it
 * (what the system showed then).
 */
export type ItemBasis = 'effective' | 'recorded';

/**
 * An item's state at `asOfMs`: its stream's events whose business or recording time is at or
 * before it, folded in stream order (the report's timeline folds the same events the same way).
 * Returns the state and the revision of the last event folded (-1n: none).
 */
export function foldAt(
  events: readonly RecordedEvent[],
  asOfMs: number,
  basis: ItemBasis,
): { state: ItemState; revision: bigint } {
  let state = initialState();
  let revision = -1n;
  for (const event of events) {
    const time = basis === 'effective' ? event.metadata.occurredAt : event.recordedAt;
    if (Date.parse(time) > asOfMs) continue;
    // A fresh state nobody else holds: folded in place.
    state = evolveInPlace(state, itemEvents.decode(event));
    revision = event.revision;
  }
  return { state, revision };
}
