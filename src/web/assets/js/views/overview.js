// @ts-check
import { apiGet } from '../api.js';
import { excelButton } from '../download.js';
import { field, h, option, replace } from '../dom.js';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  localDateOf,
  parseDmy,
  today,
} from '../i18n/format.js';
import { t } from '../i18n/t.js';
import { listHash, overviewHash, readOverviewState, rememberOverview } from '../url-state.js';
import { problemBox, problemOf } from './problem.js';
import { loadQueues, renderQueues } from './queues.js';

/**
 * The overdue report as the leadership reads it: province totals with their rates (each rate says
 * what it divides by), a stacked bar per unit, and the full grid, sortable. Every choice lives in
 * the hash (`#/?groupBy=commune&asOf=2026-03-31&basis=recorded&sort=total&dir=desc`), so a view can
 * be bookmarked or sent to someone.
 */

/**
 * @typedef {{ total: number, completedOnTime: number, completedLate: number, openOnTime: number,
 *   dueSoon: number, openOverdue: number, noDeadline: number, overdue1to30: number,
 *   overdue31to90: number, overdueOver90: number, extended?: number }} Counts
 * @typedef {Counts & { unitId: string | null, unitName: string }} Row
 * @typedef {{ asOf: string, basis: string, groupBy: string, rows: Row[], totals: Counts }} Report
 * @typedef {keyof Counts} Column
 */

/** @type {Column[]} */
const COLUMNS = [
  'total',
  'completedOnTime',
  'completedLate',
  'openOnTime',
  'dueSoon',
  'openOverdue',
  'noDeadline',
  'overdue1to30',
  'overdue31to90',
  'overdueOver90',
];

/** The stacked bar's segments, in reading order, with the list filter each one opens. */
export const SEGMENTS = /** @type {const} */ ([
  { column: 'completedOnTime', color: '#1a7f37', timeliness: 'completed-on-time' },
  { column: 'completedLate', color: '#8a6a12', timeliness: 'completed-late' },
  { column: 'openOnTime', color: '#2f6db5', timeliness: 'on-time' },
  { column: 'dueSoon', color: '#e09b00', timeliness: 'due-soon' },
  { column: 'openOverdue', color: '#c62828', timeliness: 'overdue' },
]);

/** @type {import('chart.js').Chart | null} */
let chart = null;

/**
 * @param {import('../main.js').ViewContext} ctx
 */
export async function renderOverview(ctx) {
  const state = readOverviewState(ctx.params);
  const { groupBy, basis, kind, sort: sortKey, dir } = state;
  const asOfDate = state.asOf || null;
  rememberOverview();

  /** @param {Partial<typeof state>} change @param {string} [focusId] */
  const update = (change, focusId) => ctx.navigate(overviewHash({ ...state, ...change }), focusId);

  const heading = h('h1', null, t('overview.title'));
  const subtitle = h('p', { class: 'subtitle' });
  const controls = renderControls(state, update, asOfDate);
  const body = h('div', { class: 'overview-body' }, h('p', { class: 'loading' }, t('app.loading')));
  const queueSlot = h('div', { class: 'queue-slot' });
  // What waits on the office and the leadership, beside the report (an auditor has no queue).
  const role = ctx.principal.role;
  const queues =
    role === 'office' || role === 'leader' ? loadQueues().catch(() => null) : Promise.resolve(null);
  // The same report as a workbook (the same filters, the same day and basis).
  const excel = excelButton(
    'overview-excel',
    () => [
      '/api/reports/overdue',
      { groupBy, basis, kind, asOf: asOfDate && asOfDate < today() ? asOfDate : undefined },
    ],
    ctx.flash,
  );
  replace(
    ctx.main,
    heading,
    queueSlot,
    subtitle,
    controls,
    h('div', { class: 'report-actions' }, excel),
    body,
  );

  /** @type {Report} */
  let report;
  try {
    report = await apiGet(
      '/api/reports/overdue',
      // A date means the end of that local day (24:00 Asia/Ho_Chi_Minh); none means now.
      { groupBy, basis, kind, asOf: asOfDate && asOfDate < today() ? asOfDate : undefined },
      { consistent: true },
    );
  } catch (error) {
    if (!ctx.isCurrent()) return;
    replace(body, problemBox(problemOf(error)));
    return;
  }
  const queueList = await queues;
  if (!ctx.isCurrent()) return;
  if (queueList && queueList.length > 0) replace(queueSlot, renderQueues(queueList));

  const basisLabel = t(`overview.basis.${basis}`);
  subtitle.textContent = t('overview.subtitle', {
    asOf:
      asOfDate && asOfDate < today()
        ? formatDate(asOfDate)
        : `${t('overview.now')} (${formatDateTime(report.asOf)})`,
    basis: basisLabel,
  });

  const rows = sortRows(report.rows, sortKey, dir);
  const past = asOfDate && asOfDate < today() ? asOfDate : '';
  const drill = (/** @type {Row} */ row) => drillHref(row, groupBy, kind, past, basis);
  replace(
    body,
    renderTotals(report.totals, { kind, asOf: past, basis }),
    renderChart(rows),
    renderTable(rows, report.totals, groupBy, state, update, drill),
  );
  drawChart(rows, drill, ctx.navigate);
}

/**
 * @param {{ groupBy: string, basis: string, kind: string, asOf: string }} state
 * @param {(change: any, focusId?: string) => void} update
 * @param {string | null} asOfDate
 */
function renderControls(state, update, asOfDate) {
  const radios = (
    /** @type {string} */ name,
    /** @type {string[]} */ values,
    /** @type {string} */ current,
    /** @type {(v: string) => Node[]} */ label,
  ) =>
    values.map((value) => {
      const id = `${name}-${value}`;
      return h(
        'div',
        { class: 'radio' },
        h('input', {
          type: 'radio',
          name,
          id,
          value,
          checked: value === current,
          on: { change: () => update({ [name]: value }, id) },
        }),
        h('label', { for: id }, label(value)),
      );
    });

  const kindSelect = h(
    'select',
    { name: 'kind', id: 'kind', on: { change: () => update({ kind: kindSelect.value }, 'kind') } },
    option('', t('kind.all'), state.kind === ''),
    option('directive', t('kind.directive'), state.kind === 'directive'),
    option('recommendation', t('kind.recommendation'), state.kind === 'recommendation'),
  );

  const asOfInput = h('input', {
    type: 'text',
    name: 'asOf',
    id: 'asOf',
    inputmode: 'numeric',
    autocomplete: 'off',
    placeholder: 'dd/mm/yyyy',
    value: formatDate(asOfDate ?? today()),
    size: '10',
  });
  const asOfError = h('p', { class: 'field-error', id: 'asOf-error', 'aria-live': 'polite' });
  const asOfForm = h(
    'form',
    {
      class: 'as-of',
      on: {
        submit: (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          const date = parseDmy(asOfInput.value);
          if (!date || date > today()) {
            asOfError.textContent = t(date ? 'overview.futureDate' : 'overview.invalidDate');
            asOfInput.setAttribute('aria-invalid', 'true');
            asOfInput.setAttribute('aria-describedby', 'asOf-error');
            asOfInput.focus();
            return;
          }
          update({ asOf: date === today() ? '' : date }, 'asOf');
        },
      },
    },
    field(t('overview.asOf'), asOfInput),
    h('button', { type: 'submit', id: 'asOf-apply' }, t('overview.asOfApply')),
    asOfError,
    h(
      'div',
      { class: 'presets' },
      preset('preset-today', t('overview.today'), '', update),
      preset('preset-month', t('overview.endOfLastMonth'), endOfLastMonth(), update),
      preset('preset-quarter', t('overview.endOfLastQuarter'), endOfLastQuarter(), update),
    ),
  );

  return h(
    'div',
    { class: 'controls card' },
    h(
      'fieldset',
      { class: 'segmented ctl-group' },
      h('legend', null, t('overview.groupBy')),
      radios('groupBy', ['lead-unit', 'commune'], state.groupBy, (v) => [
        document.createTextNode(t(`overview.groupBy.${v}`)),
      ]),
    ),
    h('div', { class: 'ctl-kind' }, field(t('overview.kind'), kindSelect)),
    asOfForm,
    h(
      'fieldset',
      { class: 'segmented ctl-basis' },
      h('legend', null, t('overview.basis')),
      radios('basis', ['effective', 'recorded'], state.basis, (v) => [
        document.createTextNode(t(`overview.basis.${v}`)),
        h('span', { class: 'hint' }, t(`overview.basis.${v}Hint`)),
      ]),
    ),
  );
}

/**
 * @param {string} id @param {string} label @param {string} date '' for today
 * @param {(change: any, focusId?: string) => void} update
 */
function preset(id, label, date, update) {
  return h(
    'button',
    { type: 'button', class: 'chip', id, on: { click: () => update({ asOf: date }, id) } },
    label,
    date ? ` (${formatDate(date)})` : '',
  );
}

function endOfLastMonth() {
  const [y, m] = today().split('-').map(Number);
  return localDateOf(new Date(Date.UTC(y, m - 1, 0, 12)));
}

function endOfLastQuarter() {
  const [y, m] = today().split('-').map(Number);
  const quarterStartMonth = Math.floor((m - 1) / 3) * 3;
  return localDateOf(new Date(Date.UTC(y, quarterStartMonth, 0, 12)));
}

/**
 * @param {Row[]} rows @param {string} key @param {'asc' | 'desc'} dir
 */
function sortRows(rows, key, dir) {
  const sign = dir === 'asc' ? 1 : -1;
  const byName = (/** @type {Row} */ a, /** @type {Row} */ b) =>
    a.unitName.localeCompare(b.unitName, 'vi');
  const assigned = rows.filter((r) => r.unitId !== null);
  assigned.sort((a, b) => {
    if (key === 'name') return sign * byName(a, b);
    const column = /** @type {Column} */ (
      COLUMNS.includes(/** @type {Column} */ (key)) ? key : 'openOverdue'
    );
    return sign * ((a[column] ?? 0) - (b[column] ?? 0)) || b.total - a.total || byName(a, b);
  });
  // The "not yet assigned" row is not a unit: it stays last, whatever the order.
  return [...assigned, ...rows.filter((r) => r.unitId === null)];
}

/**
 * The list behind a row: at a past day, the items as they stood then, on the overview's basis.
 * @param {Row} row @param {string} groupBy @param {string} kind @param {string} asOf
 * @param {string} basis
 * @returns {string | null}
 */
function drillHref(row, groupBy, kind, asOf, basis) {
  if (row.unitId === null) {
    // Not yet assigned (then, at a past day); the commune grouping's row of items that concern
    // no commune has no list of its own.
    return groupBy === 'commune' ? null : listHash({ unassigned: 'true', kind, asOf, basis });
  }
  const unit = groupBy === 'commune' ? { commune: row.unitId } : { leadUnit: row.unitId };
  return listHash({ ...unit, kind, asOf, basis });
}

/**
 * Province totals and the three rates, each with the division it is. Each figure opens the list
 * of its items: today's, or at a past day the items as they stood then (`asOf`, `basis`).
 * @param {Counts} totals
 * @param {{ kind: string, asOf: string, basis: string }} link
 */
function renderTotals(totals, link) {
  /** @param {number} num @param {number} den @param {string} key */
  const rate = (num, den, key) =>
    h(
      'div',
      { class: 'rate card', dataset: { rate: key } },
      h('p', { class: 'rate-label' }, t(`rate.${key}`)),
      h('p', { class: 'rate-value' }, den > 0 ? formatPercent(num / den) : t('rate.none')),
      h(
        'p',
        { class: 'rate-fraction' },
        t('rate.fraction', { num: formatNumber(num), den: formatNumber(den) }),
      ),
      h('p', { class: 'rate-formula' }, `= ${t(`rate.${key}Formula`)}`),
    );
  const completed = totals.completedOnTime + totals.completedLate;
  const openWithDeadline = totals.openOnTime + totals.dueSoon + totals.openOverdue;
  /** @param {Column} column @param {string | null} timeliness @param {string} color */
  const stat = (column, timeliness, color) => {
    const content = [
      h('span', { class: 'stat-value' }, formatNumber(totals[column] ?? 0)),
      h('span', { class: 'stat-label' }, t(`col.${column}`)),
    ];
    return h(
      'li',
      { class: 'stat', dataset: { column, color } },
      h(
        'a',
        {
          href: listHash({
            timeliness: timeliness ?? '',
            kind: link.kind,
            asOf: link.asOf,
            basis: link.basis,
          }),
          class: 'stat-link',
        },
        content,
      ),
    );
  };
  return h(
    'section',
    { class: 'totals', 'aria-labelledby': 'totals-title' },
    h('h2', { id: 'totals-title' }, t('overview.totals')),
    h(
      'ul',
      { class: 'stats' },
      stat('total', null, 'total'),
      SEGMENTS.map((s) => stat(s.column, s.timeliness, s.column)),
      stat('noDeadline', 'no-deadline', 'noDeadline'),
    ),
    h(
      'div',
      { class: 'rates' },
      rate(totals.completedOnTime, completed, 'onTime'),
      rate(totals.openOverdue, openWithDeadline, 'overdue'),
      rate(completed, totals.total - totals.noDeadline, 'completed'),
    ),
  );
}

/** @param {Row[]} rows */
function renderChart(rows) {
  const canvas = h('canvas', {
    id: 'overview-chart',
    role: 'img',
    'aria-label': t('overview.chartLabel'),
  });
  const height = Math.max(220, rows.length * 34 + 90);
  return h(
    'section',
    { class: 'chart-section card', 'aria-labelledby': 'chart-title' },
    h('h2', { id: 'chart-title' }, t('overview.chart')),
    rows.length === 0
      ? h('p', null, t('overview.noRows'))
      : h('div', { class: 'chart-box', dataset: { height: String(height) } }, canvas),
  );
}

/**
 * Chart.js draws after the canvas is in the page. It comes from /vendor as a classic script; if it
 * failed to load, the table below still has every figure.
 * @param {Row[]} rows
 * @param {(row: Row) => string | null} drill
 * @param {(hash: string) => void} navigate
 */
function drawChart(rows, drill, navigate) {
  chart?.destroy();
  chart = null;
  const canvas = /** @type {HTMLCanvasElement | null} */ (
    document.getElementById('overview-chart')
  );
  const Chart = /** @type {typeof import('chart.js').Chart | undefined} */ (
    /** @type {any} */ (window).Chart
  );
  if (!canvas || !Chart) return;
  const box = /** @type {HTMLElement} */ (canvas.parentElement);
  box.style.height = `${box.dataset.height}px`;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 13;
  Chart.defaults.color = '#1b1f24';
  chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.unitName),
      datasets: SEGMENTS.map((s) => ({
        label: t(`col.${s.column}`),
        data: rows.map((r) => r[s.column]),
        backgroundColor: s.color,
        borderWidth: 0,
      })),
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        y: {
          stacked: true,
          ticks: {
            autoSkip: false,
            // Long unit names are cut on narrow screens; the table below has them in full.
            callback: (_value, index) =>
              shorten(rows[index]?.unitName ?? '', canvas.clientWidth < 600 ? 18 : 40),
          },
        },
      },
      plugins: { legend: { position: 'top' } },
      onClick: (_event, elements) => {
        const hit = elements[0];
        const href = hit ? drill(rows[hit.index]) : null;
        if (href) navigate(href);
      },
      onHover: (event, elements) => {
        const target = /** @type {HTMLElement | null} */ (
          /** @type {any} */ (event.native)?.target
        );
        if (target) target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
      },
    },
  });
}

/** @param {string} text @param {number} max */
function shorten(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * @param {Row[]} rows
 * @param {Counts} totals
 * @param {string} groupBy
 * @param {{ sort: string, dir: string }} state
 * @param {(change: any, focusId?: string) => void} update
 * @param {(row: Row) => string | null} drill
 */
function renderTable(rows, totals, groupBy, state, update, drill) {
  const columns = [...COLUMNS];
  const showExtended = rows.some((r) => typeof r.extended === 'number');
  if (showExtended) columns.push('extended');

  /** @param {string} key @param {string} label @param {string} [cls] */
  const sortHeader = (key, label, cls) => {
    const active = state.sort === key;
    const nextDir = active && state.dir === 'desc' ? 'asc' : 'desc';
    const id = `sort-${key}`;
    return h(
      'th',
      {
        scope: 'col',
        class: cls,
        'aria-sort': active ? (state.dir === 'asc' ? 'ascending' : 'descending') : false,
      },
      h(
        'button',
        {
          type: 'button',
          class: 'sort',
          id,
          title: t('overview.sortBy', { column: label }),
          on: {
            click: () =>
              update({ sort: key, dir: key === 'name' && !active ? 'asc' : nextDir }, id),
          },
        },
        label,
        h(
          'span',
          { class: 'sort-mark', 'aria-hidden': 'true' },
          active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : '',
        ),
      ),
    );
  };

  /** @param {Row} row */
  const nameCell = (row) => {
    const name =
      row.unitId === null
        ? t(groupBy === 'commune' ? 'overview.noCommune' : 'overview.unassigned')
        : row.unitName;
    const href = drill(row);
    return h(
      'th',
      { scope: 'row' },
      href ? h('a', { href, class: 'unit-link', dataset: { unit: row.unitId ?? '' } }, name) : name,
    );
  };

  /** @param {Counts} counts @param {string} column */
  const cell = (counts, column) => {
    const value = /** @type {number} */ (counts[/** @type {Column} */ (column)] ?? 0);
    const warn = value > 0 && (column === 'openOverdue' || column.startsWith('overdue'));
    return h(
      'td',
      { class: warn ? 'num is-overdue' : 'num', dataset: { column } },
      formatNumber(value),
    );
  };

  return h(
    'section',
    { class: 'grid-section', 'aria-labelledby': 'grid-title' },
    h('h2', { id: 'grid-title' }, t('overview.table')),
    groupBy === 'commune' ? h('p', { class: 'hint' }, t('overview.byCommuneNote')) : null,
    h(
      'div',
      { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'grid-title' },
      h(
        'table',
        { class: 'grid', id: 'overdue-grid' },
        h('caption', null, t('overview.tableCaption')),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            sortHeader('name', t(groupBy === 'commune' ? 'col.commune' : 'col.unit'), 'name-col'),
            columns.map((c) => sortHeader(c, t(`col.${c}`))),
          ),
        ),
        h(
          'tbody',
          null,
          rows.length === 0
            ? h('tr', null, h('td', { colspan: String(columns.length + 1) }, t('overview.noRows')))
            : rows.map((row) =>
                h(
                  'tr',
                  { dataset: { unit: row.unitId ?? '' } },
                  nameCell(row),
                  columns.map((c) => cell(row, c)),
                ),
              ),
        ),
        h(
          'tfoot',
          null,
          h(
            'tr',
            { dataset: { unit: 'totals' } },
            h('th', { scope: 'row' }, t('overview.totals')),
            columns.map((c) => cell(totals, c)),
          ),
        ),
      ),
    ),
  );
}
