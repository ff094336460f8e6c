// @ts-check
import { apiGet } from '../api.js';
import { h, option, replace } from '../dom.js';
import { excelButton, printButton } from '../download.js';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format.js';
import { t } from '../i18n/t.js';
import { periodPicker, printHeader, printSigner, radioGroup, readPeriod } from '../periods.js';
import { loadUnits } from '../reference.js';
import { problemBox, problemOf } from './problem.js';

/**
 * The period report (`#/reports/period?from&to&groupBy&basis&kind`): what each unit had in hand
 * over a period and how it left it, with the balance carried over + received = closed + open +
 * cancelled on every row. Printed, it is a page an office can sign (see app.css, @media print).
 */

export const PERIOD_PATH = '/reports/period';

/** The columns, in the order of the server's answer and of the workbook. */
export const PERIOD_COLUMNS = /** @type {const} */ ([
  'carriedOver',
  'received',
  'completedOnTime',
  'completedLate',
  'openOnTime',
  'openOverdue',
  'openNoDeadline',
  'cancelled',
  'extended',
  'urged',
]);

/**
 * @typedef {Record<(typeof PERIOD_COLUMNS)[number], number>} PeriodCounts
 * @typedef {PeriodCounts & { unitId: string | null, unitName: string }} PeriodRow
 */

/** @param {URLSearchParams} params */
function readState(params) {
  const kind = params.get('kind') ?? '';
  return {
    ...readPeriod(params),
    groupBy: params.get('groupBy') === 'commune' ? 'commune' : 'lead-unit',
    basis: params.get('basis') === 'recorded' ? 'recorded' : 'effective',
    kind: kind === 'directive' || kind === 'recommendation' ? kind : '',
  };
}

/** @param {ReturnType<typeof readState>} state */
export function periodHash(state) {
  const search = new URLSearchParams({ from: state.from, to: state.to });
  if (state.groupBy !== 'lead-unit') search.set('groupBy', state.groupBy);
  if (state.basis !== 'effective') search.set('basis', state.basis);
  if (state.kind) search.set('kind', state.kind);
  return `#${PERIOD_PATH}?${search}`;
}

/** The issuer printed on top of reports: the province's own unit, when registered. */
export async function issuerName() {
  try {
    const units = await loadUnits();
    return [...units.values()].find((u) => u.kind === 'province')?.name ?? t('print.issuer');
  } catch {
    return t('print.issuer');
  }
}

/** @param {import('../main.js').ViewContext} ctx */
export async function renderPeriodReport(ctx) {
  const state = readState(ctx.params);
  /** @param {Partial<typeof state>} change @param {string} focusId */
  const update = (change, focusId) => ctx.navigate(periodHash({ ...state, ...change }), focusId);
  const query = () => ({
    from: state.from,
    to: state.to,
    groupBy: state.groupBy,
    basis: state.basis,
    kind: state.kind || undefined,
  });

  const kindSelect = h(
    'select',
    {
      id: 'period-kind',
      name: 'kind',
      on: { change: () => update({ kind: kindSelect.value }, 'period-kind') },
    },
    option('', t('kind.all'), state.kind === ''),
    option('directive', t('kind.directive'), state.kind === 'directive'),
    option('recommendation', t('kind.recommendation'), state.kind === 'recommendation'),
  );
  const periodLine = t('period.line', { from: formatDate(state.from), to: formatDate(state.to) });
  const body = h('div', { class: 'report-body' }, h('p', { class: 'loading' }, t('app.loading')));
  const head = h('div', { class: 'print-only' });
  replace(
    ctx.main,
    head,
    h('h1', { class: 'no-print' }, t('period.title')),
    h('p', { class: 'subtitle no-print' }, periodLine, ' · ', t(`overview.basis.${state.basis}`)),
    h(
      'div',
      { class: 'controls report-controls card no-print' },
      periodPicker(state, (period, focusId) => update(period, focusId)),
      radioGroup(
        'groupBy',
        t('overview.groupBy'),
        ['lead-unit', 'commune'],
        state.groupBy,
        (v) => t(`overview.groupBy.${v}`),
        (value, id) => update({ groupBy: value }, id),
      ),
      radioGroup(
        'basis',
        t('overview.basis'),
        ['effective', 'recorded'],
        state.basis,
        (v) => t(`overview.basis.${v}`),
        (value, id) => update({ basis: value }, id),
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'period-kind' }, t('overview.kind')),
        kindSelect,
      ),
      h(
        'div',
        { class: 'report-actions' },
        excelButton('period-excel', () => ['/api/reports/period', query()], ctx.flash),
        printButton('period-print'),
      ),
    ),
    body,
  );

  /** @type {{ rows: PeriodRow[], totals: PeriodCounts, position: string }} */
  let report;
  try {
    report = await apiGet('/api/reports/period', query(), { consistent: true });
  } catch (error) {
    if (ctx.isCurrent()) replace(body, problemBox(problemOf(error)));
    return;
  }
  const issuer = await issuerName();
  if (!ctx.isCurrent()) return;
  replace(
    head,
    printHeader({
      issuer,
      title: t('period.printTitle'),
      lines: [
        periodLine,
        `${t('overview.basis')}: ${t(`overview.basis.${state.basis}`)} · ${t(`overview.groupBy.${state.groupBy}`)}`,
        t('print.generated', {
          time: formatDateTime(new Date().toISOString()),
          position: report.position,
        }),
      ],
    }),
  );
  replace(body, renderTable(report.rows, report.totals, state.groupBy), printSigner());
}

/**
 * @param {PeriodRow[]} rows @param {PeriodCounts} totals @param {string} groupBy
 */
function renderTable(rows, totals, groupBy) {
  const cells = (/** @type {PeriodCounts} */ counts) =>
    PERIOD_COLUMNS.map((column) =>
      h('td', { class: 'num', dataset: { column } }, formatNumber(counts[column])),
    );
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'grid report-table', id: 'period-table' },
      h('caption', { class: 'sr-only' }, t('period.title')),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, t(`overview.groupBy.${groupBy}`)),
          PERIOD_COLUMNS.map((column) =>
            h('th', { scope: 'col', class: 'num' }, t(`period.col.${column}`)),
          ),
        ),
      ),
      h(
        'tbody',
        null,
        rows.length === 0
          ? h(
              'tr',
              null,
              h('td', { colspan: String(PERIOD_COLUMNS.length + 1) }, t('period.empty')),
            )
          : rows.map((row) =>
              h(
                'tr',
                { dataset: { unit: row.unitId ?? '' } },
                h('th', { scope: 'row' }, row.unitName),
                cells(row),
              ),
            ),
      ),
      h(
        'tfoot',
        null,
        h('tr', { class: 'totals' }, h('th', { scope: 'row' }, t('period.totals')), cells(totals)),
      ),
    ),
    h('p', { class: 'hint' }, t('period.balance')),
  );
}
