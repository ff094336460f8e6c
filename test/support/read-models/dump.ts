import type { Database } from 'better-sqlite3';
import { reportRowsOf } from '../../../src/reports/overdue/report-store';
import { PROJECTIONS } from '../../../src/read-side/read-model-set';

/** Tables of the read models, in full, in a stable order: two files hold the same read models
 * exactly when their dumps are equal. */
const TABLES: Record<string, string> = {
  units: 'SELECT * FROM units ORDER BY id',
  // Without the internal row number, which a rebuild assigns in another order than a live file.
  items: `SELECT id, kind, status, lead_unit, source_id, grid, due_day, waits, raised_at,
            search, revision, units_key, state
          FROM items JOIN item_states USING (no) ORDER BY id`,
  item_units: 'SELECT * FROM item_units ORDER BY unit_id, item_id, role',
  report_units: 'SELECT * FROM report_units ORDER BY code',
  report_items: 'SELECT * FROM report_items ORDER BY item_no',
  reminder_agenda: 'SELECT * FROM reminder_agenda ORDER BY item_id',
  reminder_settings: 'SELECT * FROM reminder_settings ORDER BY key',
  notifications: `SELECT id, inbox, kind, item_id, unit_id, role, created_at
                  FROM notifications ORDER BY id`,
  notification_reads: 'SELECT * FROM notification_reads ORDER BY sub, id',
};

export function dumpReadModels(db: Database): Record<string, unknown[]> {
  const dump: Record<string, unknown[]> = {};
  for (const [table, sql] of Object.entries(TABLES)) {
    dump[table] = db.prepare(sql).safeIntegers(true).all();
  }
  // Chunked or one by one, as a single table (a rebuild chunks what a live file may not).
  dump.report_rows = reportRowsOf(db);
  const names = Object.values(PROJECTIONS);
  dump.checkpoints = db
    .prepare(
      `SELECT * FROM checkpoints WHERE projection IN (${names.map(() => '?').join(', ')})` +
        ' ORDER BY projection',
    )
    .safeIntegers(true)
    .all(...names);
  return dump;
}
