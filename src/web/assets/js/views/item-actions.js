// @ts-check
import { apiPost, newIdempotencyKey } from '../api.js';
import { restoreDraft } from '../drafts.js';
import { field, h, option, replace, uid } from '../dom.js';
import { formatDate, parseDmy } from '../i18n/format.js';
import { t } from '../i18n/t.js';
import {
  actDateField,
  actDateValue,
  checkedValues,
  checkRequired,
  dayOf,
  FormError,
  localProblem,
  occurredAtOf,
  unitChecklist,
} from './form-parts.js';
import { markInvalidFields, problemBox, problemOf } from './problem.js';

/**
 * What the signed-in user may do with the item now, as forms. The pages offer only the acts the
 * API would accept from this role and unit in this status (API.md, "Auth" and "Items"); the server
 * still decides, and a refusal shows its RFC 7807 `detail` and field errors.
 *
 * Each form posts with `If-Match` (the revision the page shows), so acting on a stale page is
 * refused (412) instead of overriding a newer act, and with an `Idempotency-Key`, so a double
 * click or a retry after a lost answer is recorded once. Each takes the date of the act (acts
 * are often entered from paper after the fact): see `occurredAtOf` in form-parts.js.
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
 * @param {string | null} [lastActAt] the business time of the item's latest act
 */
export function renderActions(ctx, item, units, lastActAt = null) {
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
  for (const act of acts) section.append(actionForm(act, item, units, ctx.refresh, lastActAt));
  return section;
}

/**
 * @param {Action} act
 * @param {Item} item
 * @param {Units} units
 * @param {(message?: string) => void} redraw draws the item again, with a message
 * @param {string | null} lastActAt
 */
function actionForm(act, item, units, redraw, lastActAt) {
  const title = act === 'assign' && item.leadUnit ? t('action.reassign') : t(`action.${act}`);
  const spec = FORMS[act](item, units);
  const slot = h('div', { class: 'problem-slot' });
  const raisedOn = dayOf(item.raisedAt);
  const submit = h(
    'button',
    { type: 'submit', class: 'primary' },
    act === 'acknowledge' ? title : t('action.submit'),
  );
  const idempotencyKey = newIdempotencyKey();
  const form = h(
    'form',
    { class: 'action-form', novalidate: true, dataset: { action: act, draft: `act-${act}` } },
    spec.fields,
    actDateField({ min: raisedOn }),
    slot,
    submit,
  );
  const restored = restoreDraft(form);
  if (restored) slot.append(h('p', { class: 'draft-note' }, t('form.draftRestored')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(slot);
    /** @type {Record<string, unknown>} */
    let body;
    try {
      checkRequired(form);
      body = /** @type {Record<string, unknown>} */ (spec.body(form));
      const occurredAt = occurredAtOf(actDateValue(form, raisedOn), lastActAt);
      if (occurredAt) body = { ...body, occurredAt };
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      const problem = localProblem(error);
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
      // A stale page is cured by reloading it; an act dated too early, by another date.
      const reload =
        problem.status === 412 ||
        (problem.status === 409 && problem.code !== 'ITEM.ACT_OUT_OF_ORDER');
      replace(
        slot,
        problemBox(problem),
        reload
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
    { class: 'action', open: restored, dataset: { action: act } },
    h('summary', null, title),
    form,
  );
}

/** @param {HTMLFormElement} form @param {string} name */
export function value(form, name) {
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
export function dateValue(form, name, required) {
  const text = value(form, name);
  if (!text && !required) return undefined;
  const date = parseDmy(text);
  if (!date) throw new FormError(name, t('form.badDate'));
  return date;
}

/** Sets only the fields that have a value: the API refuses unknown fields, not absent ones. */
export function compact(/** @type {Record<string, unknown>} */ body) {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
}

/** @param {string} name @param {string} label @param {{ required?: boolean, rows?: number }} [o] */
export function textArea(name, label, { required = false, rows = 3 } = {}) {
  return field(label, h('textarea', { name, rows: String(rows), required, maxlength: '10000' }));
}

/** @param {string} name @param {string} label @param {{ required?: boolean, value?: string }} [o] */
export function dateInput(name, label, { required = false, value: initial = '' } = {}) {
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
export function textInput(name, label, maxlength = '200') {
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
 * @param {{ name?: string, required?: boolean }} [options]
 */
export function unitSelect(units, selected, { name = 'leadUnit', required = true } = {}) {
  const groups = /** @type {const} */ (['department', 'commune', 'agency']);
  return h(
    'select',
    { name, required },
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
 * The deadline's kind, and the date or the day count it needs (shown as the kind asks).
 * @param {string} unsetLabel what choosing no kind means here
 * @returns {HTMLElement[]}
 */
export function deadlineFields(unsetLabel) {
  const type = h(
    'select',
    { name: 'deadlineType' },
    option('', unsetLabel),
    ['date', 'working-days', 'calendar-days', 'none'].map((v) =>
      option(v, t(`form.deadline.${v}`)),
    ),
  );
  const date = dateInput('deadlineDate', t('form.date'), { required: true });
  const days = field(
    t('form.days'),
    h('input', {
      type: 'number',
      name: 'deadlineDays',
      min: '1',
      max: '3650',
      step: '1',
      required: true,
    }),
  );
  const sync = () => {
    date.hidden = type.value !== 'date';
    days.hidden = type.value !== 'working-days' && type.value !== 'calendar-days';
  };
  type.addEventListener('change', sync);
  sync();
  return [field(t('form.deadlineType'), type), date, days];
}

/**
 * The deadline the fields of `deadlineFields` say, or undefined when no kind was chosen.
 * @param {HTMLFormElement} form
 */
export function deadlineOf(form) {
  const kind = value(form, 'deadlineType');
  if (kind === 'date') return { type: 'date', date: dateValue(form, 'deadlineDate', true) };
  if (kind === 'none') return { type: 'none' };
  if (!kind) return undefined;
  const n = Number(value(form, 'deadlineDays'));
  if (!Number.isInteger(n) || n < 1 || n > 3650) {
    throw new FormError('deadlineDays', t('fieldError.days'));
  }
  return { type: kind, days: n };
}

/**
 * @typedef {{ fields: (Node | null)[], body: (form: HTMLFormElement) => object }} FormSpec
 * @type {Record<Action, (item: Item, units: Units) => FormSpec>}
 */
const FORMS = {
  assign: (item, units) => {
    const lead = unitSelect(units, item.leadUnit);
    const supporting = unitChecklist(units, {
      name: 'supportingUnits',
      legend: t('form.supportingUnits'),
      selected: item.supportingUnits ?? [],
    });
    return {
      fields: [
        field(t('form.leadUnit'), lead),
        supporting,
        ...deadlineFields(t('form.deadline.keep')),
        textArea('note', t('form.note')),
      ],
      body: (form) => {
        const supportingUnits = checkedValues(form, 'supportingUnits');
        const deadline = deadlineOf(form);
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
