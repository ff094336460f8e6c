import type { Database, Statement } from 'better-sqlite3';
import { BulkInsert } from '../../read-models/bulk-insert';

/**
 * The items read model. `items` holds what lists filter, sort and count on, one narrow row per
 * item; the item's whole state (JSON, about 1 KB) lives in `item_states` under the same `no`,
 * read only for the rows of the page shown. Kept apart because a count or a text search scans
 * `items`: with the state inline that scan read 200 MB for 100,000 items, now about 20 MB. The
 * stream revision lives with the state, which every event rewrites anyway: most events (progress
 * reports) change no column of `items`, and then its row and indexes are not written at all.
 *
 * `no` is an internal row number (the order rows were written, which differs between a rebuild and
 * a live file); the item's identity is `id`.
 */
const ITEMS_DDL = `
  CREATE TABLE IF NOT EXISTS items (
    no           INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL,
    lead_unit    TEXT,
    source_id    TEXT,
    grid         TEXT NOT NULL,
    due_day      INTEGER,
    waits        INTEGER NOT NULL,
    raised_at    TEXT NOT NULL,
    search       TEXT NOT NULL,
    units_key    TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS item_states (
    no       INTEGER PRIMARY KEY,
    state    TEXT NOT NULL,
    revision INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS item_units (
    unit_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    role    TEXT NOT NULL,
    PRIMARY KEY (unit_id, item_id, role)
  ) WITHOUT ROWID;
`;

const INDEXES_DDL = `
  CREATE INDEX IF NOT EXISTS item_units_by_item ON item_units (item_id);
  CREATE INDEX IF NOT EXISTS items_by_raised ON items (raised_at DESC, id);
  CREATE INDEX IF NOT EXISTS items_by_lead ON items (lead_unit, raised_at DESC, id);
  CREATE INDEX IF NOT EXISTS items_by_status ON items (status, raised_at DESC, id);
  CREATE INDEX IF NOT EXISTS items_by_source ON items (source_id);
`;

/**
 * The trigrams of every item's search text (see `search-condition.ts`): a word of three letters or
 * more is looked up instead of scanned for. Contentless (the text is in `items`) and without
 * positions (`detail=none`): it only answers "which items contain these trigrams", at a third of
 * the size and two thirds of the build time of a full index; `items.search` then confirms the word.
 */
const SEARCH_INDEX_DDL = `
  CREATE VIRTUAL TABLE items_search USING fts5(
    search, content='', tokenize='trigram', detail=none, columnsize=0
  )`;

export function createItemTables(db: Database): void {
  db.exec(ITEMS_DDL);
}

/**
 * Creates the secondary indexes and the search index if missing. A search index created here is
 * filled from the rows already in `items` (all of them when a rebuild deferred its indexes).
 */
export function createItemIndexes(db: Database): void {
  db.exec(INDEXES_DDL);
  if (hasSearchIndex(db)) return;
  db.exec(SEARCH_INDEX_DDL);
  // Terms are gathered in memory up to this size before a segment is written: a rebuild then
  // writes one segment instead of merging hundreds (a third faster, and a single segment to read).
  db.exec(`INSERT INTO items_search (items_search, rank) VALUES ('hashsize', ${64 * 1024 * 1024})`);
  db.exec('INSERT INTO items_search (rowid, search) SELECT no, search FROM items');
}

/** Whether the search index exists yet (a rebuild creates it once its rows are written). */
export function hasSearchIndex(db: Database): boolean {
  return (
    db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'items_search'")
      .get() !== undefined
  );
}

/** A stored item as the projection reloads it. */
export interface StoredItemRow {
  no: bigint;
  state: string;
  revision: bigint;
  units_key: string;
}

export function prepareItemStatements(db: Database) {
  const statement = (sql: string): Statement => db.prepare(sql);
  return {
    isEmpty: statement('SELECT NOT EXISTS (SELECT 1 FROM items)').pluck(),
    lastNo: statement('SELECT COALESCE(MAX(no), 0) FROM items').pluck(),
    load: statement(
      `SELECT i.no, s.state, s.revision, i.units_key
       FROM items i JOIN item_states s ON s.no = i.no WHERE i.id = ?`,
    ).safeIntegers(true),
    insert: new BulkInsert(
      db,
      `INSERT INTO items (no, id, kind, source_id, raised_at, search, status, lead_unit, grid,
         due_day, waits, units_key)`,
      12,
    ),
    insertState: new BulkInsert(db, 'INSERT INTO item_states (no, state, revision)', 3),
    /** Prepared on first use: the search index exists only once `createItemIndexes` ran. */
    insertSearch: lazy(() => new BulkInsert(db, 'INSERT INTO items_search (rowid, search)', 2)),
    update: statement(
      `UPDATE items SET status = ?, lead_unit = ?, grid = ?, due_day = ?, waits = ?,
         units_key = ? WHERE no = ?`,
    ),
    updateState: statement('UPDATE item_states SET state = ?, revision = ? WHERE no = ?'),
    deleteUnits: statement('DELETE FROM item_units WHERE item_id = ?'),
    insertUnit: new BulkInsert(db, 'INSERT OR IGNORE INTO item_units (unit_id, item_id, role)', 3),
  };
}

export type ItemStatements = ReturnType<typeof prepareItemStatements>;

function lazy<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}
