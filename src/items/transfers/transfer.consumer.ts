import type { Database, Statement } from 'better-sqlite3';
import type { ConsumedEvent, Consumer } from '../../event-sourcing/consumer';
import { UNITS_STREAM, unitEvents } from '../../organisation/unit.registry';
import { effectiveInstant } from '../../organisation/unit-lineage';
import { itemEvents, type ItemEvent, type ItemUnitRole } from '../item.events';
import { isItemStream } from '../read-model/items.projection';

interface EndedUnit {
  successor: string | null;
  change_id: string;
  reason: 'merger' | 'dissolution';
  reference: string | null;
  effective_on: string;
}

/**
 * Plans the transfers of a unit change: follows, event by event, which units each item
 * concerns (lead, supporting, origin, communes), and when a unit is merged or dissolved with a
 * successor, plans one `ItemTransferred` for every item it concerns then, in the same transaction
 * as the consumer's checkpoint: each is planned exactly once, whenever the process dies. The
 * engine's sender records them (`TransferRunner`).
 *
 * An item that names an ended unit after the change (a command decided on the registry just
 * before the change was recorded) gets a transfer of its own, keyed by that item event, so no
 * item stays with an ended unit whatever the order in which the two commands were appended.
 *
 * Keys are derived from the log (the change's revision in the units stream, the unit, the item,
 * and the item event that brought the unit back): a consumer that starts again from the log plans the
 * same keys, and the item streams' idempotency keys record each transfer once.
 */
export class TransferConsumer implements Consumer<Database> {
  readonly name = 'unit-transfers';
  private statements!: ReturnType<typeof prepare>;
  /** How many transfers this consumer planned in the batch in progress (for the sender's wake). */
  private plannedInBatch = 0;

  constructor(private readonly onPlanned: () => void = () => undefined) {}

  setUp(): void {}
  createIndexes(): void {}

  open(db: Database): void {
    this.statements = prepare(db);
  }

  apply(event: ConsumedEvent): void {
    if (event.streamId === UNITS_STREAM) {
      if (unitEvents.is(event)) this.unitChange(event, event.revision);
      return;
    }
    if (!isItemStream(event.streamId) || !itemEvents.is(event)) return;
    this.itemEvent(event, event.streamId, event.revision);
  }

  flush(): void {}

  committed(): void {
    if (this.plannedInBatch > 0) this.onPlanned();
    this.plannedInBatch = 0;
  }

  rolledBack(): void {
    this.plannedInBatch = 0;
  }

  private unitChange(event: ConsumedEvent & { type: string }, revision: bigint): void {
    const decoded = unitEvents.decode(event);
    const changeId = `${UNITS_STREAM}@${revision}`;
    if (decoded.type === 'UnitsMerged') {
      const { from, into, effectiveOn, reference } = decoded.data;
      for (const unit of from) this.end(unit, into, changeId, 'merger', reference, effectiveOn);
    } else if (decoded.type === 'UnitDissolved') {
      const { unitId, successor, effectiveOn, reference } = decoded.data;
      this.end(unitId, successor, changeId, 'dissolution', reference, effectiveOn);
    }
  }

  private end(
    unit: string,
    successor: string | null,
    changeId: string,
    reason: EndedUnit['reason'],
    reference: string | null,
    effectiveOn: string,
  ): void {
    const s = this.statements;
    s.endUnit.run(unit, successor, changeId, reason, reference, effectiveOn);
    if (successor === null) return;
    const ended: EndedUnit = {
      successor,
      change_id: changeId,
      reason,
      reference,
      effective_on: effectiveOn,
    };
    for (const itemId of s.itemsOf.all(unit) as string[]) {
      this.plan(`${changeId}/${unit}/${itemId}`, itemId, unit, ended);
    }
  }

  private itemEvent(event: ItemEvent, streamId: string, revision: bigint): void {
    const s = this.statements;
    const d = event.data;
    let added: string[] = [];
    switch (event.type) {
      case 'ItemRaised':
        if (s.known.get(d.itemId) !== undefined) return; // a second raise changes nothing
        s.addItem.run(d.itemId, streamId, d.occurredAt);
        if (event.data.originUnit !== null) this.add(event.data.originUnit, d.itemId, 'origin');
        for (const c of event.data.communes) this.add(c, d.itemId, 'commune');
        added = [...(event.data.originUnit ? [event.data.originUnit] : []), ...event.data.communes];
        break;
      case 'ItemAssigned':
        s.dropWork.run(d.itemId);
        this.add(event.data.leadUnit, d.itemId, 'lead');
        for (const u of event.data.supportingUnits) this.add(u, d.itemId, 'supporting');
        added = [event.data.leadUnit, ...event.data.supportingUnits];
        break;
      case 'ItemReturned':
        s.dropWork.run(d.itemId);
        return;
      case 'ItemTransferred':
        // Usually done already when the transfer was planned; a no-op then.
        this.replace(event.data.from, event.data.to, d.itemId);
        return;
      default:
        return;
    }
    for (const unit of new Set(added)) {
      const ended = s.ended.get(unit) as EndedUnit | undefined;
      if (ended?.successor) {
        this.plan(`${ended.change_id}/${unit}/${d.itemId}@${revision}`, d.itemId, unit, ended);
      }
    }
  }

  /** Plans `from`'s part in the item over to the successor, and follows it at once. */
  private plan(key: string, itemId: string, from: string, ended: EndedUnit): void {
    const s = this.statements;
    const item = s.item.get(itemId) as { stream_id: string; raised_at: string } | undefined;
    if (!item) return;
    const to = ended.successor!;
    const effectiveAt = effectiveInstant(ended.effective_on);
    // As the decider dates it: the effective day's first instant, or the raise of one raised later.
    const occurredAt = item.raised_at > effectiveAt ? item.raised_at : effectiveAt;
    const inserted = s.plan.run(
      key,
      ended.change_id,
      itemId,
      item.stream_id,
      from,
      to,
      ended.reason,
      ended.reference,
      ended.effective_on,
      occurredAt,
    );
    if (inserted.changes > 0) this.plannedInBatch++;
    this.replace(from, to, itemId);
  }

  private add(unit: string, itemId: string, role: ItemUnitRole): void {
    this.statements.addUnit.run(unit, itemId, role);
  }

  /** Whatever roles `from` holds in the item are `to`'s: a later change of `to` finds them. */
  private replace(from: string, to: string, itemId: string): void {
    const s = this.statements;
    s.copyRoles.run(to, from, itemId);
    s.dropRoles.run(from, itemId);
  }
}

function prepare(db: Database) {
  const statement = (sql: string): Statement => db.prepare(sql);
  return {
    known: statement('SELECT 1 FROM transfer_items WHERE item_id = ?').pluck(),
    item: statement('SELECT stream_id, raised_at FROM transfer_items WHERE item_id = ?'),
    addItem: statement(
      'INSERT OR IGNORE INTO transfer_items (item_id, stream_id, raised_at) VALUES (?, ?, ?)',
    ),
    addUnit: statement(
      'INSERT OR IGNORE INTO transfer_item_units (unit_id, item_id, role) VALUES (?, ?, ?)',
    ),
    dropWork: statement(
      "DELETE FROM transfer_item_units WHERE item_id = ? AND role IN ('lead', 'supporting')",
    ),
    itemsOf: statement(
      'SELECT DISTINCT item_id FROM transfer_item_units WHERE unit_id = ? ORDER BY item_id',
    ).pluck(),
    copyRoles: statement(
      `INSERT OR IGNORE INTO transfer_item_units (unit_id, item_id, role)
       SELECT ?, item_id, role FROM transfer_item_units WHERE unit_id = ? AND item_id = ?`,
    ),
    dropRoles: statement('DELETE FROM transfer_item_units WHERE unit_id = ? AND item_id = ?'),
    endUnit: statement(
      `INSERT OR IGNORE INTO ended_units
         (unit_id, successor, change_id, reason, reference, effective_on)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    ended: statement(
      'SELECT successor, change_id, reason, reference, effective_on FROM ended_units WHERE unit_id = ?',
    ),
    plan: statement(
      `INSERT OR IGNORE INTO transfers
         (key, change_id, item_id, stream_id, from_unit, to_unit, reason, reference, effective_on,
          occurred_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}
