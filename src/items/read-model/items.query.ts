import type { Database, Statement } from 'better-sqlite3';
import type { Principal } from '../../shared/principal';
import type { ItemKind } from '../item.events';
import type { Item, ItemStatus } from '../item.state';
import { toItemView, type ItemView } from '../item.view';
import type { Timeliness } from '../timeliness';
import type { WorkingCalendar } from '../../shared/calendar/working-calendar';
import { DomainError } from '../../shared/domain-error';
import { WAITS } from './item-row';
import { judgementAt, type Judgement } from './timeliness-clock';
import { searchCondition } from './search-condition';

export interface ItemFilters {
  kind?: ItemKind;
  status?: ItemStatus;
  leadUnit?: string;
  /** Only items without a lead unit (raised, or returned by the former lead). */
  unassigned?: boolean;
  /** Items that concern this commune: listed, raised by it, or led by it. */
  commune?: string;
  sourceId?: string;
  timeliness?: Timeliness;
  /** Words that must all appear in the title or description, diacritics ignored. */
  q?: string;
  /** One work queue of the caller (see {@link QUEUES}). */
  queue?: QueueName;
}

/**
 * Work queues: the open items waiting on the caller. The office (and the leadership, and auditors
 * reading along) see what waits on the office; a unit sees what it leads, supports or is only
 * named in, and what the office returned to it for rework.
 */
export const QUEUES = {
  office: ['extension-requests', 'to-review', 'unassigned'],
  unit: ['leading', 'supporting', 'named', 'returned'],
} as const;
export type QueueName = (typeof QUEUES)['office' | 'unit'][number];
export const QUEUE_NAMES: readonly QueueName[] = [...QUEUES.office, ...QUEUES.unit];

/** The queues a principal has: a unit's own, or the office's. */
export function queuesOf(principal: Principal): readonly QueueName[] {
  return principal.role === 'unit' ? QUEUES.unit : QUEUES.office;
}

const OPEN = `status IN ('raised', 'assigned', 'in-progress', 'awaiting-review')`;
const UNIT_ROLE = (roles: string) =>
  `id IN (SELECT item_id FROM item_units WHERE unit_id = @scope AND role IN (${roles}))`;

/** The SQL condition of a queue (a unit's queues use `@scope`, the caller's unit). */
function queueCondition(queue: QueueName): string {
  switch (queue) {
    case 'extension-requests':
      return `${OPEN} AND (waits & ${WAITS.extensionDecision}) <> 0`;
    case 'to-review':
      return `status = 'awaiting-review'`;
    case 'unassigned':
      return `status = 'raised'`;
    case 'leading':
      return `${OPEN} AND lead_unit = @scope`;
    case 'supporting':
      return `${OPEN} AND ${UNIT_ROLE("'supporting'")} AND lead_unit IS NOT @scope`;
    case 'named':
      return `${OPEN} AND lead_unit IS NOT @scope AND ${UNIT_ROLE("'origin', 'commune'")}
        AND NOT ${UNIT_ROLE("'supporting'")}`;
    case 'returned':
      return `lead_unit = @scope AND (waits & ${WAITS.rework}) <> 0`;
    default: {
      const _never: never = queue;
      return _never;
    }
  }
}

/** How many items wait in each of the caller's queues. */
export function queueCounts(
  db: Database,
  principal: Principal,
): { name: QueueName; count: number }[] {
  return queuesOf(principal).map((name) => ({
    name,
    count: countItems(db, principal, { queue: name }),
  }));
}

function countItems(db: Database, principal: Principal, filters: ItemFilters): number {
  const { clause, params } = whereClause(db, principal, filters, undefined);
  return prepared(db, `SELECT COUNT(*) FROM items ${clause}`).pluck().get(params) as number;
}

/**
 * How many open items a unit leads, supports or is named in: what a merger or dissolution of the
 * unit would carry over to its successor.
 */
export function countOpenItemsConcerning(db: Database, unitId: string): number {
  return prepared(
    db,
    `SELECT COUNT(*) FROM items
     WHERE ${OPEN} AND id IN (SELECT item_id FROM item_units WHERE unit_id = ?)`,
  )
    .pluck()
    .get(unitId) as number;
}

/** The ids of the items a unit may see (`canSeeItem`: it leads, supports, raised or is named). */
export function itemIdsConcerning(db: Database, unitId: string): Set<string> {
  return new Set(
    prepared(db, 'SELECT DISTINCT item_id FROM item_units WHERE unit_id = ?')
      .pluck()
      .all(unitId) as string[],
  );
}

export interface ItemPage {
  items: ItemView[];
  page: number;
  pageSize: number;
  total: number;
}

/**
 * Lists items from the `items` read model, scoped to what `principal` may see (as `canSeeItem`:
 * a unit sees items it leads, supports, raised, or whose listed communes include it), newest first.
 * Timeliness is judged at `now`, in SQL from stored due days, the same way `timelinessOf` does.
 */
export function listItems(
  db: Database,
  principal: Principal,
  filters: ItemFilters,
  paging: { page: number; pageSize: number; knownTotal?: number },
  now: Date,
  calendar: WorkingCalendar,
): ItemPage {
  const at = judgementAt(now.getTime(), calendar);
  const { clause, params } = whereClause(db, principal, filters, at);
  const total =
    paging.knownTotal ??
    (prepared(db, `SELECT COUNT(*) FROM items ${clause}`).pluck().get(params) as number);
  // The page is chosen on the narrow rows first; only its states (about 1 KB each) are read.
  const rows = prepared(
    db,
    `SELECT s.state, s.revision
     FROM (SELECT no, raised_at, id FROM items ${clause}
           ORDER BY raised_at DESC, id LIMIT @limit OFFSET @offset) AS page
     JOIN item_states s USING (no)
     ORDER BY page.raised_at DESC, page.id`,
  ).all({ ...params, limit: paging.pageSize, offset: (paging.page - 1) * paging.pageSize }) as {
    state: string;
    revision: number;
  }[];
  return toPage(rows, paging, total, now, calendar);
}

/** Whether `filters` ask for a search the index cannot narrow (see `listItemsInSlices`). */
export function searchScans(db: Database, filters: ItemFilters): boolean {
  return filters.q !== undefined && searchCondition(db, filters.q).scans;
}

/** Rows of `items` one slice of a sliced search reads. */
export const SEARCH_SLICE_ROWS = 5_000;

/**
 * `listItems` for a search the index cannot narrow, which must test the words against every row's
 * text (up to a few hundred milliseconds at 100,000 items). It reads the table in slices of row
 * numbers and awaits `pause` between slices, so the queries queued behind it in the same thread
 * run in between instead of waiting for the whole scan. The answer is the one `listItems` gives.
 */
export async function listItemsInSlices(
  db: Database,
  principal: Principal,
  filters: ItemFilters,
  paging: { page: number; pageSize: number },
  now: Date,
  calendar: WorkingCalendar,
  pause: () => Promise<void>,
  sliceRows = SEARCH_SLICE_ROWS,
): Promise<ItemPage> {
  const at = judgementAt(now.getTime(), calendar);
  const { clause, params } = whereClause(db, principal, filters, at);
  const last = prepared(db, 'SELECT COALESCE(MAX(no), 0) FROM items').pluck().get() as number;
  const slice = prepared(
    db,
    `SELECT no, raised_at AS raisedAt, id FROM items
     ${clause ? `${clause} AND` : 'WHERE'} no > @from AND no <= @to`,
  );
  const matches: { no: number; raisedAt: string; id: string }[] = [];
  for (let from = 0; from < last; from += sliceRows) {
    if (from > 0) await pause();
    matches.push(...(slice.all({ ...params, from, to: from + sliceRows }) as typeof matches));
  }
  // Newest first, as `listItems` orders them (raised_at DESC, then id).
  matches.sort((a, b) =>
    a.raisedAt !== b.raisedAt ? (a.raisedAt < b.raisedAt ? 1 : -1) : a.id < b.id ? -1 : 1,
  );
  const first = (paging.page - 1) * paging.pageSize;
  const state = prepared(db, 'SELECT state, revision FROM item_states WHERE no = ?');
  const rows = matches
    .slice(first, first + paging.pageSize)
    .map((match) => state.get(match.no) as { state: string; revision: number });
  return toPage(rows, paging, matches.length, now, calendar);
}

function toPage(
  rows: { state: string; revision: number }[],
  paging: { page: number; pageSize: number },
  total: number,
  now: Date,
  calendar: WorkingCalendar,
): ItemPage {
  const nowIso = now.toISOString();
  return {
    items: rows.map((row) =>
      toItemView(JSON.parse(row.state) as Item, BigInt(row.revision), nowIso, calendar),
    ),
    page: paging.page,
    pageSize: paging.pageSize,
    total,
  };
}

/** The WHERE clause of a list or count: the caller's scope and the filters. */
function whereClause(
  db: Database,
  principal: Principal,
  filters: ItemFilters,
  at: Judgement | undefined,
): { clause: string; params: Record<string, string | number> } {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  const equal = (column: string, name: 'kind' | 'status' | 'leadUnit' | 'sourceId') => {
    if (filters[name] === undefined) return;
    where.push(`${column} = @${name}`);
    params[name] = filters[name];
  };
  equal('kind', 'kind');
  equal('status', 'status');
  equal('lead_unit', 'leadUnit');
  if (filters.unassigned) where.push('lead_unit IS NULL');
  equal('source_id', 'sourceId');
  if (filters.commune !== undefined) {
    where.push(
      `id IN (SELECT item_id FROM item_units WHERE unit_id = @commune
              AND role IN ('lead', 'origin', 'commune'))`,
    );
    params.commune = filters.commune;
  }
  if (principal.role === 'unit') {
    where.push('id IN (SELECT item_id FROM item_units WHERE unit_id = @scope)');
    params.scope = principal.unit ?? '';
  }
  const search = searchCondition(db, filters.q);
  where.push(...search.where);
  Object.assign(params, search.params);
  if (filters.queue !== undefined) {
    if (!queuesOf(principal).includes(filters.queue)) {
      throw DomainError.invalidField(
        'queue',
        `not one of your queues (${queuesOf(principal).join(', ')})`,
      );
    }
    where.push(queueCondition(filters.queue));
    params.scope = principal.unit ?? '';
  }
  if (filters.timeliness !== undefined && at !== undefined) {
    where.push(timelinessCondition(filters.timeliness));
    Object.assign(params, {
      overdueThrough: at.overdueThrough,
      dueSoonBefore: at.dueSoonBefore,
      timeliness: filters.timeliness,
    });
  }
  return { clause: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Prepared statements by connection and text: the filters make a small set of distinct queries. */
const statementCache = new WeakMap<Database, Map<string, Statement>>();
const STATEMENTS_PER_CONNECTION = 256;

function prepared(db: Database, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    // Search texts make the set open-ended: start again rather than grow without bound.
    if (cache.size >= STATEMENTS_PER_CONNECTION) cache.clear();
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/**
 * Open items are judged from their due day against thresholds computed once for `now`; the other
 * values are stored as they are final for the item's state (a cancelled item is only `cancelled`).
 */
function timelinessCondition(timeliness: Timeliness): string {
  switch (timeliness) {
    case 'no-deadline':
    case 'completed-on-time':
    case 'completed-late':
    case 'cancelled':
      return 'grid = @timeliness';
    case 'overdue':
      return `grid = 'open' AND due_day <= @overdueThrough`;
    case 'due-soon':
      return `grid = 'open' AND due_day > @overdueThrough AND due_day < @dueSoonBefore`;
    case 'on-time':
      return `grid = 'open' AND due_day > @overdueThrough AND due_day >= @dueSoonBefore`;
    default: {
      const _never: never = timeliness;
      return _never;
    }
  }
}
