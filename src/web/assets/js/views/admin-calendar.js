// @ts-check
import { apiGet, apiPost, apiPut } from '../api.js';
import { field, h, replace } from '../dom.js';
import { formatDate, formatDateTime, formatNumber, today } from '../i18n/format.js';
import { t } from '../i18n/t.js';
import { FormError } from './form-parts.js';
import { ADMIN_CALENDAR_PATH, resultSlot, submitting, whenText } from './admin-forms.js';

/**
 * The calendar editor (`#/admin/calendar?year=2027`, admin): a year's rest days and make-up
 * working days on a month grid, each declared day with its legal reference, the decision the
 * year comes from and whether it was checked against it. Saving is one `PUT /api/calendar/{year}`
 * (one event), and only after a preview (`POST /api/calendar/{year}/preview`) of exactly what is
 * saved: the days whose kind changes and the open items whose pending computations would move.
 * Recorded due dates never move, and the page says so.
 *
 * @typedef {{ year: number, holidays: string[], workingSaturdays: string[], declared: boolean,
 *   confirmed: boolean, reference: string | null,
 *   dayReferences: { date: string, reference: string }[] }} CalendarYearView
 * @typedef {{ kind: 'reminder', ruleId: string, when: string, workingDays: number,
 *   before: string | null, after: string | null }
 *   | { kind: 'assignment-due-date', before: string | null, after: string | null }
 *   | { kind: 'extension-due-date', proposedDueDate: string, before: string, after: string }} Effect
 * @typedef {{ itemId: string, title: string, status: string, leadUnit: string | null,
 *   dueDate: string | null, effects: Effect[] }} AffectedItem
 * @typedef {{ year: number, days: { date: string, working: boolean }[], openItems: number,
 *   total: number, items: AffectedItem[] }} Preview
 */

const MAX_REFERENCE = 300;

/** Day of the week of a `YYYY-MM-DD`, 0 = Sunday. @param {string} date */
function weekdayOf(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** @param {number} year @param {number} month 1–12 @param {number} day */
function iso(year, month, day) {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** @param {import('../main.js').ViewContext} ctx */
export async function renderCalendarEditor(ctx) {
  const thisYear = Number(today().slice(0, 4));
  const asked = Number(ctx.params.get('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : thisYear;
  /** @type {[{ years: { year: number, declared: boolean, confirmed: boolean }[] }, CalendarYearView]} */
  const [status, declared] = await Promise.all([
    apiGet('/api/calendar'),
    apiGet(`/api/calendar/${year}`),
  ]);
  if (!ctx.isCurrent()) return;

  const holidays = new Set(declared.holidays);
  const workingSaturdays = new Set(declared.workingSaturdays);
  /** @type {Map<string, string>} */
  const dayReferences = new Map(declared.dayReferences.map((d) => [d.date, d.reference]));

  const referenceInput = h('input', {
    name: 'reference',
    type: 'text',
    maxlength: String(MAX_REFERENCE),
    value: declared.reference ?? '',
    placeholder: t('adminCal.referencePlaceholder'),
  });
  const confirmedInput = h('input', {
    type: 'checkbox',
    name: 'confirmed',
    checked: declared.confirmed,
  });
  const grid = h('div', { class: 'cal-grid' });
  const daysList = h('div', { class: 'cal-days' });
  const previewBox = h('section', {
    class: 'cal-preview',
    id: 'calendar-preview',
    'aria-live': 'polite',
  });
  const slot = resultSlot('calendar-result');
  const previewButton = h(
    'button',
    { type: 'submit', id: 'calendar-preview-button' },
    t('adminCal.preview'),
  );
  const saveButton = h(
    'button',
    { type: 'button', id: 'calendar-save', class: 'primary', disabled: true },
    t('adminCal.save', { year }),
  );
  /** The body last previewed: saving sends exactly it. */
  let previewed = /** @type {string | null} */ (null);

  /** @param {string} date */
  const kindOf = (date) => {
    if (workingSaturdays.has(date)) return 'makeup';
    if (holidays.has(date)) return 'holiday';
    const wd = weekdayOf(date);
    return wd === 0 || wd === 6 ? 'weekend' : 'working';
  };

  /** Clicking a day cycles its kind. */
  const toggle = (/** @type {string} */ date) => {
    const wd = weekdayOf(date);
    const kind = kindOf(date);
    holidays.delete(date);
    workingSaturdays.delete(date);
    // working → holiday → working; Saturday: rest → make-up → holiday → rest; Sunday: rest ↔ holiday.
    if (kind === 'working' || kind === 'makeup') holidays.add(date);
    else if (kind === 'weekend' && wd === 6) workingSaturdays.add(date);
    else if (kind === 'weekend') holidays.add(date);
    if (!holidays.has(date) && !workingSaturdays.has(date)) dayReferences.delete(date);
    changed();
  };

  const drawGrid = () => {
    const weekdays = [1, 2, 3, 4, 5, 6, 0].map((d) => t(`adminCal.wd.${d}`));
    replace(
      grid,
      Array.from({ length: 12 }, (_, i) => {
        const month = i + 1;
        const first = weekdayOf(iso(year, month, 1));
        const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
        /** @type {(HTMLElement | null)[]} */
        const cells = Array.from({ length: (first + 6) % 7 }, () => null);
        for (let d = 1; d <= length; d++) {
          const date = iso(year, month, d);
          const kind = kindOf(date);
          cells.push(
            h(
              'button',
              {
                type: 'button',
                class: `cal-day cal-${kind}`,
                dataset: { date, kind },
                'aria-pressed': kind === 'holiday' || kind === 'makeup' ? 'true' : 'false',
                'aria-label': `${formatDate(date)}: ${t(`adminCal.kind.${kind}`)}`,
                title: dayReferences.get(date) ?? t(`adminCal.kind.${kind}`),
                on: { click: () => toggle(date) },
              },
              String(d),
            ),
          );
        }
        const rows = [];
        for (let r = 0; r < cells.length; r += 7) {
          rows.push(
            h(
              'tr',
              null,
              cells.slice(r, r + 7).map((c) => h('td', null, c)),
            ),
          );
        }
        return h(
          'table',
          { class: 'cal-month' },
          h('caption', null, t('adminCal.month', { month, year })),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              weekdays.map((w) => h('th', { scope: 'col' }, w)),
            ),
          ),
          h('tbody', null, rows),
        );
      }),
    );
  };

  const drawDays = () => {
    const dates = [...holidays, ...workingSaturdays].sort();
    replace(
      daysList,
      h('h2', null, t('adminCal.declaredDays', { count: dates.length })),
      dates.length === 0
        ? h('p', { class: 'empty' }, t('adminCal.noDays'))
        : h(
            'table',
            { class: 'data cal-day-list' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, t('adminCal.col.date')),
                h('th', { scope: 'col' }, t('adminCal.col.kind')),
                h('th', { scope: 'col' }, t('adminCal.col.reference')),
              ),
            ),
            h(
              'tbody',
              null,
              dates.map((date) => {
                const input = h('input', {
                  type: 'text',
                  name: `dayReferences.${date}`,
                  maxlength: String(MAX_REFERENCE),
                  value: dayReferences.get(date) ?? '',
                  'aria-label': t('adminCal.dayReferenceLabel', { date: formatDate(date) }),
                  on: {
                    input: (/** @type {Event} */ event) => {
                      const value = /** @type {HTMLInputElement} */ (event.target).value;
                      if (value.trim()) dayReferences.set(date, value);
                      else dayReferences.delete(date);
                      invalidate();
                    },
                  },
                });
                return h(
                  'tr',
                  { dataset: { date } },
                  h('td', null, `${t(`adminCal.wd.${weekdayOf(date)}`)} ${formatDate(date)}`),
                  h('td', null, t(`adminCal.kind.${kindOf(date)}`)),
                  h('td', null, input),
                );
              }),
            ),
          ),
    );
  };

  /** Any change makes the preview stale: it must be asked again before saving. */
  const invalidate = () => {
    if (previewed === null) return;
    previewed = null;
    saveButton.disabled = true;
    previewBox.classList.add('stale');
    previewBox.prepend(h('p', { class: 'hint' }, t('adminCal.previewStale')));
  };
  const changed = () => {
    drawGrid();
    drawDays();
    invalidate();
  };

  /** The request body, checked as the API checks it. */
  const body = () => {
    const reference = referenceInput.value.trim();
    if (reference.length > MAX_REFERENCE) throw new FormError('reference', t('fieldError.tooLong'));
    const refs = [...dayReferences]
      .filter(([date]) => holidays.has(date) || workingSaturdays.has(date))
      .map(([date, text]) => ({ date, reference: text.trim() }))
      .filter((d) => d.reference !== '');
    const long = refs.find((d) => d.reference.length > MAX_REFERENCE);
    if (long) throw new FormError(`dayReferences.${long.date}`, t('fieldError.tooLong'));
    return {
      holidays: [...holidays].sort(),
      workingSaturdays: [...workingSaturdays].sort(),
      confirmed: confirmedInput.checked,
      ...(reference ? { reference } : {}),
      dayReferences: refs.sort((a, b) => a.date.localeCompare(b.date)),
    };
  };

  const form = h(
    'form',
    {
      class: 'card cal-form',
      novalidate: true,
      on: {
        input: (/** @type {Event} */ event) => {
          const target = /** @type {HTMLElement} */ (event.target);
          if (target === referenceInput || target === confirmedInput) invalidate();
        },
        change: (/** @type {Event} */ event) => {
          if (event.target === confirmedInput) invalidate();
        },
        submit: async (/** @type {Event} */ event) => {
          event.preventDefault();
          await submitting(form, slot, async () => {
            const sent = body();
            /** @type {Preview} */
            const preview = /** @type {any} */ (
              await apiPost(`/api/calendar/${year}/preview`, sent)
            );
            if (!ctx.isCurrent()) return;
            previewed = JSON.stringify(sent);
            previewBox.classList.remove('stale');
            replace(previewBox, drawPreview(preview));
          });
          // The save button stays enabled only for the body just previewed.
          saveButton.disabled = previewed === null;
        },
      },
    },
    h(
      'div',
      { class: 'cal-meta' },
      field(t('adminCal.reference'), referenceInput, t('adminCal.referenceHint')),
      h('label', { class: 'check' }, confirmedInput, ` ${t('adminCal.confirmed')}`),
    ),
    h('p', { class: 'hint' }, t('adminCal.gridHint')),
    legend(),
    grid,
    daysList,
    h('div', { class: 'actions' }, previewButton, saveButton),
    slot,
    previewBox,
  );

  saveButton.addEventListener('click', async () => {
    if (previewed === null) return;
    const sent = JSON.parse(previewed);
    await submitting(form, slot, async () => {
      await apiPut(`/api/calendar/${year}`, sent);
      ctx.refresh(t('adminCal.saved', { year }));
    });
    saveButton.disabled = previewed === null;
  });

  const years = new Set([thisYear - 1, thisYear, thisYear + 1, thisYear + 2, year]);
  for (const y of status.years) years.add(y.year);
  const statusOf = new Map(status.years.map((y) => [y.year, y]));
  replace(
    ctx.main,
    h('h1', null, t('adminCal.title', { year })),
    h(
      'nav',
      { class: 'cal-years', 'aria-label': t('adminCal.years') },
      [...years]
        .sort((a, b) => a - b)
        .map((y) => {
          const s = statusOf.get(y);
          const state = !s?.declared ? 'missing' : s.confirmed ? 'confirmed' : 'unconfirmed';
          return h(
            'a',
            {
              href: `#${ADMIN_CALENDAR_PATH}?year=${y}`,
              class: `cal-year cal-year-${state}`,
              'aria-current': y === year ? 'page' : false,
              dataset: { year: String(y), state },
            },
            String(y),
            h('span', { class: 'cal-year-state' }, ` · ${t(`adminCal.yearState.${state}`)}`),
          );
        }),
    ),
    h(
      'p',
      { class: 'subtitle' },
      declared.declared ? t('adminCal.declaredByAdmin') : t('adminCal.shippedOnly'),
    ),
    form,
  );
  drawGrid();
  drawDays();
}

function legend() {
  return h(
    'ul',
    { class: 'cal-legend' },
    ['working', 'weekend', 'holiday', 'makeup'].map((kind) =>
      h('li', null, h('span', { class: `cal-swatch cal-${kind}` }), t(`adminCal.kind.${kind}`)),
    ),
  );
}

/** @param {Preview} preview */
function drawPreview(preview) {
  const days = preview.days.map((d) =>
    h(
      'li',
      { dataset: { date: d.date, working: String(d.working) } },
      t(d.working ? 'adminCal.dayBecomesWorking' : 'adminCal.dayBecomesRest', {
        date: formatDate(d.date),
      }),
    ),
  );
  return [
    h('h2', null, t('adminCal.previewTitle', { year: preview.year })),
    h('p', { class: 'hint' }, t('adminCal.previewHonest')),
    preview.days.length === 0
      ? h('p', { id: 'preview-days' }, t('adminCal.noDayChanges'))
      : h('ul', { id: 'preview-days', class: 'preview-days' }, days),
    h(
      'p',
      { id: 'preview-summary', dataset: { total: String(preview.total) } },
      t('adminCal.affected', {
        total: formatNumber(preview.total),
        open: formatNumber(preview.openItems),
      }),
    ),
    preview.items.length === 0
      ? null
      : h(
          'table',
          { class: 'data preview-items' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, t('adminCal.col.item')),
              h('th', { scope: 'col' }, t('adminCal.col.recordedDue')),
              h('th', { scope: 'col' }, t('adminCal.col.changes')),
            ),
          ),
          h(
            'tbody',
            null,
            preview.items.map((item) =>
              h(
                'tr',
                { dataset: { item: item.itemId } },
                h(
                  'td',
                  null,
                  h('a', { href: `#/items/${encodeURIComponent(item.itemId)}` }, item.title),
                ),
                h('td', null, item.dueDate ? formatDate(item.dueDate) : t('item.none')),
                h(
                  'td',
                  null,
                  h(
                    'ul',
                    { class: 'effects' },
                    item.effects.map((e) => h('li', { dataset: { kind: e.kind } }, effectText(e))),
                  ),
                ),
              ),
            ),
          ),
        ),
    preview.total > preview.items.length
      ? h(
          'p',
          { class: 'hint' },
          t('adminCal.more', { count: formatNumber(preview.total - preview.items.length) }),
        )
      : null,
  ];
}

/** @param {Effect} effect */
function effectText(effect) {
  /** @param {string | null} v @param {(v: string) => string} f */
  const or = (v, f) => (v === null ? t('adminCal.never') : f(v));
  switch (effect.kind) {
    case 'reminder':
      return t('adminCal.effect.reminder', {
        rule: whenText(effect.when, effect.workingDays),
        before: or(effect.before, formatDateTime),
        after: or(effect.after, formatDateTime),
      });
    case 'assignment-due-date':
      return t('adminCal.effect.assignment', {
        before: or(effect.before, formatDate),
        after: or(effect.after, formatDate),
      });
    case 'extension-due-date':
      return t('adminCal.effect.extension', {
        proposed: formatDate(effect.proposedDueDate),
        before: formatDate(effect.before),
        after: formatDate(effect.after),
      });
  }
}
