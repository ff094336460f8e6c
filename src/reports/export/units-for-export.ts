import type { QueryBus } from '@nestjs/cqrs';
import { ListUnitsQuery } from '../../organisation/application/reference-data.queries';

/** Who issues the workbooks (the province's own unit, when registered) and every unit's name. */
export interface ExportUnits {
  issuer: string;
  names: ReadonlyMap<string, string>;
}

const DEFAULT_ISSUER = 'Ủy ban nhân dân tỉnh';

export async function unitsForExport(queries: QueryBus): Promise<ExportUnits> {
  const units = await queries.execute(new ListUnitsQuery());
  const province = units.find((unit) => unit.kind === 'province');
  return {
    issuer: province?.name ?? DEFAULT_ISSUER,
    names: new Map(units.map((unit) => [unit.id, unit.name])),
  };
}

/** A file-name stamp of now, local time: 20260331-1705. */
export function fileStamp(nowMs: number): string {
  const local = new Date(nowMs + 7 * 3_600_000).toISOString();
  return `${local.slice(0, 10).replace(/-/g, '')}-${local.slice(11, 16).replace(':', '')}`;
}
