import type { Database } from 'better-sqlite3';
import { PROJECTIONS } from '../read-model-set';

/** Tables of the read models, in full, in a stable order: two files hold the same read models
 * exactly when their dumps are equal. */
const TABLES: Record<string, string> = {
  units: 'SELECT * FROM units ORDER BY id',
  items: 'SELECT * FROM items ORDER BY id',
  item_units: 'SELECT * FROM item_units ORDER BY unit_id, item_id, role',
  report_units: 'SELECT * FROM report_units ORDER BY code',
  report_items: 'SELECT * FROM report_items ORDER BY item_no',
  report_rows: 'SELECT * FROM report_rows ORDER BY position',
};

export function dumpReadModels(db: Database): Record<string, unknown[]> {
  const dump: Record<string, unknown[]> = {};
  for (const [table, sql] of Object.entries(TABLES)) {
    dump[table] = db.prepare(sql).safeIntegers(true).all();
  }
  dump.checkpoints = db
    .prepare('SELECT * FROM checkpoints WHERE projection IN (?, ?, ?) ORDER BY projection')
    .safeIntegers(true)
    .all(...Object.values(PROJECTIONS));
  return dump;
}
