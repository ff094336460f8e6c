// @ts-check
import { apiGet } from '../api.js';
import { h, replace } from '../dom.js';
import { excelButton, printButton } from '../download.js';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format.js';
import { t } from '../i18n/t.js';
import { periodPicker, printHeader, printSigner, radioGroup, readPeriod } from '../periods.js';
import { issuerName } from './period-report.js';
import { problemBox, problemOf } from './problem.js';

/**
 * Unit ratings (`#/reports/ratings?from&to&basis`): each lead unit's score and grade over a period,
 * the rules' version that made them, and per unit the list of its items with each one's effect on
 * the score, so the unit can check it.
 */

export const RATINGS_PATH = '/reports/ratings';

/**
 * @typedef {{ itemId: string, outcome: string, dueDate: string, effect: number }} Effect
 * @typedef {{ unitId: string, unitName: string, score: number, grade: string, gradeLabel: string,
 *   basis: { due: number, completedOnTime: number, completedLate: number, openOverdue: number },
 *   explanation: Effect[] }} Rating
 * @typedef {{ onTimePoints: number, overduePenalty: number, revision: string | null,
 *   effectiveFrom: string | null, grades: { grade: string, label: string, minScore: number }[] }} Rules
 */

/** @param {{ from: string, to: string, basis: string }} state */
function ratingsHash(state) {
  const search = new URLSearchParams({ from: state.from, to: state.to });
  if (state.basis !== 'effective') search.set('basis', state.basis);
  return `#${RATINGS_PATH}?${search}`;
}

/** @param {import('../main.js').ViewContext} ctx */
export async function renderRatings(ctx) {
  const state = {
    ...readPeriod(ctx.params),
    basis: ctx.params.get('basis') === 'recorded' ? 'recorded' : 'effective',
  };
  /** @param {Partial<typeof state>} change @param {string} focusId */
  const update = (change, focusId) => ctx.navigate(ratingsHash({ ...state, ...change }), focusId);
  const query = () => ({ from: state.from, to: state.to, basis: state.basis });
  const periodLine = t('period.line', { from: formatDate(state.from), to: formatDate(state.to) });
  const head = h('div', { class: 'print-only' });
  const body = h('div', { class: 'report-body' }, h('p', { class: 'loading' }, t('app.loading')));
  replace(
    ctx.main,
    head,
    h('h1', { class: 'no-print' }, t('ratings.title')),
    h('p', { class: 'subtitle no-print' }, periodLine),
    h(
      'div',
      { class: 'controls report-controls card no-print' },
      periodPicker(state, (period, focusId) => update(period, focusId)),
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
        { class: 'report-actions' },
        excelButton('ratings-excel', () => ['/api/reports/ratings', query()], ctx.flash),
        printButton('ratings-print'),
      ),
    ),
    body,
  );

  /** @type {{ rows: Rating[], rules: Rules, position: string }} */
  let ratings;
  try {
    ratings = await apiGet('/api/reports/ratings', query(), { consistent: true });
  } catch (error) {
    if (ctx.isCurrent()) replace(body, problemBox(problemOf(error)));
    return;
  }
  const issuer = await issuerName();
  if (!ctx.isCurrent()) return;
  const rulesLine = rulesText(ratings.rules);
  replace(
    head,
    printHeader({
      issuer,
      title: t('ratings.printTitle'),
      lines: [
        periodLine,
        `${t('overview.basis')}: ${t(`overview.basis.${state.basis}`)}`,
        rulesLine,
        t('print.generated', {
          time: formatDateTime(new Date().toISOString()),
          position: ratings.position,
        }),
      ],
    }),
  );
  replace(
    body,
    h('p', { class: 'rules-line', id: 'rating-rules' }, rulesLine),
    h(
      'p',
      { class: 'hint' },
      t('ratings.formula', {
        points: formatNumber(ratings.rules.onTimePoints),
        penalty: formatNumber(ratings.rules.overduePenalty),
      }),
    ),
    renderTable(ratings.rows),
    printSigner(),
  );
}

/** @param {Rules} rules */
function rulesText(rules) {
  const version =
    rules.revision === null
      ? t('ratings.rulesDefault')
      : t('ratings.rulesVersion', {
          revision: rules.revision,
          from: formatDate(rules.effectiveFrom),
        });
  const bands = rules.grades
    .map((g) => `${g.grade} ${g.label} (≥ ${formatNumber(g.minScore)})`)
    .join('; ');
  return `${version}. ${bands}`;
}

/** @param {Rating[]} rows */
function renderTable(rows) {
  if (rows.length === 0) return h('p', { class: 'empty' }, t('ratings.empty'));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'grid report-table', id: 'ratings-table' },
      h('caption', { class: 'sr-only' }, t('ratings.title')),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['unit', 'score', 'grade', 'due', 'completedOnTime', 'completedLate', 'openOverdue'].map(
            (c) =>
              h(
                'th',
                { scope: 'col', class: c === 'unit' || c === 'grade' ? '' : 'num' },
                t(`ratings.col.${c}`),
              ),
          ),
        ),
      ),
      rows.map((row) => {
        const detailsId = `explain-${row.unitId}`;
        return h(
          'tbody',
          { dataset: { unit: row.unitId } },
          h(
            'tr',
            null,
            h(
              'th',
              { scope: 'row' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'link-button explain-toggle no-print',
                  'aria-expanded': 'false',
                  'aria-controls': detailsId,
                  on: {
                    click: (/** @type {MouseEvent} */ event) => {
                      const button = /** @type {HTMLButtonElement} */ (event.currentTarget);
                      const open = button.getAttribute('aria-expanded') !== 'true';
                      button.setAttribute('aria-expanded', String(open));
                      document.getElementById(detailsId)?.toggleAttribute('hidden', !open);
                    },
                  },
                },
                row.unitName,
              ),
              h('span', { class: 'print-only' }, row.unitName),
            ),
            h('td', { class: 'num score' }, formatNumber(row.score)),
            h('td', { class: 'grade' }, h('strong', null, row.grade), ` ${row.gradeLabel}`),
            h('td', { class: 'num' }, formatNumber(row.basis.due)),
            h('td', { class: 'num' }, formatNumber(row.basis.completedOnTime)),
            h('td', { class: 'num' }, formatNumber(row.basis.completedLate)),
            h('td', { class: 'num' }, formatNumber(row.basis.openOverdue)),
          ),
          h(
            'tr',
            { id: detailsId, class: 'explanation', hidden: true },
            h(
              'td',
              { colspan: '7' },
              h(
                'ol',
                { class: 'effects' },
                row.explanation.map((e) =>
                  h(
                    'li',
                    { dataset: { item: e.itemId, outcome: e.outcome } },
                    h(
                      'a',
                      { href: `#/items/${encodeURIComponent(e.itemId)}` },
                      e.itemId.slice(0, 8),
                    ),
                    ` · ${t(`ratings.outcome.${e.outcome}`)} · ${t('ratings.due', { date: formatDate(e.dueDate) })} · `,
                    h(
                      'strong',
                      { class: e.effect < 0 ? 'effect-negative' : 'effect' },
                      `${e.effect > 0 ? '+' : ''}${formatNumber(e.effect)}`,
                    ),
                  ),
                ),
              ),
            ),
          ),
        );
      }),
    ),
  );
}
