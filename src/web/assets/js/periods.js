// @ts-check
import { h } from './dom.js';
import { formatDate, parseDmy, today } from './i18n/format.js';
import { t } from './i18n/t.js';

/**
 * Reporting periods, chosen in the page and sent to the server as plain `from`/`to` days: the
 * server takes any period, the usual ones are presets here (month, quarter, six months, year, and
 * the "15th to 14th" cut some reporting regimes use, Decree 09/2019/NĐ-CP).
 * @typedef {{ from: string, to: string }} Period
 */

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** @param {number} y @param {number} m 1-12 @param {number} d */
function day(y, m, d) {
  return new Date(Date.UTC(y, m - 1, d, 12)).toISOString().slice(0, 10);
}

/** The last day of month `m` (1-12) of year `y`, months past 12 or below 1 rolling over. */
function endOfMonth(/** @type {number} */ y, /** @type {number} */ m) {
  return day(y, m + 1, 0);
}

/**
 * The presets as of `now` (a `YYYY-MM-DD` day), most used first.
 * @param {string} [now]
 * @returns {{ id: string, period: Period }[]}
 */
export function periodPresets(now = today()) {
  const [y, m, d] = now.split('-').map(Number);
  const q = Math.floor((m - 1) / 3);
  const cutStart = d >= 15 ? day(y, m, 15) : day(y, m - 1, 15);
  const cutYear = Number(cutStart.slice(0, 4));
  const cutMonth = Number(cutStart.slice(5, 7));
  return [
    { id: 'this-month', period: { from: day(y, m, 1), to: endOfMonth(y, m) } },
    { id: 'last-month', period: { from: day(y, m - 1, 1), to: endOfMonth(y, m - 1) } },
    { id: 'cut-15-14', period: { from: cutStart, to: day(cutYear, cutMonth + 1, 14) } },
    { id: 'this-quarter', period: { from: day(y, q * 3 + 1, 1), to: endOfMonth(y, q * 3 + 3) } },
    { id: 'last-quarter', period: { from: day(y, q * 3 - 2, 1), to: endOfMonth(y, q * 3) } },
    { id: 'first-half', period: { from: day(y, 1, 1), to: day(y, 6, 30) } },
    { id: 'second-half', period: { from: day(y, 7, 1), to: day(y, 12, 31) } },
    { id: 'this-year', period: { from: day(y, 1, 1), to: day(y, 12, 31) } },
    { id: 'last-year', period: { from: day(y - 1, 1, 1), to: day(y - 1, 12, 31) } },
  ];
}

/** The period in the hash, or the last full quarter. @param {URLSearchParams} params */
export function readPeriod(params) {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (LOCAL_DATE.test(from) && LOCAL_DATE.test(to)) return { from, to };
  return /** @type {Period} */ (periodPresets().find((p) => p.id === 'last-quarter')?.period);
}

/**
 * The period picker: preset chips and two dd/mm/yyyy fields. `onChange` gets the new period; bad
 * dates are said beside the fields (the server says the rest: a period over 10 years, say).
 * @param {Period} current
 * @param {(period: Period, focusId: string) => void} onChange
 */
export function periodPicker(current, onChange) {
  const fromInput = dateInput('period-from', current.from);
  const toInput = dateInput('period-to', current.to);
  const error = h('p', { class: 'field-error', id: 'period-error', 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'period-form',
      on: {
        submit: (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          const from = parseDmy(fromInput.value);
          const to = parseDmy(toInput.value);
          const bad = !from ? fromInput : !to ? toInput : null;
          if (bad || !from || !to) {
            error.textContent = t('period.invalidDate');
            (bad ?? fromInput).setAttribute('aria-invalid', 'true');
            (bad ?? fromInput).focus();
            return;
          }
          if (from > to) {
            error.textContent = t('period.fromAfterTo');
            toInput.setAttribute('aria-invalid', 'true');
            toInput.focus();
            return;
          }
          onChange({ from, to }, 'period-apply');
        },
      },
    },
    h(
      'div',
      { class: 'period-dates' },
      h('div', { class: 'field' }, h('label', { for: fromInput.id }, t('period.from')), fromInput),
      h('div', { class: 'field' }, h('label', { for: toInput.id }, t('period.to')), toInput),
      h('button', { type: 'submit', id: 'period-apply' }, t('period.apply')),
    ),
    error,
    h(
      'div',
      { class: 'presets', role: 'group', 'aria-label': t('period.presets') },
      periodPresets().map(({ id, period }) =>
        h(
          'button',
          {
            type: 'button',
            class: 'chip',
            id: `preset-${id}`,
            'aria-pressed': String(period.from === current.from && period.to === current.to),
            on: { click: () => onChange(period, `preset-${id}`) },
          },
          t(`period.preset.${id}`),
        ),
      ),
    ),
  );
  return form;
}

/** @param {string} id @param {string} value */
function dateInput(id, value) {
  return h('input', {
    type: 'text',
    id,
    name: id,
    inputmode: 'numeric',
    autocomplete: 'off',
    placeholder: 'dd/mm/yyyy',
    size: '10',
    value: formatDate(value),
  });
}

/**
 * Two radio buttons in a fieldset (grouping, basis).
 * @param {string} name @param {string} legend @param {string[]} values @param {string} current
 * @param {(value: string) => string} label @param {(value: string, id: string) => void} onChange
 */
export function radioGroup(name, legend, values, current, label, onChange) {
  return h(
    'fieldset',
    { class: 'segmented' },
    h('legend', null, legend),
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
          on: { change: () => onChange(value, id) },
        }),
        h('label', { for: id }, label(value)),
      );
    }),
  );
}

/**
 * The block a printed report starts with (issuer, title, period, basis, when printed) and the
 * place for the signer it ends with: shown on paper only (see the print stylesheet).
 * @param {{ issuer: string, title: string, lines: string[] }} head
 */
export function printHeader(head) {
  return h(
    'header',
    { class: 'print-only print-title' },
    h('p', { class: 'print-issuer' }, head.issuer),
    h('p', { class: 'print-heading' }, head.title),
    head.lines.map((line) => h('p', null, line)),
  );
}

export function printSigner() {
  return h(
    'footer',
    { class: 'print-only print-signer' },
    h(
      'div',
      null,
      h('p', { class: 'print-role' }, t('print.preparer')),
      h('p', { class: 'print-hint' }, t('print.signHint')),
    ),
    h(
      'div',
      null,
      h('p', { class: 'print-place' }, t('print.placeDate')),
      h('p', { class: 'print-role' }, t('print.head')),
      h('p', { class: 'print-hint' }, t('print.signHint')),
    ),
  );
}
