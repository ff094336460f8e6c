import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../event-store/event-store.port';
import { evolve, evolveInPlace } from '../item.evolve';
import { itemEvents } from '../item.events';
import { initialState, type ItemState } from '../item.state';
import { ItemStreams } from './item-streams';

/** Items kept folded; each holds one item's state (a few KB), not its events. */
const KEPT_LIMIT = 5_000;

/** An item folded up to `revision`, with what its detail shows beyond the state. */
export interface ItemFold {
  streamId: string;
  state: ItemState;
  revision: bigint;
  /** The latest completion report's business and recording times (for late-entry marks). */
  completion: { occurredAt: string; recordedAt: string } | null;
}

/**
 * Item details from a kept fold: the first read of an item folds its stream, later reads fold only
 * the events appended since. An item one unit filled with thousands of long notes then costs one
 * indexed read of nothing new per request, instead of parsing megabytes of notes on the thread
 * that answers everyone.
 */
@Injectable()
export class ItemFolds {
  /** By item id, least recently used first (a Map keeps insertion order). */
  private readonly kept = new Map<string, ItemFold>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly streams: ItemStreams,
  ) {}

  /** The item folded to the stream's current end, or undefined when no item has this id. */
  async current(id: string): Promise<ItemFold | undefined> {
    const before = this.kept.get(id);
    let fold: ItemFold;
    if (before) {
      const newer = await this.store.readStream(before.streamId, {
        fromRevision: before.revision + 1n,
      });
      // `evolve` copies: the kept state may be held by a request still rendering it.
      fold = foldOnto({ ...before }, newer, evolve);
    } else {
      const found = await this.streams.load(id);
      if (!found) return undefined;
      const empty = { streamId: found.streamId, state: initialState(), revision: -1n };
      // A fresh state nobody else holds: folded in place, without a copy per event.
      fold = foldOnto({ ...empty, completion: null }, found.events, evolveInPlace);
    }
    this.keep(id, fold);
    return fold;
  }

  private keep(id: string, fold: ItemFold): void {
    const kept = this.kept.get(id);
    // Two reads racing: the one that saw more of the stream wins.
    if (kept && kept.revision > fold.revision) return;
    this.kept.delete(id);
    this.kept.set(id, fold);
    if (this.kept.size > KEPT_LIMIT) this.kept.delete(this.kept.keys().next().value!);
  }
}

function foldOnto(
  fold: ItemFold,
  events: readonly RecordedEvent[],
  step: (state: ItemState, event: ReturnType<typeof itemEvents.decode>) => ItemState,
): ItemFold {
  for (const recorded of events) {
    const event = itemEvents.decode(recorded);
    fold.state = step(fold.state, event);
    fold.revision = recorded.revision;
    if (event.type === 'CompletionReported') {
      fold.completion = { occurredAt: event.data.occurredAt, recordedAt: recorded.recordedAt };
    }
  }
  return fold;
}
