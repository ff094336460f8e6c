import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../event-store/event-store.port';
import { ITEM_KINDS, type ItemKind } from '../item.events';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Ids are UUIDs and an item never changes kind, so this cache never goes stale; it is only bounded. */
const KIND_CACHE_LIMIT = 200_000;

/** One stream per item, `<kind>-<uuid>`: the kind reads clearly in the global log. */
export function itemStreamId(kind: ItemKind, id: string): string {
  return `${kind}-${id}`;
}

export function isItemId(id: string): boolean {
  return UUID.test(id);
}

/** Finds an item's stream from its id alone (API paths carry only the id). */
@Injectable()
export class ItemStreams {
  private readonly kinds = new Map<string, ItemKind>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The item's stream id and events, or undefined when no item has this id. */
  async load(id: string): Promise<{ streamId: string; events: RecordedEvent[] } | undefined> {
    if (!isItemId(id)) return undefined;
    const known = this.kinds.get(id);
    for (const kind of known ? [known] : ITEM_KINDS) {
      const streamId = itemStreamId(kind, id);
      const events = await this.store.readStream(streamId);
      if (events.length > 0) {
        this.remember(id, kind);
        return { streamId, events };
      }
    }
    return undefined;
  }

  /** The item's stream id without reading it when the kind is already known (the common case). */
  async streamIdOf(id: string): Promise<string | undefined> {
    const known = isItemId(id) ? this.kinds.get(id) : undefined;
    if (known) return itemStreamId(known, id);
    return (await this.load(id))?.streamId;
  }

  remember(id: string, kind: ItemKind): void {
    if (this.kinds.size >= KIND_CACHE_LIMIT) this.kinds.clear();
    this.kinds.set(id, kind);
  }
}
