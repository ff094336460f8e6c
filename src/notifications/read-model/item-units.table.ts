import type { Database, Statement } from 'better-sqlite3';
import type { ItemEvent } from '../../items/item.events';

/** Who leads and supports an item, and its title, as of the last event followed. */
export interface ItemUnits {
  title: string;
  leadUnit: string | null;
  supportingUnits: string[];
}

/**
 * Follows, event by event, who leads and supports each item (and its title), in a table of the
 * consumer's own database. Notifications go to whoever led the item when the event happened:
 * a read model folded to the end of a batch could not say, and the answer must not depend on how
 * the log is cut into batches.
 */
export class ItemUnitsTable {
  private readonly statements: ReturnType<typeof prepare>;

  constructor(db: Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS notification_item_units (
        item_id    TEXT PRIMARY KEY,
        title      TEXT NOT NULL,
        lead_unit  TEXT,
        supporting TEXT NOT NULL
      ) WITHOUT ROWID`);
    this.statements = prepare(db);
  }

  /** Takes in what `event` changes (a raise, an assignment, a return); within a transaction. */
  follow(event: ItemEvent): void {
    const d = event.data;
    switch (event.type) {
      case 'ItemRaised':
        this.statements.raise.run(d.itemId, event.data.title);
        return;
      case 'ItemAssigned':
        this.statements.assign.run(
          event.data.leadUnit,
          JSON.stringify(event.data.supportingUnits),
          d.itemId,
        );
        return;
      case 'ItemReturned':
        this.statements.assign.run(null, '[]', d.itemId);
        return;
      case 'ItemTransferred': {
        // The successor of a merged or dissolved unit takes its roles, as `evolve` does: from
        // now on it hears of the item (its reminders, urges, decisions).
        const { from, to } = event.data;
        const units = this.unitsOf(d.itemId);
        const lead = units.leadUnit === from ? to : units.leadUnit;
        const supporting = [
          ...new Set(units.supportingUnits.map((u) => (u === from ? to : u))),
        ].filter((u) => u !== lead);
        this.statements.assign.run(lead, JSON.stringify(supporting), d.itemId);
        return;
      }
      default:
        return;
    }
  }

  unitsOf(itemId: string): ItemUnits {
    const row = this.statements.load.get(itemId) as
      { title: string; lead_unit: string | null; supporting: string } | undefined;
    return row
      ? {
          title: row.title,
          leadUnit: row.lead_unit,
          supportingUnits: JSON.parse(row.supporting) as string[],
        }
      : { title: '', leadUnit: null, supportingUnits: [] };
  }
}

function prepare(db: Database) {
  const statement = (sql: string): Statement => db.prepare(sql);
  return {
    raise: statement(
      'INSERT OR IGNORE INTO notification_item_units (item_id, title, lead_unit, supporting)' +
        " VALUES (?, ?, NULL, '[]')",
    ),
    assign: statement(
      'UPDATE notification_item_units SET lead_unit = ?, supporting = ? WHERE item_id = ?',
    ),
    load: statement(
      'SELECT title, lead_unit, supporting FROM notification_item_units WHERE item_id = ?',
    ),
  };
}
