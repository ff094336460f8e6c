// @ts-check
import { apiGet, apiPut } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n/t.js';
import { FormError } from './form-parts.js';
import { resultSlot, ruleText, submitting } from './admin-forms.js';

/**
 * Reminder rules (`#/admin/reminder-rules`, admin): who is reminded of what, counted in working
 * days, and the send window (`GET/PUT /api/reminder-rules`), each rule read back in plain words
 * as it is edited ("3 ngày làm việc trước hạn, gửi đơn vị chủ trì"). Checked as the API checks
 * them; saving replaces them all (one `ReminderRulesSet` event).
 *
 * @typedef {{ id: string, when: string, workingDays: number, notify: string[] }} Rule
 * @typedef {{ rules: Rule[], sendWindow: { from: string, to: string } | null,
 *   revision: string | null }} RulesInForce
 */

const WHENS = ['before-due', 'overdue', 'awaiting-review', 'unassigned', 'extension-pending'];
const RECIPIENTS = ['lead-unit', 'supporting-units', 'office', 'leader'];
const RULE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const LOCAL_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const MAX_RULES = 50;
const MAX_WORKING_DAYS = 60;

/** @param {import('../main.js').ViewContext} ctx */
export async function renderRules(ctx) {
  /** @type {RulesInForce} */
  const current = await apiGet('/api/reminder-rules');
  if (!ctx.isCurrent()) return;

  const tbody = h('tbody', { id: 'rules-body' });
  let counter = 0;

  /** @param {Rule} rule */
  const addRow = (rule) => {
    const n = counter++;
    const id = h('input', {
      name: `rules.${n}.id`,
      class: 'rule-id',
      value: rule.id,
      maxlength: '40',
      'aria-label': t('rules.col.id'),
    });
    const when = h(
      'select',
      { name: `rules.${n}.when`, class: 'rule-when', 'aria-label': t('rules.col.when') },
      WHENS.map((w) =>
        h('option', { value: w, selected: w === rule.when }, t(`rules.whenName.${w}`)),
      ),
    );
    const days = h('input', {
      name: `rules.${n}.workingDays`,
      class: 'rule-days',
      type: 'number',
      min: '0',
      max: String(MAX_WORKING_DAYS),
      value: String(rule.workingDays),
      'aria-label': t('rules.col.workingDays'),
    });
    const notify = h(
      'fieldset',
      { class: 'rule-notify' },
      h('legend', { class: 'visually-hidden' }, t('rules.col.notify')),
      RECIPIENTS.map((r) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            name: `rules.${n}.notify`,
            value: r,
            checked: rule.notify.includes(r),
          }),
          ` ${t(`rules.notify.${r}`)}`,
        ),
      ),
    );
    const sentence = h('td', { class: 'rule-sentence' });
    const row = h(
      'tr',
      { class: 'rule-row' },
      h('td', null, id),
      h('td', null, when),
      h('td', null, days),
      h('td', null, notify),
      sentence,
      h(
        'td',
        null,
        h(
          'button',
          {
            type: 'button',
            class: 'link-button',
            on: {
              click: () => {
                row.remove();
                updateCount();
              },
            },
          },
          t('rules.remove'),
        ),
      ),
    );
    const update = () => replace(sentence, ruleText(readRow(row, false)));
    row.addEventListener('input', update);
    row.addEventListener('change', update);
    update();
    tbody.append(row);
  };

  const windowAny = h('input', {
    type: 'checkbox',
    name: 'sendWindow.any',
    checked: current.sendWindow === null,
  });
  const from = h('input', {
    type: 'time',
    name: 'sendWindow.from',
    value: current.sendWindow?.from ?? '07:30',
  });
  const to = h('input', {
    type: 'time',
    name: 'sendWindow.to',
    value: current.sendWindow?.to ?? '17:00',
  });
  const windowText = h('p', { class: 'rule-sentence', id: 'window-sentence' });
  const updateWindow = () => {
    from.disabled = to.disabled = windowAny.checked;
    replace(
      windowText,
      windowAny.checked
        ? t('rules.windowAny')
        : t('rules.windowSentence', { from: from.value, to: to.value }),
    );
  };
  const count = h('p', { class: 'hint', id: 'rules-count' });
  const updateCount = () =>
    replace(count, t('rules.count', { count: tbody.children.length, max: MAX_RULES }));

  const slot = resultSlot('rules-result');
  const form = h(
    'form',
    {
      class: 'card admin-form',
      id: 'rules-form',
      novalidate: true,
      on: {
        submit: async (/** @type {Event} */ event) => {
          event.preventDefault();
          await submitting(form, slot, async () => {
            await apiPut('/api/reminder-rules', readRules());
            ctx.refresh(t('rules.saved'));
          });
        },
      },
    },
    h(
      'table',
      { class: 'data rules-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['id', 'when', 'workingDays', 'notify', 'sentence', 'remove'].map((c) =>
            h('th', { scope: 'col' }, t(`rules.col.${c}`)),
          ),
        ),
      ),
      tbody,
    ),
    count,
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          id: 'add-rule',
          on: {
            click: () => {
              addRow({ id: '', when: 'before-due', workingDays: 1, notify: ['lead-unit'] });
              updateCount();
            },
          },
        },
        t('rules.add'),
      ),
    ),
    h(
      'fieldset',
      { class: 'send-window', on: { input: updateWindow, change: updateWindow } },
      h('legend', null, t('rules.window')),
      h('label', { class: 'check' }, windowAny, ` ${t('rules.windowAnyLabel')}`),
      h('label', null, `${t('rules.from')} `, from),
      h('label', null, `${t('rules.to')} `, to),
      windowText,
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('rules.save')),
    ),
    slot,
  );

  /** The body, checked as SetReminderRulesDto and reminderRulesErrors check it. */
  function readRules() {
    const rows = /** @type {HTMLTableRowElement[]} */ ([...tbody.children]);
    if (rows.length > MAX_RULES)
      throw new FormError('rules', t('fieldError.tooMany', { max: MAX_RULES }));
    const rules = rows.map((row) => readRow(row, true));
    const seen = new Map();
    rules.forEach((rule, i) => {
      if (seen.has(rule.id))
        throw new FormError(`rules.${i}.id`, t('fieldError.repeated', { value: rule.id }));
      seen.set(rule.id, i);
    });
    let sendWindow = null;
    if (!windowAny.checked) {
      if (!LOCAL_TIME.test(from.value))
        throw new FormError('sendWindow.from', t('fieldError.time'));
      if (!LOCAL_TIME.test(to.value)) throw new FormError('sendWindow.to', t('fieldError.time'));
      if (to.value <= from.value) throw new FormError('sendWindow.to', t('fieldError.windowOrder'));
      sendWindow = { from: from.value, to: to.value };
    }
    return { rules, sendWindow };
  }

  replace(
    ctx.main,
    h('h1', null, t('rules.title')),
    h(
      'p',
      { class: 'subtitle' },
      current.revision === null
        ? t('rules.defaults')
        : t('rules.revision', { revision: current.revision }),
    ),
    form,
  );
  current.rules.forEach(addRow);
  updateCount();
  updateWindow();
}

/**
 * One row's rule; with `strict`, checked (a FormError naming the field otherwise).
 * @param {HTMLTableRowElement} row
 * @param {boolean} strict
 * @returns {Rule}
 */
function readRow(row, strict) {
  const id = /** @type {HTMLInputElement} */ (row.querySelector('.rule-id'));
  const when = /** @type {HTMLSelectElement} */ (row.querySelector('.rule-when'));
  const days = /** @type {HTMLInputElement} */ (row.querySelector('.rule-days'));
  const notify = [...row.querySelectorAll('.rule-notify input:checked')].map(
    (el) => /** @type {HTMLInputElement} */ (el).value,
  );
  const rule = { id: id.value.trim(), when: when.value, workingDays: Number(days.value), notify };
  if (strict) {
    const name = id.name.replace(/\.id$/, '');
    if (!rule.id) throw new FormError(`${name}.id`, t('fieldError.required'));
    if (!RULE_ID.test(rule.id)) throw new FormError(`${name}.id`, t('fieldError.ruleId'));
    if (
      days.value.trim() === '' ||
      !Number.isInteger(rule.workingDays) ||
      rule.workingDays < 0 ||
      rule.workingDays > MAX_WORKING_DAYS
    ) {
      throw new FormError(
        `${name}.workingDays`,
        t('fieldError.workingDays', { max: MAX_WORKING_DAYS }),
      );
    }
    if (rule.when === 'before-due' && rule.workingDays < 1) {
      throw new FormError(`${name}.workingDays`, t('fieldError.beforeDue'));
    }
    if (notify.length === 0) throw new FormError(`${name}.notify`, t('fieldError.choose'));
  }
  return rule;
}
