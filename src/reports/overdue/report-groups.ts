import type { UnitRow } from '../../organisation/read-model/units.projection';
import type { LineageBasis, UnitLineage, UnitsAsOf } from '../../organisation/unit-lineage';
import type { ReportIndex } from './report-index';

/**
 * The rows a report groups into: each unit code of the index mapped to the unit whose work it
 * was as organised at the report's date (`then`) or today (`now`), following mergers and
 * dissolutions (A merged into B merged into C: C). Groups are numbered densely; the last one,
 * `none`, is the row without a unit.
 */
export interface ReportGroups {
  /** Group of each unit code of the index. */
  groupOf: Int32Array;
  /** Unit id of each group (the `none` group has none). */
  ids: string[];
  /** Name of each group's unit, as it was called then (`then`) or is called today (`now`). */
  names: string[];
  /** 1 where the code's own unit is a commune (as registered: what the item named). */
  isCommune: Uint8Array;
  /** The group of items without a unit. */
  none: number;
}

export function reportGroups(
  index: ReportIndex,
  units: ReadonlyMap<string, UnitRow>,
  lineage: UnitLineage,
  organised: { units: UnitsAsOf; asOfMs: number; basis: LineageBasis },
): ReportGroups {
  const organisation = lineage.at(organised.units, organised.asOfMs, organised.basis);
  const n = index.unitCount;
  const groupOf = new Int32Array(n);
  const isCommune = new Uint8Array(n);
  const ids: string[] = [];
  const byId = new Map<string, number>();
  for (let code = 0; code < n; code++) {
    const own = index.unitIds[code];
    isCommune[code] = units.get(own)?.kind === 'commune' ? 1 : 0;
    const id = organisation.unitOf(own);
    let group = byId.get(id);
    if (group === undefined) {
      group = ids.push(id) - 1;
      byId.set(id, group);
    }
    groupOf[code] = group;
  }
  const names = ids.map((id) => organisation.nameOf(id) ?? units.get(id)?.name ?? id);
  return { groupOf, ids, names, isCommune, none: ids.length };
}

/**
 * The groups an item counts in by commune, each once: its listed communes, then its origin and
 * its lead when they are communes, all mapped to their group. Writes them into `out`, returns how
 * many (0: the item concerns no commune).
 */
export function communeGroups(
  groups: ReportGroups,
  pool: Int32Array,
  from: number,
  to: number,
  origin: number,
  lead: number,
  out: Int32Array,
): number {
  let count = 0;
  const add = (code: number) => {
    const group = groups.groupOf[code];
    for (let k = 0; k < count; k++) if (out[k] === group) return;
    out[count++] = group;
  };
  for (let c = from; c < to; c++) add(pool[c]);
  if (origin >= 0 && groups.isCommune[origin]) add(origin);
  if (lead >= 0 && groups.isCommune[lead]) add(lead);
  return count;
}
