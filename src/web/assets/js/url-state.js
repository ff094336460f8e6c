// @ts-check

/**
 * The overview's, the item lists' and the inbox's state lives in the hash (`#/?groupBy=commune&asOf=2026-03-31`,
 * `#/items?leadUnit=so-noi-vu&timeliness=overdue`), so any view can be bookmarked or sent. This is
 * the one place that reads and writes those parameters: the overview's cards and rows link into the
 * lists through `listHash`, the same function the lists use for their own filters, so a link always
 * carries the filters the list reads back.
 */

/** `#/items/abc?x=1` as its path (`/items/abc`) and its parameters. */
export function parseHash(hash = location.hash) {
  const raw = hash.startsWith('#/') ? hash.slice(1) : '/';
  const [path, search = ''] = raw.split('?');
  return {
    path: decodeURIComponent(path.replace(/\/+$/, '')) || '/',
    params: new URLSearchParams(search),
  };
}

/** @param {string} path @param {URLSearchParams} search */
function hashOf(path, search) {
  return search.size ? `#${path}?${search}` : `#${path}`;
}

const KINDS = ['directive', 'recommendation'];
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `kind` is '' for both kinds; `asOf` is '' for now, else a `YYYY-MM-DD` Asia/Ho_Chi_Minh day;
 * `sort` is a column or `name` (the overview falls back on an unknown one).
 * @typedef {{ groupBy: 'lead-unit' | 'commune', kind: string, asOf: string,
 *   basis: 'effective' | 'recorded', sort: string, dir: 'asc' | 'desc' }} OverviewState
 */

/** @type {OverviewState} */
const OVERVIEW_DEFAULTS = {
  groupBy: 'lead-unit',
  kind: '',
  asOf: '',
  basis: 'effective',
  sort: 'openOverdue',
  dir: 'desc',
};

/** In the order they appear in the hash. */
const OVERVIEW_PARAMS = /** @type {const} */ (['groupBy', 'kind', 'asOf', 'basis', 'sort', 'dir']);

/** @param {URLSearchParams} params @returns {OverviewState} */
export function readOverviewState(params) {
  const kind = params.get('kind') ?? '';
  const asOf = params.get('asOf') ?? '';
  return {
    groupBy: params.get('groupBy') === 'commune' ? 'commune' : 'lead-unit',
    kind: KINDS.includes(kind) ? kind : '',
    asOf: LOCAL_DATE.test(asOf) ? asOf : '',
    basis: params.get('basis') === 'recorded' ? 'recorded' : 'effective',
    sort: params.get('sort') ?? OVERVIEW_DEFAULTS.sort,
    dir: params.get('dir') === 'asc' ? 'asc' : 'desc',
  };
}

/** The overview's hash; defaults are left out, so the plain overview is `#/`. */
export function overviewHash(/** @type {OverviewState} */ state) {
  const search = new URLSearchParams();
  for (const name of OVERVIEW_PARAMS) {
    if (state[name] !== OVERVIEW_DEFAULTS[name]) search.set(name, state[name]);
  }
  return hashOf('/', search);
}

/** The list's filters, in the order they appear in the hash. */
const LIST_FILTERS = /** @type {const} */ ([
  'leadUnit',
  'unassigned',
  'commune',
  'status',
  'timeliness',
  'kind',
  'q',
  'queue',
  'sourceId',
]);

/**
 * Each filter is '' when unset.
 * @typedef {Record<typeof LIST_FILTERS[number], string>} ListFilters
 */

/**
 * `asOf` (a past `YYYY-MM-DD`, '' for now) and `basis` ask for the items as they stood at the end
 * of that day, on the same basis as the overview that links there.
 * @param {URLSearchParams} params
 * @returns {{ filters: ListFilters, page: number, asOf: string, basis: 'effective' | 'recorded' }}
 */
export function readListState(params) {
  const filters = /** @type {ListFilters} */ (
    Object.fromEntries(LIST_FILTERS.map((name) => [name, params.get(name) ?? '']))
  );
  return {
    filters,
    page: Math.max(1, Number(params.get('page')) || 1),
    asOf: LOCAL_DATE.test(params.get('asOf') ?? '') ? (params.get('asOf') ?? '') : '',
    basis: params.get('basis') === 'recorded' ? 'recorded' : 'effective',
  };
}

/**
 * A list's hash: unset filters and page 1 are left out; a past day always says its basis.
 * @param {Partial<ListFilters> & { asOf?: string, basis?: string, page?: number }} state
 * @param {string} [path] `/items`, or `/` where a unit's own list is its home page
 */
export function listHash(state, path = '/items') {
  const search = new URLSearchParams();
  for (const name of LIST_FILTERS) {
    const value = state[name];
    if (value) search.set(name, value);
  }
  if (state.asOf) search.set('asOf', state.asOf);
  if (state.asOf) search.set('basis', state.basis === 'recorded' ? 'recorded' : 'effective');
  if (state.page && state.page > 1) search.set('page', String(state.page));
  return hashOf(path, search);
}

/** Where the to-do view and the inbox are. */
export const TODO_PATH = '/todo';
export const INBOX_PATH = '/notifications';

/**
 * The inbox: every notification, or only the unread ones, a page at a time.
 * @typedef {{ unreadOnly: boolean, page: number }} InboxState
 */

/** @param {URLSearchParams} params @returns {InboxState} */
export function readInboxState(params) {
  return {
    unreadOnly: params.get('unread') === 'true',
    page: Math.max(1, Number(params.get('page')) || 1),
  };
}

/** The inbox's hash: `#/notifications`, `#/notifications?unread=true&page=2`. */
export function inboxHash(/** @type {Partial<InboxState>} */ state = {}) {
  const search = new URLSearchParams();
  if (state.unreadOnly) search.set('unread', 'true');
  if (state.page && state.page > 1) search.set('page', String(state.page));
  return hashOf(INBOX_PATH, search);
}

// "Back" links: the list leads back to the overview as the user last set it up, an item to the
// list it was opened from. Kept for this tab only.
const LAST_OVERVIEW_KEY = 'follow-up.last-overview';
const LAST_LIST_KEY = 'follow-up.last-list';

/** Remembers the hash on screen as the overview to go back to. */
export function rememberOverview() {
  remember(LAST_OVERVIEW_KEY);
}

/** The overview to go back to from a list. */
export function lastOverviewHash() {
  return recall(LAST_OVERVIEW_KEY);
}

/** Remembers the hash on screen as the list to go back to. */
export function rememberList() {
  remember(LAST_LIST_KEY);
}

/** The list to go back to from an item. */
export function lastListHash() {
  return recall(LAST_LIST_KEY);
}

/** @param {string} key */
function remember(key) {
  try {
    sessionStorage.setItem(key, location.hash || '#/');
  } catch {
    // No storage: "back" then leads to the overview.
  }
}

/** @param {string} key */
function recall(key) {
  try {
    return sessionStorage.getItem(key) ?? '#/';
  } catch {
    return '#/';
  }
}
