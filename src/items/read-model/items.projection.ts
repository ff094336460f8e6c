import type { Database } from 'better-sqlite3';
import { itemDecider } from '../item.decider';
import { itemEvents } from '../item.events';
import { itemExists, type Item, type ItemState } from '../item.state';
import type { ProjectedEvent, Projection } from '../../read-models/projection';
import { evolveInPlace } from '../item.evolve';
import { itemColumns, unitsKey } from './item-row';
import {
  createItemIndexes,
  createItemTables,
  hasSearchIndex,
  prepareItemStatements,
  type ItemStatements,
  type StoredItemRow,
} from './items-table';
import { foldForSearch } from './search-text';

interface CachedItem {
  itemId: string;
  state: ItemState;
  /** Changed since the last flush (listed in `dirty`). */
  dirty: boolean;
  revision: bigint;
  /** The item's row number once a row exists in the file (insert or update on flush). */
  no: number | null;
  /** `unitsKey` of the state last written, so membership rows are rewritten only on change. */
  storedUnitsKey: string | null;
  /** The `items` columns last written (see `listedColumns`), so the row is rewritten only on change. */
  storedRow: string | null;
}

/** How many item states stay in memory between batches (about 1–2 KB each). */
const DEFAULT_CACHE_SIZE = 20_000;

/** Item streams are `directive-<uuid>` and `recommendation-<uuid>`. */
export function isItemStream(streamId: string): boolean {
  return streamId.startsWith('directive-') || streamId.startsWith('recommendation-');
}

/**
 * The current state of every item, for lists and filters. Folds events as the domain's own
 * `evolve` does (in place, see `item-fold.ts`), so a listed item is exactly what
 * `GET /api/items/{id}` shows. States of recently loaded items stay in a bounded cache (oldest
 * first out: cheaper than LRU bookkeeping on every event) and are written once per batch, however
 * many events touched them.
 */
/**
 * Item states as a projection that runs after the items projection sees them: already folded to
 * the end of the batch in progress.
 */
export interface ItemStates {
  stateOf(itemId: string): ItemState;
}

export class ItemsProjection implements Projection, ItemStates {
  readonly name = 'items';
  private readonly cache = new Map<string, CachedItem>();
  private dirty: CachedItem[] = [];
  private statements!: ItemStatements;
  /**
   * True while every row of the file is also in the cache (the file was empty when opened and
   * nothing was evicted or forgotten since): a cache miss then means "no row", and a rebuild or a
   * first catch-up skips 100,000 lookups that would find nothing.
   */
  private everyRowCached = false;
  /** Whether `items_search` exists and new rows go into it too (see `createIndexes`). */
  private searchIndexed = false;
  /** The row number the next new item gets. */
  private nextNo = 1;
  /** Membership rows to insert at the end of the flush, grouped by unit (see `flush`). */
  private unitRows = new Map<string, [itemId: string, role: string][]>();

  constructor(private readonly cacheSize = DEFAULT_CACHE_SIZE) {}

  setUp(db: Database): void {
    createItemTables(db);
  }

  createIndexes(db: Database): void {
    // Fills the search index from the rows written so far: a rebuild indexes them all at once.
    createItemIndexes(db);
    this.searchIndexed = true;
  }

  open(db: Database): void {
    this.statements = prepareItemStatements(db);
    this.searchIndexed = hasSearchIndex(db);
    this.forgetUnwritten();
  }

  apply(event: ProjectedEvent): void {
    if (!isItemStream(event.streamId) || !itemEvents.is(event)) return;
    const itemEvent = event;
    const entry = this.entry(itemEvent.data.itemId);
    entry.state = evolveInPlace(entry.state, itemEvent);
    entry.revision = event.revision;
    if (!entry.dirty) {
      entry.dirty = true;
      this.dirty.push(entry);
    }
  }

  /** The item's state as of the last event applied (in the batch in progress, too). */
  stateOf(itemId: string): ItemState {
    return this.entry(itemId).state;
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
    this.statements.insert.flush();
    this.statements.insertState.flush();
    if (this.searchIndexed) this.statements.insertSearch().flush();
    // Unit by unit: the rows of item_units are then appended in key order (unit, item) instead of
    // landing all over its b-tree, which made them the slowest rows of a rebuild.
    for (const unitId of [...this.unitRows.keys()].sort()) {
      for (const [itemId, role] of this.unitRows.get(unitId)!) {
        this.statements.insertUnit.add(unitId, itemId, role);
      }
    }
    this.unitRows.clear();
    this.statements.insertUnit.flush();
  }

  committed(): void {
    if (this.cache.size > this.cacheSize) this.everyRowCached = false;
    // Map order is insertion order: the items loaded longest ago go first.
    for (const key of this.cache.keys()) {
      if (this.cache.size <= this.cacheSize) break;
      this.cache.delete(key);
    }
  }

  rolledBack(): void {
    this.forgetUnwritten();
  }

  /** Starts again from the file (on open, after a rollback): the cache may hold uncommitted events. */
  private forgetUnwritten(): void {
    this.cache.clear();
    this.dirty = [];
    this.unitRows.clear();
    const { insert, insertState, insertUnit } = this.statements;
    for (const bulk of [insert, insertState, insertUnit]) bulk.discard();
    if (this.searchIndexed) this.statements.insertSearch().discard();
    this.everyRowCached = this.statements.isEmpty.get() === 1;
    this.nextNo = (this.statements.lastNo.get() as number) + 1;
  }

  private entry(itemId: string): CachedItem {
    const cached = this.cache.get(itemId);
    if (cached) return cached;
    const row = this.everyRowCached
      ? undefined
      : (this.statements.load.get(itemId) as StoredItemRow | undefined);
    let entry: CachedItem;
    if (row) {
      const state = JSON.parse(row.state) as Item;
      entry = {
        itemId,
        state,
        dirty: false,
        revision: row.revision,
        no: Number(row.no),
        storedUnitsKey: row.units_key,
        // The row was written from this very state.
        storedRow: JSON.stringify(listedColumns(state)),
      };
    } else {
      entry = {
        itemId,
        state: itemDecider.initialState(),
        dirty: false,
        revision: -1n,
        no: null,
        storedUnitsKey: null,
        storedRow: null,
      };
    }
    this.cache.set(itemId, entry);
    return entry;
  }

  private write(item: Item, entry: CachedItem): void {
    const columns = itemColumns(item);
    const key = unitsKey(item);
    const values = listedColumns(item, columns, key);
    const row = JSON.stringify(values);
    const state = JSON.stringify(item);
    const existed = entry.no !== null;
    if (entry.no !== null) {
      // Most events (progress reports) change no listed column: only the state is rewritten.
      if (row !== entry.storedRow) this.statements.update.run(...values, entry.no);
      this.statements.updateState.run(state, entry.revision, entry.no);
    } else {
      entry.no = this.nextNo++;
      // Title and description never change after the raise, so the search text is written once.
      const search = foldForSearch(`${item.title}\n${item.description ?? ''}`);
      this.statements.insert.add(
        entry.no,
        item.id,
        item.kind,
        item.sourceId,
        item.raisedAt,
        search,
        ...values,
      );
      this.statements.insertState.add(entry.no, state, entry.revision);
      if (this.searchIndexed) this.statements.insertSearch().add(entry.no, search);
    }
    if (entry.storedUnitsKey !== key) {
      if (existed) this.statements.deleteUnits.run(item.id);
      for (const { unitId, role } of columns.units) {
        let rows = this.unitRows.get(unitId);
        if (!rows) this.unitRows.set(unitId, (rows = []));
        rows.push([item.id, role]);
      }
      entry.storedUnitsKey = key;
    }
    entry.storedRow = row;
  }
}

/** The columns of `items` that change with the item, in the order the statements take them. */
function listedColumns(
  item: Item,
  columns = itemColumns(item),
  key = unitsKey(item),
): (string | number | null)[] {
  return [item.status, item.leadUnit, columns.grid, columns.dueDay, columns.waits, key];
}
