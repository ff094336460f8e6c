// @ts-check
import { apiGet, apiPost, newIdempotencyKey } from '../api.js';
import { field, h, option, replace } from '../dom.js';
import { t } from '../i18n/t.js';
import { forgetReferenceData } from '../reference.js';
import { FormError } from './form-parts.js';
import { contactsHash, resultSlot, submitting } from './admin-forms.js';
import { loadUnitDetail, unitPanel, unitRowLinks } from './admin-unit-changes.js';

/**
 * Units (`#/admin/units`, admin): every department, commune, agency and the province with its
 * id, code and whether it is active, a link to its contacts, and the form that registers one
 * (`POST /api/units`), checked as the API checks it.
 *
 * Units that change (issue 20): each row links to the unit's lineage and, for an active unit, to
 * its rename, merge and dissolve forms ({@link unitChangeActions}); `?unit=<id>&change=<kind>`
 * opens them in a panel above the list (views/admin-unit-changes.js), so a change can be
 * bookmarked and the page after it shows the unit the work went to.
 *
 * @typedef {import('../reference.js').Unit} Unit
 */

export const UNIT_KINDS = /** @type {const} */ (['department', 'commune', 'agency', 'province']);
/** As the API's RegisterUnitDto: a lowercase slug ("so-noi-vu"), 64 characters at most. */
const UNIT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** @param {import('../main.js').ViewContext} ctx */
export async function renderUnits(ctx) {
  const selected = ctx.params.get('unit');
  /** @type {[Unit[], import('./admin-unit-changes.js').UnitDetail | null]} */
  const [units, detail] = await Promise.all([
    apiGet('/api/units', {}, { consistent: true }),
    selected ? loadUnitDetail(selected) : Promise.resolve(null),
  ]);
  if (!ctx.isCurrent()) return;
  const sorted = [...units].sort(
    (a, b) =>
      UNIT_KINDS.indexOf(a.kind) - UNIT_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name, 'vi'),
  );
  replace(
    ctx.main,
    h('h1', null, t('adminUnits.title')),
    h('p', { class: 'subtitle' }, t('adminUnits.count', { count: units.length })),
    detail ? unitPanel(ctx, detail, units, ctx.params.get('change')) : null,
    selected && !detail
      ? h('p', { class: 'problem', role: 'alert' }, t('problem.UNIT.NOT_FOUND'))
      : null,
    registerForm(ctx, units),
    h(
      'table',
      { class: 'data admin-units', id: 'units-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['name', 'id', 'kind', 'code', 'active', 'actions'].map((c) =>
            h('th', { scope: 'col' }, t(`adminUnits.col.${c}`)),
          ),
        ),
      ),
      h(
        'tbody',
        null,
        sorted.map((unit) =>
          h(
            'tr',
            { dataset: { unit: unit.id }, class: unit.active ? '' : 'inactive' },
            h('td', null, unit.name),
            h('td', null, h('code', null, unit.id)),
            h('td', null, t(`unitKind.${unit.kind}`)),
            h('td', null, unit.code ?? ''),
            h('td', null, t(unit.active ? 'adminUnits.active' : 'adminUnits.inactive')),
            h(
              'td',
              { class: 'row-actions' },
              h('a', { href: contactsHash(unit.id) }, t('adminUnits.contacts')),
              unitChangeActions(ctx, unit),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * Issue 20's changes on a unit's row: its lineage, and for an active unit rename, merge and
 * dissolve (an inactive, merged or dissolved unit has its lineage only).
 * @param {import('../main.js').ViewContext} ctx
 * @param {Unit} unit
 * @returns {HTMLElement | null}
 */
function unitChangeActions(ctx, unit) {
  return unitRowLinks(ctx, unit);
}

/**
 * @param {import('../main.js').ViewContext} ctx
 * @param {Unit[]} units
 */
function registerForm(ctx, units) {
  const idInput = h('input', {
    name: 'id',
    type: 'text',
    required: true,
    maxlength: '64',
    autocomplete: 'off',
    placeholder: 'so-noi-vu',
  });
  const nameInput = h('input', { name: 'name', type: 'text', required: true, maxlength: '200' });
  const kindSelect = h(
    'select',
    { name: 'kind', required: true },
    option('', t('adminUnits.chooseKind')),
    UNIT_KINDS.map((k) => option(k, t(`unitKind.${k}`))),
  );
  const codeInput = h('input', {
    name: 'code',
    type: 'text',
    maxlength: '20',
    placeholder: '08152',
  });
  const slot = resultSlot('register-result');
  const key = newIdempotencyKey();
  const form = h(
    'form',
    {
      class: 'card admin-form',
      id: 'register-unit',
      novalidate: true,
      on: {
        submit: async (/** @type {Event} */ event) => {
          event.preventDefault();
          await submitting(form, slot, async () => {
            const body = readUnit(units);
            await apiPost('/api/units', body, { idempotencyKey: key });
            forgetReferenceData();
            ctx.refresh(t('adminUnits.registered', { name: body.name }));
          });
        },
      },
    },
    h('h2', null, t('adminUnits.register')),
    h(
      'div',
      { class: 'form-row' },
      field(t('field.name'), nameInput),
      field(t('field.unitId'), idInput, t('adminUnits.idHint')),
      field(t('field.kind'), kindSelect),
      field(t('field.code'), codeInput, t('adminUnits.codeHint')),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('adminUnits.submit')),
    ),
    slot,
  );

  /** The body, checked as RegisterUnitDto checks it (and the id not already taken). */
  function readUnit(/** @type {Unit[]} */ existing) {
    const id = idInput.value.trim();
    const name = nameInput.value.trim();
    const kind = kindSelect.value;
    const code = codeInput.value.trim();
    if (!name) throw new FormError('name', t('fieldError.required'));
    if (name.length > 200) throw new FormError('name', t('fieldError.tooLong'));
    if (!id) throw new FormError('id', t('fieldError.required'));
    if (id.length > 64) throw new FormError('id', t('fieldError.tooLong'));
    if (!UNIT_ID.test(id)) throw new FormError('id', t('fieldError.slug'));
    if (existing.some((u) => u.id === id)) throw new FormError('id', t('fieldError.unitTaken'));
    if (!kind) throw new FormError('kind', t('fieldError.choose'));
    if (code.length > 20) throw new FormError('code', t('fieldError.tooLong'));
    return { id, name, kind, ...(code ? { code } : {}) };
  }
  return form;
}
