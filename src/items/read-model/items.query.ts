import type { Database, Statement } from 'better-sqlite3';
import type { Principal } from '../../shared/principal';
import type { ItemKind } from '../item.events';
import type { Item, ItemStatus } from '../item.state';
import { toItemView, type ItemView } from '../item.view';
import type { Timeliness } from '../timeliness';
import type { WorkingCalendar } from '../../shared/calendar/working-calendar';
import { judgementAt, judgementKey, judgeOpen, type Judgement } from './timeliness-clock';
import { searchCondition } from './search-condition';

export interface ItemFilters {
  kind?: ItemKind;
  status?: ItemStatus;
  leadUnit?: string;
  /** Items that concern this commune: listed, raised by it, or led by it. */
  commune?: string;
  sourceId?: string;
  timeliness?: Timeliness;
  /** Words that must all appear in the title or description, diacritics ignored. */
  q?: string;
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
  paging: { page: number; pageSize: number },
  now: Date,
  calendar: WorkingCalendar,
): ItemPage {
  const at = judgementAt(now.getTime(), calendar);
  registerCancelledTimeliness(db, calendar);
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  const equal = (column: string, name: keyof ItemFilters) => {
    if (filters[name] === undefined) return;
    where.push(`${column} = @${name}`);
    params[name] = filters[name];
  };
  equal('kind', 'kind');
  equal('status', 'status');
  equal('lead_unit', 'leadUnit');
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
  if (filters.timeliness !== undefined) {
    where.push(timelinessCondition(filters.timeliness));
    Object.assign(params, {
      overdueThrough: at.overdueThrough,
      dueSoonBefore: at.dueSoonBefore,
      atMs: at.atMs,
      timeliness: filters.timeliness,
    });
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = prepared(db, `SELECT COUNT(*) FROM items ${clause}`).pluck().get(params) as number;
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
 * Open items are judged from their due day against thresholds computed once for `now`. A cancelled
 * item is judged as of its cancellation (as `timelinessOf` does), which differs per row, so a SQL
 * function does it; cancelled items are few.
 */
function timelinessCondition(timeliness: Timeliness): string {
  switch (timeliness) {
    case 'no-deadline':
    case 'completed-on-time':
    case 'completed-late':
      return 'grid = @timeliness';
    case 'overdue':
      return `((grid = 'open' AND due_day <= @overdueThrough) OR ${CANCELLED})`;
    case 'due-soon':
      return `((grid = 'open' AND due_day > @overdueThrough AND due_day < @dueSoonBefore) OR ${CANCELLED})`;
    case 'on-time':
      return `((grid = 'open' AND due_day > @overdueThrough AND due_day >= @dueSoonBefore) OR ${CANCELLED})`;
    default: {
      const _never: never = timeliness;
      return _never;
    }
  }
}

const CANCELLED = `(grid = 'cancelled' AND cancelled_timeliness(cancelled_ms, due_day, @atMs) = @timeliness)`;

/** The calendar the SQL function judges with: set by the query that is about to run (synchronously). */
const calendars = new WeakMap<
  Database,
  { calendar: WorkingCalendar; judgements: Map<number, Judgement> }
>();

function registerCancelledTimeliness(db: Database, calendar: WorkingCalendar): void {
  const holder = calendars.get(db);
  if (holder) {
    holder.calendar = calendar;
    holder.judgements.clear();
    return;
  }
  // Judged once per day of cancellation (by judgementKey): judging means calendar arithmetic, and
  // a list filtered on timeliness asks for every cancelled item.
  const created = { calendar, judgements: new Map<number, Judgement>() };
  calendars.set(db, created);
  db.function(
    'cancelled_timeliness',
    { deterministic: false },
    (cancelledMs: unknown, dueDay: unknown, atMs: unknown) => {
      const at = Math.min(Number(cancelledMs), Number(atMs));
      const key = judgementKey(at);
      let judgement = created.judgements.get(key);
      if (!judgement) {
        judgement = judgementAt(at, created.calendar);
        created.judgements.set(key, judgement);
      }
      return judgeOpen(Number(dueDay), judgement);
    },
  );
}
