// @ts-check
import { ApiError, apiGet, apiPost, newIdempotencyKey } from '../api.js';
import { field, h, option, replace } from '../dom.js';
import { formatDate, formatNumber, today } from '../i18n/format.js';
import { t } from '../i18n/t.js';
import { forgetReferenceData } from '../reference.js';
import { checkRequired, FormError, localProblem, unitChecklist } from './form-parts.js';
import { fieldMessage, problemTitle } from './problem.js';
import { resultSlot, submitting } from './admin-forms.js';

/**
 * Units that change (issues 20 and 22), on the units page (`#/admin/units?unit=<id>&change=…`):
 * a unit's lineage (`GET /api/units/{id}`: names over time, first and last day, predecessors,
 * successor) and, for an active unit, the forms that rename it (`POST /api/units/{id}/rename`),
 * merge it with others into an existing or a new unit (`POST /api/units/merge`) or dissolve it,
 * with or without a successor (`POST /api/units/{id}/dissolve`).
 *
 * Each form has two steps. "Xem trước" checks the form as the API does and asks how many open
 * items the change carries over (`GET /api/items/open-count?unit=`, summed over the merged
 * units); the confirmation shows them with the exact body it will send, and any edit after it
 * withdraws it. "Xác nhận" sends that body with an `Idempotency-Key` made for it, so a double
 * click or a retry after a lost answer records the change once, and an edited body is a new
 * request. The server's refusals (UNIT.*) are told in the page's language, each field by the
 * form's own label.
 *
 * @typedef {import('../reference.js').Unit} Unit
 * @typedef {{ id: string, reason: 'merger' | 'dissolution', effectiveOn: string,
 *   reference: string | null }} UnitLink
 * @typedef {Unit & { validFrom: string | null, validTo: string | null,
 *   names: { name: string, from: string | null }[], predecessors: UnitLink[],
 *   successor: UnitLink | null }} UnitDetail
 * @typedef {'rename' | 'merge' | 'dissolve'} ChangeKind
 * @typedef {{ path: string, body: Record<string, unknown>, counted: string[],
 *   message: string, landing: string }} PlannedChange
 */

export const CHANGE_KINDS = /** @type {const} */ (['rename', 'merge', 'dissolve']);
const UNIT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UNIT_KINDS = ['department', 'commune', 'agency', 'province'];

/** The hash of a unit's lineage on the units page, with a change form open when `change` is set. */
export function unitHash(/** @type {string} */ unitId, /** @type {string | null} */ change = null) {
  const search = new URLSearchParams({ unit: unitId });
  if (change) search.set('change', change);
  return `#/admin/units?${search}`;
}

/** A link that opens `hash` and keeps the focus on the unit panel's title. */
function panelLink(
  /** @type {import('../main.js').ViewContext} */ ctx,
  /** @type {string} */ hash,
  /** @type {string} */ label,
  /** @type {import('../dom.js').Props} */ props = {},
) {
  return h(
    'a',
    {
      ...props,
      href: hash,
      on: {
        click: (/** @type {MouseEvent} */ event) => {
          if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          ctx.navigate(hash, 'unit-panel-title');
        },
      },
    },
    label,
  );
}

/**
 * The links on a unit's row: its lineage, and for an active unit the three changes. An inactive
 * (merged, dissolved) unit has its lineage only.
 * @param {import('../main.js').ViewContext} ctx
 * @param {Unit} unit
 */
export function unitRowLinks(ctx, unit) {
  return h(
    'span',
    { class: 'unit-change-links' },
    panelLink(ctx, unitHash(unit.id), t('unitChange.lineage'), { class: 'unit-lineage-link' }),
    unit.active
      ? CHANGE_KINDS.map((kind) =>
          panelLink(ctx, unitHash(unit.id, kind), t(`unitChange.action.${kind}`), {
            class: 'unit-change-link',
            dataset: { change: kind },
          }),
        )
      : null,
  );
}

/** `GET /api/units/{id}`, or null for a unit that does not exist (a stale bookmark). */
export async function loadUnitDetail(/** @type {string} */ id) {
  try {
    return /** @type {UnitDetail} */ (
      await apiGet(`/api/units/${encodeURIComponent(id)}`, {}, { consistent: true })
    );
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/**
 * The panel above the list: the unit's lineage, and the chosen change's form.
 * @param {import('../main.js').ViewContext} ctx
 * @param {UnitDetail} detail
 * @param {Unit[]} units
 * @param {string | null} change
 */
export function unitPanel(ctx, detail, units, change) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const kind = /** @type {ChangeKind | undefined} */ (
    CHANGE_KINDS.find((k) => k === change && detail.active)
  );
  return h(
    'section',
    {
      class: 'card unit-panel',
      id: 'unit-panel',
      dataset: { unit: detail.id, active: String(detail.active) },
      'aria-labelledby': 'unit-panel-title',
    },
    h(
      'div',
      { class: 'unit-panel-head' },
      h('h2', { id: 'unit-panel-title', tabindex: '-1' }, detail.name),
      h(
        'span',
        { class: `unit-state ${detail.active ? 'unit-active' : 'unit-inactive'}` },
        t(detail.active ? 'adminUnits.active' : 'adminUnits.inactive'),
      ),
      h('a', { href: '#/admin/units', class: 'unit-panel-close' }, t('unitChange.close')),
    ),
    lineage(ctx, detail, byId),
    detail.active
      ? h(
          'nav',
          { class: 'unit-change-tabs', 'aria-label': t('unitChange.tabs') },
          CHANGE_KINDS.map((k) =>
            panelLink(ctx, unitHash(detail.id, k), t(`unitChange.action.${k}`), {
              'aria-current': k === kind ? 'page' : false,
              dataset: { change: k },
            }),
          ),
        )
      : h('p', { class: 'hint', id: 'unit-no-change' }, t('unitChange.inactiveNoChange')),
    kind ? changeForm(ctx, kind, detail, units, byId) : null,
  );
}

/**
 * Names over time, first and last day, predecessors and successor.
 * @param {import('../main.js').ViewContext} ctx
 * @param {UnitDetail} detail
 * @param {Map<string, Unit>} byId
 */
function lineage(ctx, detail, byId) {
  const nameOf = (/** @type {string} */ id) => byId.get(id)?.name ?? id;
  /** @param {UnitLink} link @param {'predecessor' | 'successor'} role */
  const linkItem = (link, role) =>
    h(
      'li',
      { dataset: { unit: link.id, reason: link.reason } },
      panelLink(ctx, unitHash(link.id), nameOf(link.id)),
      ' — ',
      t(`unitChange.${role}.${link.reason}`, { date: formatDate(link.effectiveOn) }),
      link.reference ? h('span', { class: 'unit-reference' }, ` (${link.reference})`) : null,
    );
  return h(
    'dl',
    { class: 'unit-lineage', id: 'unit-lineage' },
    h('dt', null, t('field.unitId')),
    h('dd', null, h('code', null, detail.id), ' · ', t(`unitKind.${detail.kind}`)),
    detail.code ? [h('dt', null, t('field.code')), h('dd', null, detail.code)] : null,
    h('dt', null, t('unitChange.validFrom')),
    h(
      'dd',
      { id: 'unit-valid-from' },
      detail.validFrom ? formatDate(detail.validFrom) : t('unitChange.sinceRecords'),
    ),
    h('dt', null, t('unitChange.validTo')),
    h(
      'dd',
      { id: 'unit-valid-to' },
      detail.validTo ? formatDate(detail.validTo) : t('unitChange.stillActive'),
    ),
    h('dt', null, t('unitChange.names')),
    h(
      'dd',
      null,
      h(
        'ol',
        { class: 'unit-names', id: 'unit-names' },
        detail.names.map((n) =>
          h(
            'li',
            null,
            h('span', { class: 'unit-name' }, n.name),
            ' — ',
            n.from
              ? t('unitChange.nameFrom', { date: formatDate(n.from) })
              : t('unitChange.nameFromStart'),
          ),
        ),
      ),
    ),
    h('dt', null, t('unitChange.predecessorsTitle')),
    h(
      'dd',
      null,
      detail.predecessors.length
        ? h(
            'ul',
            { class: 'unit-links', id: 'unit-predecessors' },
            detail.predecessors.map((p) => linkItem(p, 'predecessor')),
          )
        : t('unitChange.none'),
    ),
    h('dt', null, t('unitChange.successorTitle')),
    h(
      'dd',
      null,
      detail.successor
        ? h(
            'ul',
            { class: 'unit-links', id: 'unit-successor' },
            linkItem(detail.successor, 'successor'),
          )
        : t(detail.active ? 'unitChange.none' : 'unitChange.noSuccessor'),
    ),
  );
}

/**
 * The date a change takes effect: a date picker, today by default, never after today (nor, as a
 * guide for the picker, before the unit's first day: the server has the last word, since a
 * unit's last change is not in its lineage), with the day repeated as dd/mm/yyyy.
 * @param {string | null} min
 */
function effectiveOnField(min) {
  const max = today();
  const input = h('input', {
    type: 'date',
    name: 'effectiveOn',
    required: true,
    max,
    min: min && min <= max ? min : false,
    value: max,
  });
  const wrapper = field(t('field.effectiveOn'), input, t('unitChange.effectiveOnHint'));
  const echo = h('output', { class: 'act-date-echo', for: input.id, 'aria-live': 'polite' });
  const show = () => {
    echo.textContent = LOCAL_DATE.test(input.value) ? formatDate(input.value) : '';
  };
  input.addEventListener('input', show);
  input.addEventListener('change', show);
  show();
  wrapper.append(echo);
  return wrapper;
}

function referenceField() {
  return field(
    t('field.legalReference'),
    h('input', {
      type: 'text',
      name: 'legalReference',
      required: true,
      maxlength: '300',
      placeholder: t('unitChange.referencePlaceholder'),
    }),
    t('unitChange.referenceHint'),
  );
}

/** @param {HTMLFormElement} form @param {string} name */
function valueOf(form, name) {
  const el = form.elements.namedItem(name);
  return el instanceof HTMLInputElement ||
    el instanceof HTMLSelectElement ||
    el instanceof HTMLTextAreaElement
    ? el.value.trim()
    : '';
}

/** The effective date, checked as the API checks it. @param {HTMLFormElement} form */
function effectiveOnOf(form) {
  const value = valueOf(form, 'effectiveOn');
  if (!value) throw new FormError('effectiveOn', t('fieldError.required'));
  if (!LOCAL_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new FormError('effectiveOn', t('fieldError.date'));
  }
  if (value > today()) throw new FormError('effectiveOn', t('fieldError.future'));
  return value;
}

/** @param {HTMLFormElement} form */
function referenceOf(form) {
  const reference = valueOf(form, 'legalReference');
  if (!reference) throw new FormError('legalReference', t('fieldError.required'));
  if (reference.length > 300) throw new FormError('legalReference', t('fieldError.tooLong'));
  return reference;
}

/**
 * One change's form: its fields, the preview with the open items it carries over, the
 * confirmation, and the request.
 * @param {import('../main.js').ViewContext} ctx
 * @param {ChangeKind} kind
 * @param {UnitDetail} unit
 * @param {Unit[]} units
 * @param {Map<string, Unit>} byId
 */
function changeForm(ctx, kind, unit, units, byId) {
  const others = units
    .filter((u) => u.active && u.id !== unit.id)
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const fields =
    kind === 'rename'
      ? renameFields(unit)
      : kind === 'merge'
        ? mergeFields(unit, others, byId)
        : dissolveFields(others);
  const confirmBox = h('div', {
    class: 'change-confirm',
    id: 'change-confirm',
    'aria-live': 'polite',
  });
  const slot = resultSlot('change-result');
  /** @type {{ plan: PlannedChange, key: string } | null} */
  let previewed = null;

  const form = h(
    'form',
    {
      class: 'admin-form unit-change-form',
      id: 'unit-change',
      novalidate: true,
      dataset: { change: kind },
      on: {
        submit: async (/** @type {Event} */ event) => {
          event.preventDefault();
          withdraw();
          await run(form, slot, async () => {
            const plan = fields.plan(form, unit);
            const counts = await Promise.all(
              plan.counted.map(async (id) => {
                /** @type {{ unitId: string, openItems: number }} */
                const answer = await apiGet(
                  '/api/items/open-count',
                  { unit: id },
                  { consistent: true },
                );
                return answer;
              }),
            );
            previewed = { plan, key: newIdempotencyKey() };
            showConfirmation(plan, counts);
          });
        },
        // An edit after the preview withdraws it: what is confirmed is what was previewed.
        input: () => withdraw(),
        change: () => withdraw(),
      },
    },
    h('h3', null, t(`unitChange.title.${kind}`, { name: unit.name })),
    h('p', { class: 'hint' }, t(`unitChange.intro.${kind}`)),
    fields.element,
    h(
      'div',
      { class: 'form-row unit-change-common' },
      effectiveOnField(unit.validFrom),
      kind === 'rename' ? null : referenceField(),
    ),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { type: 'submit', class: 'primary', id: 'change-preview' },
        t('unitChange.preview'),
      ),
    ),
    slot,
    confirmBox,
  );

  function withdraw() {
    previewed = null;
    replace(confirmBox);
  }

  /**
   * @param {PlannedChange} plan
   * @param {{ unitId: string, openItems: number }[]} counts
   */
  function showConfirmation(plan, counts) {
    const total = counts.reduce((sum, c) => sum + c.openItems, 0);
    const nameOf = (/** @type {string} */ id) => byId.get(id)?.name ?? id;
    const confirmButton = h(
      'button',
      { type: 'button', class: 'primary', id: 'change-confirm-button' },
      t(`unitChange.confirm.${kind}`),
    );
    confirmButton.addEventListener('click', async () => {
      const chosen = previewed;
      if (!chosen) return;
      let refused = false;
      const done = await run(form, slot, async () => {
        try {
          await apiPost(chosen.plan.path, chosen.plan.body, { idempotencyKey: chosen.key });
        } catch (error) {
          // Refused as it stands (4xx): the body must change, so it is previewed again. A lost
          // answer or a busy server (0, 5xx) keeps the confirmation, to send the same body again.
          refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
          throw error;
        }
        return true;
      });
      if (refused) withdraw();
      if (!done) return;
      forgetReferenceData();
      // The page of the unit the work went to (or the renamed, dissolved one), with the message.
      history.pushState(null, '', chosen.plan.landing);
      ctx.refresh(chosen.plan.message);
    });
    replace(
      confirmBox,
      h(
        'div',
        { class: 'change-summary', id: 'change-summary', dataset: { openItems: String(total) } },
        h('h4', null, t('unitChange.summaryTitle')),
        h('p', { id: 'change-sentence' }, plan.message),
        h(
          'p',
          { id: 'change-open-items', class: 'change-count' },
          t(
            `unitChange.count.${kind}${kind === 'dissolve' && !plan.body.successor ? 'Alone' : ''}`,
            {
              count: formatNumber(total),
            },
          ),
        ),
        counts.length > 1
          ? h(
              'ul',
              { class: 'change-counts' },
              counts.map((c) =>
                h(
                  'li',
                  { dataset: { unit: c.unitId, openItems: String(c.openItems) } },
                  t('unitChange.countOf', {
                    name: nameOf(c.unitId),
                    count: formatNumber(c.openItems),
                  }),
                ),
              ),
            )
          : null,
        kind === 'rename' ? null : h('p', { class: 'hint' }, t('unitChange.background')),
        h(
          'div',
          { class: 'actions' },
          confirmButton,
          h(
            'button',
            {
              type: 'button',
              on: {
                click: () => {
                  withdraw();
                  /** @type {HTMLElement | null} */ (form.querySelector('input, select'))?.focus();
                },
              },
            },
            t('unitChange.edit'),
          ),
        ),
      ),
    );
    confirmButton.focus();
  }
  return form;
}

/** @param {UnitDetail} unit */
function renameFields(unit) {
  const input = h('input', {
    type: 'text',
    name: 'newName',
    required: true,
    maxlength: '200',
    value: unit.name,
    autocomplete: 'off',
  });
  return {
    element: h('div', { class: 'form-row' }, field(t('field.newName'), input)),
    /** @param {HTMLFormElement} form @param {UnitDetail} target @returns {PlannedChange} */
    plan(form, target) {
      const name = input.value.trim();
      if (!name) throw new FormError('newName', t('fieldError.required'));
      if (name.length > 200) throw new FormError('newName', t('fieldError.tooLong'));
      if (name === target.name) throw new FormError('newName', t('fieldError.sameName'));
      const effectiveOn = effectiveOnOf(form);
      return {
        path: `/api/units/${encodeURIComponent(target.id)}/rename`,
        body: { name, effectiveOn },
        counted: [target.id],
        message: t('unitChange.done.rename', {
          from: target.name,
          name,
          date: formatDate(effectiveOn),
        }),
        landing: unitHash(target.id),
      };
    },
  };
}

/**
 * @param {UnitDetail} unit
 * @param {Unit[]} others the active units other than `unit`
 * @param {Map<string, Unit>} byId
 */
function mergeFields(unit, others, byId) {
  const checklist = unitChecklist(new Map(others.map((u) => [u.id, u])), {
    name: 'from',
    legend: t('unitChange.mergeWith'),
  });
  const modeNew = h('input', {
    type: 'radio',
    name: 'intoMode',
    value: 'new',
    checked: true,
    id: 'into-mode-new',
  });
  const modeExisting = h('input', {
    type: 'radio',
    name: 'intoMode',
    value: 'existing',
    id: 'into-mode-existing',
  });
  const intoUnit = h(
    'select',
    { name: 'intoUnit', required: true },
    option('', t('unitChange.chooseUnit')),
    others.map((u) => option(u.id, u.name)),
  );
  const intoName = h('input', {
    type: 'text',
    name: 'intoName',
    required: true,
    maxlength: '200',
    autocomplete: 'off',
  });
  const intoId = h('input', {
    type: 'text',
    name: 'intoId',
    required: true,
    maxlength: '64',
    autocomplete: 'off',
    placeholder: 'xa-thanh-ba',
  });
  const intoKind = h(
    'select',
    { name: 'intoKind', required: true },
    UNIT_KINDS.map((k) => option(k, t(`unitKind.${k}`), k === unit.kind)),
  );
  const intoCode = h('input', {
    type: 'text',
    name: 'intoCode',
    maxlength: '20',
    autocomplete: 'off',
  });
  const newBox = h(
    'div',
    { class: 'form-row', id: 'into-new' },
    field(t('field.intoName'), intoName),
    field(t('field.intoId'), intoId, t('adminUnits.idHint')),
    field(t('field.intoKind'), intoKind),
    field(t('field.intoCode'), intoCode, t('adminUnits.codeHint')),
  );
  const existingBox = h(
    'div',
    { class: 'form-row', id: 'into-existing', hidden: true },
    field(t('field.intoUnit'), intoUnit),
  );
  const toggle = () => {
    newBox.hidden = !modeNew.checked;
    existingBox.hidden = !modeExisting.checked;
  };
  modeNew.addEventListener('change', toggle);
  modeExisting.addEventListener('change', toggle);

  const element = h(
    'div',
    { class: 'merge-fields' },
    h('p', { class: 'merge-self' }, t('unitChange.mergeSelf', { name: unit.name })),
    checklist,
    h(
      'fieldset',
      { class: 'merge-into' },
      h('legend', null, t('unitChange.mergeInto')),
      h(
        'div',
        { class: 'into-modes' },
        h('label', { class: 'check', for: modeNew.id }, modeNew, ` ${t('unitChange.intoNew')}`),
        h(
          'label',
          { class: 'check', for: modeExisting.id },
          modeExisting,
          ` ${t('unitChange.intoExisting')}`,
        ),
      ),
      newBox,
      existingBox,
    ),
  );
  return {
    element,
    /** @param {HTMLFormElement} form @param {UnitDetail} target @returns {PlannedChange} */
    plan(form, target) {
      const from = [
        target.id,
        ...[...form.querySelectorAll('input[name="from"]:checked')].map(
          (el) => /** @type {HTMLInputElement} */ (el).value,
        ),
      ];
      if (from.length > 50) throw new FormError('from', t('fieldError.tooMany', { max: 50 }));
      checkRequired(form);
      /** @type {Record<string, string>} */
      let into;
      let intoLabel;
      if (modeExisting.checked) {
        const id = intoUnit.value;
        if (from.includes(id)) throw new FormError('intoUnit', t('fieldError.notMerged'));
        into = { id };
        intoLabel = byId.get(id)?.name ?? id;
      } else {
        const id = intoId.value.trim();
        const name = intoName.value.trim();
        const code = intoCode.value.trim();
        if (name.length > 200) throw new FormError('intoName', t('fieldError.tooLong'));
        if (id.length > 64) throw new FormError('intoId', t('fieldError.tooLong'));
        if (!UNIT_ID.test(id)) throw new FormError('intoId', t('fieldError.slug'));
        if (from.includes(id)) throw new FormError('intoId', t('fieldError.notMerged'));
        if (byId.has(id) || id === target.id)
          throw new FormError('intoId', t('fieldError.unitTaken'));
        if (code.length > 20) throw new FormError('intoCode', t('fieldError.tooLong'));
        into = { id, name, kind: intoKind.value, ...(code ? { code } : {}) };
        intoLabel = name;
      }
      const effectiveOn = effectiveOnOf(form);
      const reference = referenceOf(form);
      const names = from.map((id) => (id === target.id ? target.name : (byId.get(id)?.name ?? id)));
      return {
        path: '/api/units/merge',
        body: { from, into, effectiveOn, reference },
        counted: from,
        message: t('unitChange.done.merge', {
          from: names.join(', '),
          into: intoLabel,
          date: formatDate(effectiveOn),
        }),
        landing: unitHash(into.id),
      };
    },
  };
}

/** @param {Unit[]} others the active units other than the dissolved one */
function dissolveFields(others) {
  const successor = h(
    'select',
    { name: 'successor' },
    option('', t('unitChange.noSuccessorOption')),
    others.map((u) => option(u.id, u.name)),
  );
  const names = new Map(others.map((u) => [u.id, u.name]));
  return {
    element: h(
      'div',
      { class: 'form-row' },
      field(t('field.successor'), successor, t('unitChange.successorHint')),
    ),
    /** @param {HTMLFormElement} form @param {UnitDetail} target @returns {PlannedChange} */
    plan(form, target) {
      const effectiveOn = effectiveOnOf(form);
      const reference = referenceOf(form);
      const next = successor.value;
      const date = formatDate(effectiveOn);
      return {
        path: `/api/units/${encodeURIComponent(target.id)}/dissolve`,
        body: { ...(next ? { successor: next } : {}), effectiveOn, reference },
        counted: [target.id],
        message: next
          ? t('unitChange.done.dissolveTo', {
              name: target.name,
              successor: names.get(next) ?? next,
              date,
            })
          : t('unitChange.done.dissolve', { name: target.name, date }),
        landing: unitHash(target.id),
      };
    },
  };
}

/** The server's field names, as this page's controls are named. */
const FIELD_OF = /** @type {Record<string, string>} */ ({
  name: 'newName',
  reference: 'legalReference',
  'into.name': 'intoName',
  'into.kind': 'intoKind',
  'into.code': 'intoCode',
});

/**
 * A refusal in the page's language, its fields named as the form names them. The server's
 * English messages are told again here where the shared reading would lose something (a day is
 * a day, not an instant); the rest as every form tells them. The English detail stays below.
 * @param {import('../api.js').Problem} problem
 * @param {HTMLFormElement} form
 */
function changeProblem(problem, form) {
  const existing = form.querySelector('#into-mode-existing');
  const intoExisting = existing instanceof HTMLInputElement && existing.checked;
  const errors = (problem.errors ?? []).map((e) => {
    const name =
      e.field === 'into.id'
        ? intoExisting
          ? 'intoUnit'
          : 'intoId'
        : (FIELD_OF[e.field] ?? e.field.split(/[.[]/)[0]);
    const message = e.message ?? '';
    const before = /must not be before (\d{4}-\d{2}-\d{2})$/.exec(message);
    return {
      field: name,
      message: before
        ? t('fieldError.notBefore', { time: formatDate(before[1]) })
        : /must not be one of the merged|must be another unit/.test(message)
          ? t('fieldError.notMerged')
          : /needs a (name|kind)/.test(message)
            ? t('fieldError.required')
            : /^no unit /.test(message)
              ? t('fieldError.unit')
              : /must be left out/.test(message)
                ? t('fieldError.existingUnit')
                : fieldMessage(e),
    };
  });
  return { ...problem, local: true, title: problemTitle(problem), errors };
}

/**
 * Runs a step of the form as every administration form runs (`submitting`), with the server's
 * refusals worded for unit changes (`changeProblem`) and anything else as a network failure.
 * @template T
 * @param {HTMLFormElement} form
 * @param {HTMLElement} slot
 * @param {() => Promise<T>} work
 * @returns {Promise<T | undefined>}
 */
function run(form, slot, work) {
  return submitting(form, slot, work, (error) =>
    error instanceof ApiError
      ? changeProblem(error.problem, form)
      : {
          ...localProblem(new FormError('', String(error))),
          errors: [],
          title: t('error.network'),
        },
  );
}
