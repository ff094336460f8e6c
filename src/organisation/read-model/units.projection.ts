import type { Database, Statement } from 'better-sqlite3';
import { UNITS_STREAM, unitEvents, type UnitKind } from '../unit.registry';
import { lineageChangesOf, UnitLineage, type LineageChange } from '../unit-lineage';
import type { ProjectedEvent, Projection } from '../../read-models/projection';
import { instantMs } from '../../read-models/instant';

export interface UnitRow {
  id: string;
  name: string;
  kind: UnitKind;
}

/**
 * Units as of the checkpoint: reports need each unit's name and whether it is a commune, read in
 * the same snapshot as the counts (the registry service reads the store, which may be ahead),
 * and the units' lineage (`unit_changes`: beginnings, renames, mergers, dissolutions with their
 * effective and recorded times) to group by units as organised then or now.
 */
export class UnitsProjection implements Projection {
  readonly name = 'units';
  private insert!: Statement;
  private rename!: Statement;
  private insertChange!: Statement;

  setUp(db: Database): void {
    db.exec(`CREATE TABLE IF NOT EXISTS units (
      id   TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS unit_changes (
      position     INTEGER NOT NULL,
      seq          INTEGER NOT NULL,
      unit_id      TEXT NOT NULL,
      change       TEXT NOT NULL,
      name         TEXT,
      successor    TEXT,
      effective_ms REAL NOT NULL,
      recorded_ms  REAL NOT NULL,
      PRIMARY KEY (position, seq)
    )`);
  }

  createIndexes(): void {}

  open(db: Database): void {
    this.insert = db.prepare(
      'INSERT INTO units (id, name, kind) VALUES (?, ?, ?)' +
        ' ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind',
    );
    this.rename = db.prepare('UPDATE units SET name = ? WHERE id = ?');
    this.insertChange = db.prepare(
      'INSERT OR REPLACE INTO unit_changes' +
        ' (position, seq, unit_id, change, name, successor, effective_ms, recorded_ms)' +
        ' VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  apply(event: ProjectedEvent): void {
    if (event.streamId !== UNITS_STREAM || !unitEvents.is(event)) return;
    if (event.type === 'UnitRegistered') {
      this.insert.run(event.data.id, event.data.name, event.data.kind);
    } else if (event.type === 'UnitRenamed') {
      this.rename.run(event.data.name, event.data.unitId);
    }
    lineageChangesOf(event, instantMs(event.recordedAt)).forEach((c, seq) => {
      this.insertChange.run(
        event.position,
        seq,
        c.unitId,
        c.change,
        c.name,
        c.successor,
        c.effectiveMs,
        c.recordedMs,
      );
    });
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

/** The units' lineage as the read models hold it, in log order. */
export function readUnitLineage(db: Database): UnitLineage {
  const rows = db
    .prepare(
      `SELECT unit_id, change, name, successor, effective_ms, recorded_ms
       FROM unit_changes ORDER BY position, seq`,
    )
    .all() as {
    unit_id: string;
    change: LineageChange['change'];
    name: string | null;
    successor: string | null;
    effective_ms: number | null;
    recorded_ms: number;
  }[];
  return new UnitLineage(
    rows.map((r) => ({
      unitId: r.unit_id,
      change: r.change,
      name: r.name,
      successor: r.successor,
      // SQLite keeps -Infinity as a REAL; NULL would only come from a hand-edited file.
      effectiveMs: r.effective_ms ?? -Infinity,
      recordedMs: r.recorded_ms,
    })),
  );
}
