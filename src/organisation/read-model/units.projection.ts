import type { Database, Statement } from 'better-sqlite3';
import { UNITS_STREAM, unitEvents, type UnitKind } from '../unit.registry';
import type { ProjectedEvent, Projection } from '../../read-models/projection';

export interface UnitRow {
  id: string;
  name: string;
  kind: UnitKind;
}

/**
 * Units as of the checkpoint: reports need each unit's name and whether it is a commune, read in
 * the same snapshot as the counts (the registry service reads the store, which may be ahead).
 */
export class UnitsProjection implements Projection {
  readonly name = 'units';
  private insert!: Statement;

  setUp(db: Database): void {
    db.exec(`CREATE TABLE IF NOT EXISTS units (
      id   TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL
    )`);
  }

  createIndexes(): void {}

  open(db: Database): void {
    this.insert = db.prepare(
      'INSERT INTO units (id, name, kind) VALUES (?, ?, ?)' +
        ' ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind',
    );
  }

  apply(event: ProjectedEvent): void {
    if (event.streamId !== UNITS_STREAM || !unitEvents.is(event)) return;
    const unit = event.data;
    this.insert.run(unit.id, unit.name, unit.kind);
  }

  flush(): void {}
  committed(): void {}
  rolledBack(): void {}
}

/** Every unit the read models know, by id. */
export function readUnits(db: Database): Map<string, UnitRow> {
  const rows = db.prepare('SELECT id, name, kind FROM units').all() as UnitRow[];
  return new Map(rows.map((row) => [row.id, row]));
}
