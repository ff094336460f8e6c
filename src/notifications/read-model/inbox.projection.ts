import type { Database, Statement } from 'better-sqlite3';
import { isItemStream } from '../../items/read-model/items.projection';
import { itemEvents } from '../../items/item.events';
import type { ProjectedEvent, Projection } from '../../read-models/projection';
import { inboxEvents } from '../inbox.registry';
import { inboxOf, notificationsOf } from '../notification';
import { ItemUnitsTable } from './item-units.table';

/**
 * The inboxes: every notification the log's events cause (see `notificationsOf`), and every
 * user's read marks. Ids are derived from the events, so a rebuild gives the same notifications.
 *
 * Who led and supported each item is followed here, event by event, rather than read from the
 * items read model: that one is already at the end of the batch, and a notification must go to
 * whoever led the item when the event happened, however the log is cut into batches.
 */
const NO_UNITS = { leadUnit: null, supportingUnits: [] };

export class InboxProjection implements Projection {
  readonly name = 'inbox';
  private statements!: ReturnType<typeof prepare>;
  private units!: ItemUnitsTable;

  setUp(db: Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS notifications (
        no         INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        inbox      TEXT NOT NULL,
        kind       TEXT NOT NULL,
        item_id    TEXT NOT NULL,
        unit_id    TEXT,
        role       TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS notification_reads (
        sub     TEXT NOT NULL,
        id      TEXT NOT NULL,
        read_at TEXT NOT NULL,
        PRIMARY KEY (sub, id)
      ) WITHOUT ROWID`);
  }

  createIndexes(db: Database): void {
    db.exec('CREATE INDEX IF NOT EXISTS notifications_inbox ON notifications (inbox, no)');
  }

  open(db: Database): void {
    this.statements = prepare(db);
    this.units = new ItemUnitsTable(db);
  }

  apply(event: ProjectedEvent): void {
    if (isItemStream(event.streamId)) {
      if (!itemEvents.is(event)) return;
      this.units.follow(event);
      // Only these two notify by who leads or supports now: the others skip the lookup.
      const item =
        event.type === 'ExtensionDecided' || event.type === 'ReminderFired'
          ? this.units.unitsOf(event.data.itemId)
          : NO_UNITS;
      for (const n of notificationsOf(event, item, `${event.streamId}@${event.revision}`)) {
        const { recipient } = n;
        this.statements.insert.run(
          n.id,
          inboxOf(recipient),
          n.kind,
          n.itemId,
          'unitId' in recipient ? recipient.unitId : null,
          'role' in recipient ? recipient.role : null,
          n.createdAt,
        );
      }
    } else if (inboxEvents.is(event)) {
      const { sub, notificationId, occurredAt } = event.data;
      this.statements.read.run(sub, notificationId, occurredAt);
    }
  }

  flush(): void {}
  committed(): void {}
  rolledBack(): void {}
}

function prepare(db: Database) {
  const statement = (sql: string): Statement => db.prepare(sql);
  return {
    // A replayed event (the same batch applied again after a rollback) adds nothing twice.
    insert: statement(
      'INSERT OR IGNORE INTO notifications (id, inbox, kind, item_id, unit_id, role, created_at)' +
        ' VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    read: statement('INSERT OR IGNORE INTO notification_reads (sub, id, read_at) VALUES (?, ?, ?)'),
  };
}
