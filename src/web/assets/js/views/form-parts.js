// @ts-check
import { field, h, uid } from '../dom.js';
import { formatDate, localDateOf, today } from '../i18n/format.js';
import { t } from '../i18n/t.js';

/**
 * Pieces the act forms and the raise form share: the date of the act, the unit checklist, and
 * the checks a form makes before it sends anything (in the page's language, not the browser's).
 */

/** A refusal found in the page, before anything is sent: which field, and why (page language). */
export class FormError extends Error {
  /** @param {string} fieldName @param {string} message */
  constructor(fieldName, message) {
    super(message);
    this.field = fieldName;
  }
}

/**
 * The problem document a FormError shows as.
 * @param {FormError} error
 * @returns {import('../api.js').Problem & { local: true }}
 */
export function localProblem(error) {
  return {
    status: 400,
    code: 'VALIDATION',
    local: true,
    title: t('problem.VALIDATION'),
    errors: [{ field: error.field, message: error.message }],
  };
}

/**
 * Every required control has a value (forms are `novalidate`: the browser's own bubbles would
 * speak the browser's language and not name the field as the page does).
 * @param {HTMLFormElement} form
 */
export function checkRequired(form) {
  for (const el of form.elements) {
    if (
      !(el instanceof HTMLInputElement) &&
      !(el instanceof HTMLTextAreaElement) &&
      !(el instanceof HTMLSelectElement)
    ) {
      continue;
    }
    if (!el.required || el.closest('[hidden]') || el.disabled) continue;
    if (el instanceof HTMLInputElement && el.type === 'radio') {
      const group = form.elements.namedItem(el.name);
      if (group instanceof RadioNodeList && group.value === '') {
        throw new FormError(el.name, t('fieldError.choose'));
      }
    } else if (el.value.trim() === '') {
      throw new FormError(el.name, t('fieldError.required'));
    }
  }
}

/**
 * The local day an instant falls on (Asia/Ho_Chi_Minh).
 * @param {string | null | undefined} iso
 */
export function dayOf(iso) {
  return iso ? localDateOf(new Date(iso)) : '';
}

/**
 * "Ngày thực hiện": when the act happened, for acts entered from paper after the fact. A date
 * picker, today by default, never after today, never before the item was raised.
 * @param {{ min?: string, label?: string }} [options] `min`: the earliest day (YYYY-MM-DD)
 */
export function actDateField({ min = '', label = t('form.actDate') } = {}) {
  const max = today();
  const input = h('input', {
    type: 'date',
    name: 'occurredAt',
    class: 'act-date',
    required: true,
    min: min && min <= max ? min : false,
    max,
    value: max,
  });
  const wrapper = field(label, input, t('form.actDateHint'));
  // The picker shows the day in the browser's own format (mm/dd/yyyy in an English browser):
  // the day is said again beside it the way the province writes it.
  const echo = h('output', { class: 'act-date-echo', for: input.id, 'aria-live': 'polite' });
  const show = () => {
    echo.textContent = /^\d{4}-\d{2}-\d{2}$/.test(input.value) ? formatDate(input.value) : '';
  };
  input.addEventListener('input', show);
  input.addEventListener('change', show);
  show();
  wrapper.append(echo);
  return wrapper;
}

/**
 * The business time sent for an act dated `date`:
 * - today: nothing, so the server records it now;
 * - a past day: 17:00 Asia/Ho_Chi_Minh, the end of the office's working day, so acts entered
 *   together from paper for one day fall in that day; but never before the item's last act of
 *   that same day (`lastActAt`), which would refuse a later act dated the same day.
 * @param {string} date YYYY-MM-DD
 * @param {string | null} [lastActAt] the item's latest act, an ISO instant
 * @returns {string | undefined}
 */
export function occurredAtOf(date, lastActAt = null) {
  if (!date || date >= today()) return undefined;
  const endOfWorkingDay = `${date}T17:00:00+07:00`;
  if (
    lastActAt &&
    dayOf(lastActAt) === date &&
    Date.parse(lastActAt) > Date.parse(endOfWorkingDay)
  ) {
    return new Date(Date.parse(lastActAt)).toISOString();
  }
  return endOfWorkingDay;
}

/**
 * Reads the act's date from the form: a real day, not after today, not before `min`.
 * @param {HTMLFormElement} form
 * @param {string} min YYYY-MM-DD or ''
 */
export function actDateValue(form, min) {
  const el = form.elements.namedItem('occurredAt');
  const value = el instanceof HTMLInputElement ? el.value : '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new FormError('occurredAt', t('fieldError.date'));
  if (value > today()) throw new FormError('occurredAt', t('fieldError.future'));
  if (min && value < min) {
    throw new FormError('occurredAt', t('fieldError.notBeforeRaised', { date: formatDate(min) }));
  }
  return value;
}

/** Lower case without diacritics, đ as d: "Hoàng Cương" is found by "hoang cuong". */
export function fold(/** @type {string} */ text) {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

const GROUPS = /** @type {const} */ (['department', 'commune', 'agency']);

/**
 * A searchable checklist of units, grouped (departments, communes, other agencies), in one
 * column that scrolls down, never sideways: every unit is reachable by scrolling or by typing a
 * part of its name (with or without diacritics).
 * @param {Map<string, import('../reference.js').Unit>} units
 * @param {{ name: string, legend: string, kinds?: readonly string[], selected?: string[],
 *   exclude?: string }} options
 */
export function unitChecklist(units, { name, legend, kinds = GROUPS, selected = [], exclude }) {
  const search = h('input', {
    type: 'search',
    class: 'picker-search',
    id: uid(`${name}-search`),
    autocomplete: 'off',
    placeholder: t('picker.search'),
    'aria-label': t('picker.searchLabel', { what: legend }),
    dataset: { noDraft: '' },
  });
  const count = h('p', { class: 'picker-count hint', 'aria-live': 'polite' });
  const empty = h('p', { class: 'picker-empty hint', hidden: true }, t('picker.none'));
  const groups = GROUPS.filter((kind) => kinds.includes(kind))
    .map((kind) => {
      const members = [...units.values()]
        .filter((u) => u.kind === kind && u.active !== false && u.id !== exclude)
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
      if (members.length === 0) return null;
      const legendId = uid(`${name}-${kind}`);
      return h(
        'div',
        { class: 'picker-group', role: 'group', 'aria-labelledby': legendId, dataset: { kind } },
        h('p', { class: 'picker-group-title', id: legendId }, t(`unitKind.${kind}`)),
        h(
          'ul',
          { class: 'picker-list' },
          members.map((u) => {
            const id = uid(name);
            return h(
              'li',
              { class: 'check', dataset: { search: fold(u.name), unit: u.id } },
              h('input', {
                type: 'checkbox',
                name,
                id,
                value: u.id,
                checked: selected.includes(u.id),
              }),
              h('label', { for: id }, u.name),
            );
          }),
        ),
      );
    })
    .filter((g) => g !== null);
  const box = h('div', { class: 'picker-groups' }, groups, empty);
  const fieldset = h(
    'fieldset',
    { class: 'unit-picker', dataset: { picker: name } },
    h('legend', null, legend),
    search,
    count,
    box,
  );
  const updateCount = () => {
    const n = fieldset.querySelectorAll(`input[name="${name}"]:checked`).length;
    count.textContent = t('picker.chosen', { count: String(n) });
  };
  const filter = () => {
    const words = fold(search.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const group of box.querySelectorAll('.picker-group')) {
      let inGroup = 0;
      for (const li of group.querySelectorAll('li')) {
        const text = /** @type {HTMLElement} */ (li).dataset.search ?? '';
        const match = words.every((w) => text.includes(w));
        /** @type {HTMLElement} */ (li).hidden = !match;
        if (match) inGroup++;
      }
      /** @type {HTMLElement} */ (group).hidden = inGroup === 0;
      shown += inGroup;
    }
    empty.hidden = shown > 0;
  };
  search.addEventListener('input', filter);
  // Enter in the search box filters; it does not send the form.
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') event.preventDefault();
  });
  fieldset.addEventListener('change', updateCount);
  updateCount();
  return fieldset;
}

/**
 * The values checked in a checklist.
 * @param {HTMLFormElement} form @param {string} name
 */
export function checkedValues(form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map(
    (el) => /** @type {HTMLInputElement} */ (el).value,
  );
}
