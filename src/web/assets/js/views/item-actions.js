// @ts-check
import { apiPost, newIdempotencyKey } from '../api.js';
import { field, h, option, replace, uid } from '../dom.js';
import { formatDate, parseDmy } from '../i18n/format.js';
import { t } from '../i18n/t.js';
import { markInvalidFields, problemBox, problemOf } from './problem.js';

/**
 * What the signed-in user may do with the item now, as forms. The pages offer only the acts the
 * API would accept from this role and unit in this status (API.md, "Auth" and "Items"); the server
 * still decides, and a refusal shows its RFC 7807 `detail` and field errors.
 *
 * Each form posts with `If-Match` (the revision the page shows), so acting on a stale page is
 * refused (412) instead of overriding a newer act, and with an `Idempotency-Key`, so a double
 * click or a retry after a lost answer is recorded once.
 */

/** @typedef {import('./item.js').Item} Item */
/** @typedef {import('../session.js').Principal} Principal */
/** @typedef {Map<string, import('../reference.js').Unit>} Units */

const OPEN = ['raised', 'assigned', 'in-progress', 'awaiting-review'];
const WORKING = ['assigned', 'in-progress'];
/** Open items with a lead unit to urge (API.md: `POST /api/items/{id}/urge`, else 409). */
const URGEABLE = ['assigned', 'in-progress', 'awaiting-review'];

/**
 * @typedef {'assign' | 'acknowledge' | 'return' | 'progress' | 'extension-request'
 *   | 'extension-decision' | 'answer' | 'complete' | 'review' | 'resolve' | 'reopen' | 'cancel'
 *   | 'urge'} Action
 */

/**
 * @param {Principal} principal
 * @param {Item} item
 * @returns {Action[]}
 */
export function availableActions(principal, item) {
  const s = item.status;
  /** @type {Action[]} */
  const acts = [];
  if (principal.role === 'leader' || principal.role === 'office') {
    if (item.pendingExtension && OPEN.includes(s)) acts.push('extension-decision');
    if (s === 'awaiting-review') acts.push('review');
    if (URGEABLE.includes(s) && item.leadUnit) acts.push('urge');
    if (['raised', 'assigned', 'in-progress'].includes(s)) acts.push('assign');
    if (OPEN.includes(s)) acts.push('resolve', 'cancel');
    if (s === 'resolved') acts.push('reopen');
  } else if (principal.role === 'unit' && principal.unit) {
    const leads = item.leadUnit === principal.unit;
    const supports = item.supportingUnits?.includes(principal.unit);
    const reporting = ['assigned', 'in-progress', 'awaiting-review'].includes(s);
    if (leads && s === 'assigned') acts.push('acknowledge');
    if ((leads || supports) && reporting) acts.push('progress');
    if (leads && item.kind === 'recommendation' && reporting) acts.push('answer');
    if (leads && WORKING.includes(s)) acts.push('complete');
    if (leads && WORKING.includes(s) && item.deadline.current && !item.pendingExtension) {
      acts.push('extension-request');
    }
    if (leads && WORKING.includes(s)) acts.push('return');
  }
  return acts;
}

/**
 * @param {import('../main.js').ViewContext} ctx
 * @param {Item} item
 * @param {Units} units
 */
export function renderActions(ctx, item, units) {
  const acts = availableActions(ctx.principal, item);
  if (ctx.principal.role === 'auditor' || ctx.principal.role === 'admin') return null;
  const section = h(
    'section',
    { class: 'card actions', 'aria-labelledby': 'actions-title', id: 'actions' },
    h('h2', { id: 'actions-title' }, t('item.actions')),
  );
  if (acts.length === 0) {
    section.append(h('p', { class: 'muted' }, t('action.none')));
    return section;
  }
  for (const act of acts) section.append(actionForm(act, item, units, ctx.refresh));
  return section;
}

/**
 * @param {Action} act
 * @param {Item} item
 * @param {Units} units
 * @param {(message?: string) => void} redraw draws the item again, with a message
 */
function actionForm(act, item, units, redraw) {
  const title = act === 'assign' && item.leadUnit ? t('action.reassign') : t(`action.${act}`);
  const spec = FORMS[act](item, units);
  const slot = h('div', { class: 'problem-slot' });
  const submit = h(
    'button',
    { type: 'submit', class: 'primary' },
    act === 'acknowledge' ? title : t('action.submit'),
  );
  const idempotencyKey = newIdempotencyKey();
  const form = h(
    'form',
    { class: 'action-form', dataset: { action: act } },
    spec.fields,
    slot,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(slot);
    let body;
    try {
      body = spec.body(form);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      const problem = {
        status: 400,
        detail: error.message,
        errors: [{ field: error.field, message: error.message }],
      };
      replace(slot, problemBox(problem));
      markInvalidFields(form, problem);
      form.elements.namedItem(error.field) instanceof HTMLElement &&
        /** @type {HTMLElement} */ (form.elements.namedItem(error.field)).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('action.sending');
    try {
      await apiPost(`/api/items/${encodeURIComponent(item.id)}/${act}`, body, {
        ifMatch: item.revision,
        idempotencyKey,
      });
      redraw(t('action.done', { action: title }));
    } catch (error) {
      submit.disabled = false;
      submit.textContent = act === 'acknowledge' ? title : t('action.submit');
      const problem = problemOf(error);
      replace(
        slot,
        problemBox(problem),
        problem.status === 412 || problem.status === 409
          ? h(
              'button',
              {
                type: 'button',
                class: 'reload',
                on: { click: () => redraw(t('item.revisionChanged')) },
              },
              t('error.retry'),
            )
          : null,
      );
      markInvalidFields(form, problem);
      slot.querySelector('[role="alert"]')?.setAttribute('tabindex', '-1');
      /** @type {HTMLElement | null} */ (slot.querySelector('[role="alert"]'))?.focus();
    }
  });
  if (act === 'acknowledge')
    return h('div', { class: 'action action-inline', dataset: { action: act } }, form);
  return h(
    'details',
    { class: 'action', dataset: { action: act } },
    h('summary', null, title),
    form,
  );
}

class FormError extends Error {
  /** @param {string} fieldName @param {string} message */
  constructor(fieldName, message) {
    super(message);
    this.field = fieldName;
  }
}

/** @param {HTMLFormElement} form @param {string} name */
function value(form, name) {
  const el = form.elements.namedItem(name);
  if (el instanceof RadioNodeList) return el.value;
  if (el instanceof HTMLInputElement && el.type === 'checkbox') return el.checked ? 'on' : '';
  return el instanceof HTMLInputElement ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement
    ? el.value.trim()
    : '';
}

/**
 * A dd/mm/yyyy field read as YYYY-MM-DD; empty is undefined unless required.
 * @param {HTMLFormElement} form @param {string} name @param {boolean} required
 */
function dateValue(form, name, required) {
  const text = value(form, name);
  if (!text && !required) return undefined;
  const date = parseDmy(text);
  if (!date) throw new FormError(name, t('form.badDate'));
  return date;
}

/** Sets only the fields that have a value: the API refuses unknown fields, not absent ones. */
function compact(/** @type {Record<string, unknown>} */ body) {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
}

/** @param {string} name @param {string} label @param {{ required?: boolean, rows?: number }} [o] */
function textArea(name, label, { required = false, rows = 3 } = {}) {
  return field(label, h('textarea', { name, rows: String(rows), required, maxlength: '10000' }));
}

/** @param {string} name @param {string} label @param {{ required?: boolean, value?: string }} [o] */
function dateInput(name, label, { required = false, value: initial = '' } = {}) {
  return field(
    label,
    h('input', {
      type: 'text',
      name,
      required,
      inputmode: 'numeric',
      placeholder: 'dd/mm/yyyy',
      autocomplete: 'off',
      size: '10',
      value: initial,
    }),
  );
}

/** @param {string} name @param {string} label @param {string} [maxlength] */
function textInput(name, label, maxlength = '200') {
  return field(label, h('input', { type: 'text', name, maxlength, autocomplete: 'off' }));
}

/**
 * @param {string} name @param {string} legend @param {[string, string][]} choices
 * @param {string} [checked]
 */
function radioGroup(name, legend, choices, checked) {
  return h(
    'fieldset',
    { class: 'radios' },
    h('legend', null, legend),
    choices.map(([v, label], i) => {
      const id = uid(name);
      return h(
        'div',
        { class: 'radio' },
        h('input', {
          type: 'radio',
          name,
          id,
          value: v,
          required: i === 0,
          checked: v === checked,
        }),
        h('label', { for: id }, label),
      );
    }),
  );
}

/**
 * Units a task can go to, grouped by kind, the current lead first selected.
 * @param {Units} units @param {string | null} selected
 */
function unitSelect(units, selected) {
  const groups = /** @type {const} */ (['department', 'commune', 'agency']);
  return h(
    'select',
    { name: 'leadUnit', required: true },
    option('', t('form.chooseUnit'), !selected),
    groups.map((kind) =>
      h(
        'optgroup',
        { label: t(`unitKind.${kind}`) },
        [...units.values()]
          .filter((u) => u.kind === kind && u.active !== false)
          .map((u) => option(u.id, u.name, u.id === selected)),
      ),
    ),
  );
}

/**
 * @typedef {{ fields: (Node | null)[], body: (form: HTMLFormElement) => object }} FormSpec
 * @type {Record<Action, (item: Item, units: Units) => FormSpec>}
 */
const FORMS = {
  assign: (item, units) => {
    const lead = unitSelect(units, item.leadUnit);
    const supporting = h(
      'fieldset',
      { class: 'checkboxes' },
      h('legend', null, t('form.supportingUnits')),
      h(
        'div',
        { class: 'checkbox-list' },
        [...units.values()]
          .filter((u) => u.kind !== 'province' && u.active !== false)
          .map((u) => {
            const id = uid('sup');
            return h(
              'div',
              { class: 'check' },
              h('input', {
                type: 'checkbox',
                name: 'supportingUnits',
                id,
                value: u.id,
                checked: item.supportingUnits?.includes(u.id),
              }),
              h('label', { for: id }, u.name),
            );
          }),
      ),
    );
    const type = h(
      'select',
      { name: 'deadlineType' },
      option('', t('form.deadline.keep')),
      ['date', 'working-days', 'calendar-days', 'none'].map((v) =>
        option(v, t(`form.deadline.${v}`)),
      ),
    );
    const date = dateInput('deadlineDate', t('form.date'));
    const days = field(
      t('form.days'),
      h('input', { type: 'number', name: 'deadlineDays', min: '1', max: '3650', step: '1' }),
    );
    const sync = () => {
      date.hidden = type.value !== 'date';
      days.hidden = type.value !== 'working-days' && type.value !== 'calendar-days';
    };
    type.addEventListener('change', sync);
    sync();
    return {
      fields: [
        field(t('form.leadUnit'), lead),
        supporting,
        field(t('form.deadlineType'), type),
        date,
        days,
        textArea('note', t('form.note')),
      ],
      body: (form) => {
        const supportingUnits = [
          ...form.querySelectorAll('input[name="supportingUnits"]:checked'),
        ].map((el) => /** @type {HTMLInputElement} */ (el).value);
        const kind = value(form, 'deadlineType');
        let deadline;
        if (kind === 'date')
          deadline = { type: 'date', date: dateValue(form, 'deadlineDate', true) };
        else if (kind === 'none') deadline = { type: 'none' };
        else if (kind) {
          const n = Number(value(form, 'deadlineDays'));
          if (!Number.isInteger(n) || n < 1) throw new FormError('deadlineDays', t('form.days'));
          deadline = { type: kind, days: n };
        }
        return compact({
          leadUnit: value(form, 'leadUnit'),
          supportingUnits:
            supportingUnits.length > 0 || item.supportingUnits?.length
              ? supportingUnits
              : undefined,
          deadline,
          note: value(form, 'note'),
        });
      },
    };
  },
  acknowledge: () => ({ fields: [], body: () => ({}) }),
  return: () => ({
    fields: [textArea('reason', t('form.reason'), { required: true })],
    body: (form) => ({ reason: value(form, 'reason') }),
  }),
  progress: () => ({
    fields: [
      textArea('note', t('form.note'), { required: true }),
      field(
        t('form.percent'),
        h('input', { type: 'number', name: 'percent', min: '0', max: '100', step: '1' }),
      ),
    ],
    body: (form) => {
      const percent = value(form, 'percent');
      return compact({
        note: value(form, 'note'),
        percent: percent === '' ? undefined : Number(percent),
      });
    },
  }),
  'extension-request': () => ({
    fields: [
      dateInput('proposedDueDate', t('form.proposedDueDate'), { required: true }),
      textArea('reason', t('form.reason'), { required: true }),
    ],
    body: (form) => ({
      proposedDueDate: dateValue(form, 'proposedDueDate', true),
      reason: value(form, 'reason'),
    }),
  }),
  'extension-decision': (item) => ({
    fields: [
      item.pendingExtension
        ? h(
            'p',
            { class: 'pending' },
            t('item.pendingLine', {
              date: formatDate(item.pendingExtension.proposedDueDate),
              reason: item.pendingExtension.reason,
            }),
          )
        : null,
      radioGroup('approve', t('form.decision'), [
        ['true', t('decision.approve')],
        ['false', t('decision.reject')],
      ]),
      dateInput('dueDate', t('form.dueDate')),
      textArea('reason', t('form.reason')),
    ],
    body: (form) => {
      const approve = value(form, 'approve') === 'true';
      return compact({
        approve,
        dueDate: approve ? dateValue(form, 'dueDate', false) : undefined,
        reason: value(form, 'reason'),
      });
    },
  }),
  answer: () => ({
    fields: [
      textArea('response', t('form.response'), { required: true, rows: 4 }),
      h(
        'div',
        { class: 'check' },
        h('input', { type: 'checkbox', name: 'onTheSpot', id: 'onTheSpot' }),
        h('label', { for: 'onTheSpot' }, t('form.onTheSpot')),
      ),
      textInput('documentRef', t('form.documentRef')),
    ],
    body: (form) =>
      compact({
        response: value(form, 'response'),
        onTheSpot: value(form, 'onTheSpot') === 'on' ? true : undefined,
        documentRef: value(form, 'documentRef'),
      }),
  }),
  complete: () => ({
    fields: [
      textArea('summary', t('form.summary'), { required: true, rows: 4 }),
      textInput('documentRef', t('form.documentRef')),
    ],
    body: (form) =>
      compact({ summary: value(form, 'summary'), documentRef: value(form, 'documentRef') }),
  }),
  review: () => ({
    fields: [
      radioGroup('verdict', t('form.verdict'), [
        ['accept', t('verdict.accept')],
        ['return', t('verdict.return')],
      ]),
      textArea('comment', t('form.comment')),
    ],
    body: (form) => compact({ verdict: value(form, 'verdict'), comment: value(form, 'comment') }),
  }),
  resolve: () => ({
    fields: [
      field(
        t('form.outcome'),
        h(
          'select',
          { name: 'outcome', required: true },
          ['completed', 'not-feasible', 'forwarded', 'duplicate'].map((v) =>
            option(v, t(`outcome.${v}`)),
          ),
        ),
      ),
      textArea('note', t('form.note'), { required: true }),
    ],
    body: (form) => ({ outcome: value(form, 'outcome'), note: value(form, 'note') }),
  }),
  reopen: () => ({
    fields: [textArea('reason', t('form.reason'), { required: true })],
    body: (form) => ({ reason: value(form, 'reason') }),
  }),
  cancel: () => ({
    fields: [textArea('reason', t('form.reason'), { required: true })],
    body: (form) => ({ reason: value(form, 'reason') }),
  }),
  urge: () => ({
    fields: [
      textArea('note', t('form.urgeNote'), { required: true }),
      dateInput('respondBy', t('form.respondBy')),
    ],
    body: (form) =>
      compact({ note: value(form, 'note'), respondBy: dateValue(form, 'respondBy', false) }),
  }),
};
