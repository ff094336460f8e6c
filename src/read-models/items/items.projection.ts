import type { Database, Statement } from 'better-sqlite3';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { itemDecider } from '../../follow-up/item.decider';
import type { ItemEvent } from '../../follow-up/item.events';
import { itemExists, type Item, type ItemState } from '../../follow-up/item.state';
import type { Projection } from '../projection';
import { itemColumns, unitsKey } from './item-row';
import { foldForSearch } from './search-text';

const ITEMS_DDL = `
  CREATE TABLE IF NOT EXISTS items (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL,
    lead_unit    TEXT,
    source_id    TEXT,
    grid         TEXT NOT NULL,
    due_day      INTEGER,
    cancelled_ms INTEGER,
    raised_at    TEXT NOT NULL,
    search       TEXT NOT NULL,
    revision     INTEGER NOT NULL,
    units_key    TEXT NOT NULL,
    state        TEXT NOT NULL
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
  CREATE INDEX IF NOT EXISTS items_by_lead ON items (lead_unit, raised_at DESC);
  CREATE INDEX IF NOT EXISTS items_by_status ON items (status, raised_at DESC);
  CREATE INDEX IF NOT EXISTS items_by_source ON items (source_id);
`;

interface CachedItem {
  itemId: string;
  state: ItemState;
  /** Changed since the last flush (listed in `dirty`). */
  dirty: boolean;
  revision: bigint;
  /** Whether a row exists in the file (insert or update on flush). */
  stored: boolean;
  /** `unitsKey` of the state last written, so membership rows are rewritten only on change. */
  storedUnitsKey: string | null;
}

/** How many item states stay in memory between batches (about 1–2 KB each). */
const DEFAULT_CACHE_SIZE = 20_000;

/** Item streams are `directive-<uuid>` and `recommendation-<uuid>`. */
export function isItemStream(streamId: string): boolean {
  return streamId.startsWith('directive-') || streamId.startsWith('recommendation-');
}

/**
 * The current state of every item, for lists and filters. Folds events with the domain's own
 * `evolve`, so a listed item is exactly what `GET /api/items/{id}` shows. States of recently loaded
 * items stay in a bounded cache (oldest first out: cheaper than LRU bookkeeping on every event) and
 * are written once per batch, however many events touched them.
 */
export class ItemsProjection implements Projection {
  readonly name = 'items';
  private readonly cache = new Map<string, CachedItem>();
  private dirty: CachedItem[] = [];
  private statements!: ReturnType<typeof prepare>;

  constructor(private readonly cacheSize = DEFAULT_CACHE_SIZE) {}

  setUp(db: Database): void {
    db.exec(ITEMS_DDL);
  }

  createIndexes(db: Database): void {
    db.exec(INDEXES_DDL);
  }

  open(db: Database): void {
    this.statements = prepare(db);
    this.cache.clear();
    this.dirty = [];
  }

  apply(event: RecordedEvent): void {
    if (!isItemStream(event.streamId)) return;
    const itemId = (event.data as { itemId: string }).itemId;
    const entry = this.entry(itemId);
    entry.state = itemDecider.evolve(entry.state, event as unknown as ItemEvent);
    entry.revision = event.revision;
    if (!entry.dirty) {
      entry.dirty = true;
      this.dirty.push(entry);
    }
  }

  flush(): void {
    // In key order: neighbouring rows share b-tree pages, which matters when a rebuild writes all.
    const dirty = this.dirty.sort((a, b) => (a.itemId < b.itemId ? -1 : 1));
    this.dirty = [];
    for (const entry of dirty) {
      entry.dirty = false;
      // Events before a raise change nothing.
      if (itemExists(entry.state)) this.write(entry.state, entry);
    }
  }

  committed(): void {
    // Map order is insertion order: the items loaded longest ago go first.
    for (const key of this.cache.keys()) {
      if (this.cache.size <= this.cacheSize) break;
      this.cache.delete(key);
    }
  }

  rolledBack(): void {
    // Cached states may hold events that were never committed: start again from the file.
    this.cache.clear();
    this.dirty = [];
  }

  private entry(itemId: string): CachedItem {
    const cached = this.cache.get(itemId);
    if (cached) return cached;
    const row = this.statements.load.get(itemId) as
      { state: string; revision: bigint; units_key: string } | undefined;
    const entry: CachedItem = row
      ? {
          itemId,
          state: JSON.parse(row.state) as Item,
          dirty: false,
          revision: row.revision,
          stored: true,
          storedUnitsKey: row.units_key,
        }
      : {
          itemId,
          state: itemDecider.initialState(),
          dirty: false,
          revision: -1n,
          stored: false,
          storedUnitsKey: null,
        };
    this.cache.set(itemId, entry);
    return entry;
  }

  private write(item: Item, entry: CachedItem): void {
    const columns = itemColumns(item);
    const key = unitsKey(item);
    const values = [
      item.status,
      item.leadUnit,
      columns.grid,
      columns.dueDay,
      columns.cancelledMs,
      entry.revision,
      key,
      JSON.stringify(item),
    ];
    const existed = entry.stored;
    if (existed) {
      this.statements.update.run(...values, item.id);
    } else {
      // Title and description never change after the raise, so the search text is written once.
      const search = foldForSearch(`${item.title}\n${item.description ?? ''}`);
      this.statements.insert.run(
        item.id,
        item.kind,
        item.sourceId,
        item.raisedAt,
        search,
        ...values,
      );
      entry.stored = true;
    }
    if (entry.storedUnitsKey !== key) {
      if (existed) this.statements.deleteUnits.run(item.id);
      for (const { unitId, role } of columns.units) {
        this.statements.insertUnit.run(unitId, item.id, role);
      }
      entry.storedUnitsKey = key;
    }
  }
}

function prepare(db: Database) {
  const statement = (sql: string): Statement => db.prepare(sql);
  return {
    load: statement('SELECT state, revision, units_key FROM items WHERE id = ?').safeIntegers(true),
    insert: statement(
      `INSERT INTO items (id, kind, source_id, raised_at, search, status, lead_unit, grid, due_day,
         cancelled_ms, revision, units_key, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    update: statement(
      `UPDATE items SET status = ?, lead_unit = ?, grid = ?, due_day = ?, cancelled_ms = ?,
         revision = ?, units_key = ?, state = ? WHERE id = ?`,
    ),
    deleteUnits: statement('DELETE FROM item_units WHERE item_id = ?'),
    insertUnit: statement(
      'INSERT OR IGNORE INTO item_units (unit_id, item_id, role) VALUES (?, ?, ?)',
    ),
  };
}
