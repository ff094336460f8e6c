// @ts-check
import { apiGet } from '../api.js';
import { field, h, option, replace } from '../dom.js';
import { daysBetween, formatDate, formatNumber, today } from '../i18n/format.js';
import { t } from '../i18n/t.js';
import { loadUnits, unitName } from '../reference.js';
import { lastOverviewHash, listHash, readListState, rememberList } from '../url-state.js';
import { excelButton } from '../download.js';
import { problemBox, problemOf } from './problem.js';
import { loadQueues, queueLabel, renderQueues } from './queues.js';
import { canRaise, RAISE_PATH } from './raise.js';

/**
 * A unit's items (or all the caller may see), overdue first with how many days, filterable by
 * status, timeliness, kind and words, or one work queue. The filters live in the hash like
 * everything else. With `asOf` (a past day) and `basis`, the items as they stood at the end of
 * that day (`GET /api/items?asOf&basis`): the list behind a past overview's figure, saying which
 * day and basis it shows; there only the report's filters apply (unit, commune, kind, timeliness).
 */

export const STATUSES = [
  'raised',
  'assigned',
  'in-progress',
  'awaiting-review',
  'resolved',
  'cancelled',
];
export const TIMELINESS = [
  'overdue',
  'due-soon',
  'on-time',
  'no-deadline',
  'completed-late',
  'completed-on-time',
  'cancelled',
];
const PAGE_SIZE = 100;

/**
 * @typedef {{ id: string, kind: string, title: string, status: string, timeliness: string,
 *   leadUnit: string | null, supportingUnits: string[], originUnit: string | null, communes: string[],
 *   priority: string, deadline: { original: string | null, current: string | null, extensions: any[] },
 *   revision: string, reworkRequested?: boolean }} ItemSummary
 */

/**
 * Days past the current deadline, counted in calendar days to today (Asia/Ho_Chi_Minh), or to
 * the day a past list shows.
 * @param {ItemSummary} item @param {string} [asOf] YYYY-MM-DD
 */
export function daysOverdue(item, asOf) {
  if (item.timeliness !== 'overdue' || !item.deadline?.current) return null;
  return Math.max(daysBetween(item.deadline.current, asOf || today()), 0);
}

/** Overdue first (most days first), then due soon, on time…; by nearest deadline within each. */
export function overdueFirst(/** @type {ItemSummary[]} */ items) {
  const rank = (/** @type {ItemSummary} */ i) => {
    const r = TIMELINESS.indexOf(i.timeliness);
    return r < 0 ? TIMELINESS.length : r;
  };
  return [...items].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (daysOverdue(b) ?? 0) - (daysOverdue(a) ?? 0) ||
      (a.deadline?.current ?? '9999').localeCompare(b.deadline?.current ?? '9999'),
  );
}

/** @param {import('../main.js').ViewContext} ctx */
export async function renderItemList(ctx) {
  const { principal } = ctx;
  const state = readListState(ctx.params);
  const { page, basis } = state;
  // A past day only: today's list is the live one.
  const asOf = state.asOf && state.asOf < today() ? state.asOf : '';
  // The report's filters only, at a past day: no status, no words (the API takes these).
  const filters = asOf ? { ...state.filters, status: '', q: '' } : state.filters;
  rememberList();

  // A new filter or page keeps the day and basis on screen.
  /** @param {Partial<typeof filters> & { page?: number }} change @param {string} [focusId] */
  const update = (change, focusId) =>
    ctx.navigate(listHash({ ...filters, asOf, basis, page: 1, ...change }, ctx.path), focusId);

  const isUnit = principal.role === 'unit';
  const [units, queues] = await Promise.all([
    loadUnits().catch(() => new Map()),
    // A unit's home shows its queues; the office's are on the overview and the to-do view.
    isUnit && !asOf ? loadQueues().catch(() => null) : Promise.resolve(null),
  ]);
  if (!ctx.isCurrent()) return;
  const title = listTitle(filters, principal, units);
  const body = h('div', { class: 'list-body' }, h('p', { class: 'loading' }, t('app.loading')));
  replace(
    ctx.main,
    isUnit
      ? null
      : h('p', { class: 'back list-back' }, h('a', { href: lastOverviewHash() }, t('list.back'))),
    h(
      'div',
      { class: 'list-head' },
      h('h1', null, title),
      canRaise(principal) && !asOf
        ? h(
            'a',
            { href: `#${RAISE_PATH}`, class: 'button-link', id: 'raise-link' },
            isUnit ? t('raise.linkUnit') : t('raise.link'),
          )
        : null,
    ),
    asOf
      ? h(
          'p',
          { class: 'as-of-note', id: 'as-of-note', dataset: { asOf, basis } },
          t('list.asOfNote', { date: formatDate(asOf), basis: t(`overview.basis.${basis}`) }),
          ' ',
          h(
            'a',
            { href: listHash({ ...filters, page: 1 }, ctx.path), id: 'to-now' },
            t('list.toNow'),
          ),
        )
      : null,
    queues && queues.length > 0
      ? renderQueues(queues, { current: filters.queue, compact: true })
      : null,
    renderFilters(filters, update, !!asOf),
    body,
  );
  document.title = `${title} · ${t('app.title')}`;

  /** @type {{ items: ItemSummary[], page: number, pageSize: number, total: number,
   *   asOf?: string, basis?: string }} */
  let result;
  try {
    result = await apiGet(
      '/api/items',
      { ...filters, ...(asOf ? { asOf, basis } : {}), page, pageSize: PAGE_SIZE },
      { consistent: true },
    );
  } catch (error) {
    if (!ctx.isCurrent()) return;
    replace(body, problemBox(problemOf(error)));
    return;
  }
  if (!ctx.isCurrent()) return;
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  replace(
    body,
    h(
      'p',
      { class: 'list-count', id: 'list-count', 'aria-live': 'polite' },
      t('list.count', { total: formatNumber(result.total) }),
      pages > 1 ? ` · ${t('list.page', { page: result.page, pages })}` : '',
    ),
    // Every page of the same list, as a workbook.
    excelButton(
      'list-excel',
      () => ['/api/items', { ...filters, ...(asOf ? { asOf, basis } : {}) }],
      ctx.flash,
    ),
    result.items.length === 0
      ? h('p', { class: 'empty' }, t('list.empty'))
      : renderTable(overdueFirst(result.items), units, asOf),
    pages > 1 ? renderPager(result.page, pages, update) : null,
  );
}

/**
 * @param {{ leadUnit: string, unassigned: string, commune: string, status: string, queue: string }} filters
 * @param {import('../session.js').Principal} principal
 * @param {Map<string, import('../reference.js').Unit>} units
 */
function listTitle(filters, principal, units) {
  if (filters.queue) return t('list.title.queue', { queue: queueLabel(filters.queue) });
  if (filters.leadUnit) return t('list.title.lead', { unit: unitName(units, filters.leadUnit) });
  if (filters.commune) return t('list.title.commune', { unit: unitName(units, filters.commune) });
  if (filters.status === 'raised' || filters.unassigned === 'true') {
    return t('list.title.unassigned');
  }
  if (principal.role === 'unit' && principal.unit) {
    return t('list.title.mine', { unit: unitName(units, principal.unit) });
  }
  return t('list.title.all');
}

/**
 * The filters, folded under one line on a phone (open on a wider screen, or while one is set
 * and the screen has room), so the first items show without scrolling.
 * @param {{ status: string, timeliness: string, kind: string, q: string }} filters
 * @param {(change: any, focusId?: string) => void} update
 * @param {boolean} past a past day: the report's filters only
 */
function renderFilters(filters, update, past) {
  /** @param {'status' | 'timeliness' | 'kind'} name @param {string[]} values @param {string} prefix */
  const select = (name, values, prefix) => {
    const el = h(
      'select',
      {
        name,
        id: `filter-${name}`,
        on: { change: () => update({ [name]: el.value }, `filter-${name}`) },
      },
      option('', t('list.any'), filters[name] === ''),
      values.map((v) => option(v, t(`${prefix}.${v}`), filters[name] === v)),
    );
    return el;
  };
  const q = h('input', {
    type: 'search',
    name: 'q',
    id: 'filter-q',
    value: filters.q,
    autocomplete: 'off',
  });
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': t('list.filters'),
      on: {
        submit: (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          update({ q: past ? '' : q.value.trim() }, past ? undefined : 'filter-q');
        },
      },
    },
    past ? null : field(t('list.status'), select('status', STATUSES, 'status')),
    field(t('list.timeliness'), select('timeliness', TIMELINESS, 'timeliness')),
    field(t('list.kind'), select('kind', ['directive', 'recommendation'], 'kind')),
    past ? null : field(t('list.q'), q),
    past ? null : h('button', { type: 'submit' }, t('list.apply')),
  );
  const active = (past ? ['timeliness', 'kind'] : ['status', 'timeliness', 'kind', 'q']).filter(
    (name) => filters[/** @type {'status'} */ (name)],
  ).length;
  const phone = window.matchMedia('(max-width: 760px)').matches;
  return h(
    'details',
    { class: 'filters-box card', id: 'filters', open: !phone },
    h(
      'summary',
      { class: 'filters-summary' },
      t('list.filters'),
      active > 0 ? h('span', { class: 'filters-active' }, ` (${formatNumber(active)})`) : null,
    ),
    form,
  );
}

/**
 * @param {ItemSummary[]} items
 * @param {Map<string, import('../reference.js').Unit>} units
 * @param {string} asOf the day shown ('' for today)
 */
function renderTable(items, units, asOf) {
  const headers = ['title', 'lead', 'status', 'timeliness', 'due', 'daysOverdue'];
  return h(
    'div',
    { class: 'table-scroll stack-on-phone' },
    h(
      'table',
      { class: 'items', id: 'item-list' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          headers.map((c) => h('th', { scope: 'col' }, t(`list.col.${c}`))),
        ),
      ),
      h(
        'tbody',
        null,
        items.map((item) => {
          const days = daysOverdue(item, asOf);
          return h(
            'tr',
            {
              dataset: {
                id: item.id,
                timeliness: item.timeliness,
                rework: item.reworkRequested ? 'true' : 'false',
              },
            },
            h(
              'td',
              { dataset: { label: t('list.col.title') }, class: 'title-cell' },
              h(
                'a',
                { href: `#/items/${encodeURIComponent(item.id)}`, class: 'item-link' },
                item.title,
              ),
              h(
                'span',
                { class: 'tags' },
                h('span', { class: `tag kind-${item.kind}` }, t(`kind.${item.kind}`)),
                item.priority === 'key' ? h('span', { class: 'tag key' }, t('priority.key')) : null,
                item.reworkRequested
                  ? h(
                      'span',
                      { class: 'tag rework', title: t('list.reworkHint') },
                      t('list.rework'),
                    )
                  : null,
              ),
            ),
            h(
              'td',
              { dataset: { label: t('list.col.lead') } },
              item.leadUnit ? unitName(units, item.leadUnit) : t('status.raised'),
            ),
            h('td', { dataset: { label: t('list.col.status') } }, t(`status.${item.status}`)),
            h(
              'td',
              { dataset: { label: t('list.col.timeliness') } },
              timelinessBadge(item.timeliness),
            ),
            h('td', { dataset: { label: t('list.col.due') } }, formatDate(item.deadline?.current)),
            h(
              'td',
              {
                dataset: { label: t('list.col.daysOverdue') },
                class: days ? 'num is-overdue days-overdue' : 'num days-overdue',
              },
              days === null ? '' : formatNumber(days),
            ),
          );
        }),
      ),
    ),
  );
}

/** @param {string} timeliness */
export function timelinessBadge(timeliness) {
  return h('span', { class: `badge t-${timeliness}` }, t(`timeliness.${timeliness}`));
}

/**
 * @param {number} page @param {number} pages
 * @param {(change: any, focusId?: string) => void} update
 */
function renderPager(page, pages, update) {
  return h(
    'nav',
    { class: 'pager', 'aria-label': t('list.page', { page, pages }) },
    h(
      'button',
      {
        type: 'button',
        id: 'page-prev',
        disabled: page <= 1,
        on: { click: () => update({ page: page - 1 }, 'page-prev') },
      },
      t('list.prev'),
    ),
    h('span', null, t('list.page', { page, pages })),
    h(
      'button',
      {
        type: 'button',
        id: 'page-next',
        disabled: page >= pages,
        on: { click: () => update({ page: page + 1 }, 'page-next') },
      },
      t('list.next'),
    ),
  );
}
