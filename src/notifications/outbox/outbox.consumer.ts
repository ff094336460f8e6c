import type { Database, Statement } from 'better-sqlite3';
import type { ConsumedEvent, Consumer } from '../../event-sourcing/consumer';
import { itemEvents } from '../../items/item.events';
import { isItemStream } from '../../items/read-model/items.projection';
import { notificationsOf, type Notification } from '../notification';
import { ItemUnitsTable } from '../read-model/item-units.table';

/** Events recorded longer ago than this are history: the inbox shows them, nobody is sent them. */
export const DELIVERY_HORIZON_MS = 24 * 60 * 60_000;

/**
 * Plans what leaves the building: every notification to a unit, from events recorded in the last
 * {@link DELIVERY_HORIZON_MS} (a first start on a year of history sends nothing old), goes into
 * the outbox with its stable id, in the same transaction as the consumer's checkpoint: it is
 * planned exactly once. The sender expands it into one delivery per channel of the unit.
 */
export class OutboxConsumer implements Consumer<Database> {
  readonly name = 'outbox';
  private units!: ItemUnitsTable;
  private insert!: Statement;

  constructor(private readonly now: () => number = Date.now) {}

  setUp(): void {}
  createIndexes(): void {}

  open(db: Database): void {
    this.units = new ItemUnitsTable(db);
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO outbox_notifications (id, unit_id, payload) VALUES (?, ?, ?)',
    );
  }

  apply(event: ConsumedEvent): void {
    if (!isItemStream(event.streamId) || !itemEvents.is(event)) return;
    this.units.follow(event);
    if (Date.parse(event.recordedAt) < this.now() - DELIVERY_HORIZON_MS) return;
    const item = this.units.unitsOf(event.data.itemId);
    for (const n of notificationsOf(event, item, `${event.streamId}@${event.revision}`)) {
      if (!('unitId' in n.recipient)) continue;
      const notification: Notification = {
        id: n.id,
        kind: n.kind,
        itemId: n.itemId,
        itemTitle: item.title,
        unitId: n.recipient.unitId,
        createdAt: n.createdAt,
      };
      this.insert.run(n.id, n.recipient.unitId, JSON.stringify(notification));
    }
  }

  flush(): void {}
  committed(): void {}
  rolledBack(): void {}
}
