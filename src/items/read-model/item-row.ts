import type { Item } from '../item.state';
import { completedOnTime, dayNumber } from './timeliness-clock';

/**
 * Where an item stands on the timeliness grid, as far as it does not depend on "now":
 * - `no-deadline`, `completed-on-time`, `completed-late` are final for the item's state;
 * - `open` is judged at query time from `dueDay` (overdue / due soon / on time);
 * - `cancelled` is final too: a withdrawn item is neither on time nor late, deadline or not.
 */
export type StoredGrid =
  'no-deadline' | 'completed-on-time' | 'completed-late' | 'open' | 'cancelled';

/** The columns of an `items` row that are derived from the item's state. */
export interface ItemColumns {
  grid: StoredGrid;
  dueDay: number | null;
  /** What the item waits for, as {@link WAITS} bits: the work queues filter on them. */
  waits: number;
  /**
   * Who the item concerns, for unit scoping and the commune filter; `former`: a unit whose part
   * passed to a successor (its users still read the item).
   */
  units: { unitId: string; role: 'lead' | 'supporting' | 'origin' | 'commune' | 'former' }[];
}

export function itemColumns(item: Item): ItemColumns {
  const due = item.deadline.current;
  const dueDay = due === null ? null : dayNumber(due);
  return {
    grid: gridOf(item, dueDay),
    dueDay,
    waits: waitsOf(item),
    units: unitsOf(item),
  };
}

/** Bits of the `waits` column: what an open item waits for beyond its status. */
export const WAITS = {
  /** An extension request the office has not decided. */
  extensionDecision: 1,
  /** The office returned the completion report: the lead unit must rework it. */
  rework: 2,
} as const;

function waitsOf(item: Item): number {
  let waits = 0;
  if (item.pendingExtension !== null) waits |= WAITS.extensionDecision;
  if (item.reworkRequestedAt !== null && item.status === 'in-progress') waits |= WAITS.rework;
  return waits;
}

function gridOf(item: Item, dueDay: number | null): StoredGrid {
  if (item.status === 'cancelled') return 'cancelled';
  if (dueDay === null) return 'no-deadline';
  if (item.status === 'resolved') {
    const doneAt = item.completedAt ?? item.resolvedAt;
    return doneAt !== null && completedOnTime(Date.parse(doneAt), dueDay)
      ? 'completed-on-time'
      : 'completed-late';
  }
  return 'open';
}

function unitsOf(item: Item): ItemColumns['units'] {
  const units: ItemColumns['units'] = [];
  if (item.leadUnit !== null) units.push({ unitId: item.leadUnit, role: 'lead' });
  for (const unitId of item.supportingUnits) units.push({ unitId, role: 'supporting' });
  if (item.originUnit !== null) units.push({ unitId: item.originUnit, role: 'origin' });
  for (const unitId of item.communes) units.push({ unitId, role: 'commune' });
  for (const unitId of item.formerUnits) units.push({ unitId, role: 'former' });
  return units;
}

/** A cheap fingerprint of who the item concerns: membership rows are rewritten only when it changes. */
export function unitsKey(item: Item): string {
  return JSON.stringify([
    item.leadUnit,
    item.supportingUnits,
    item.originUnit,
    item.communes,
    item.formerUnits,
  ]);
}
