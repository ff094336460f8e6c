// @ts-check
import { apiPost, newIdempotencyKey } from '../api.js';
import { restoreDraft } from '../drafts.js';
import { field, h, option, replace, uid } from '../dom.js';
import { today } from '../i18n/format.js';
import { t } from '../i18n/t.js';
import { loadSources, loadUnits, unitName } from '../reference.js';
import {
  actDateField,
  actDateValue,
  checkedValues,
  checkRequired,
  FormError,
  localProblem,
  occurredAtOf,
  unitChecklist,
} from './form-parts.js';
import {
  compact,
  deadlineFields,
  deadlineOf,
  textArea,
  textInput,
  unitSelect,
  value,
} from './item-actions.js';
import { markInvalidFields, problemBox, problemOf } from './problem.js';

/**
 * Raising from the dashboard (`#/raise`):
 * - the office and the leadership raise a directive (or a recommendation on a commune's behalf)
 *   with its content, source document, communes, priority and deadline, and may route it at once
 *   to a lead unit and supporting units: one form, two requests (`POST /api/items`, then
 *   `POST /api/items/{id}/assign`). A source document not registered yet is registered on the
 *   way (`POST /api/sources`), a third request before the others.
 * - a unit raises a recommendation from its own unit (the server sets `originUnit`).
 * Each request has its own `Idempotency-Key`, fixed for the life of the form, and a step that
 * succeeded is not sent again: sending again after an error (a lost answer, a refusal of the
 * assignment) never raises the item twice — a retried raise with its key lands on the same item.
 */

export const RAISE_PATH = '/raise';

/** @param {import('../session.js').Principal | null} user */
export function canRaise(user) {
  if (!user) return false;
  return user.role === 'office' || user.role === 'leader' || (user.role === 'unit' && !!user.unit);
}

const NEW_SOURCE = '__new__';

/** @param {import('../main.js').ViewContext} ctx */
export async function renderRaise(ctx) {
  const { principal } = ctx;
  const isUnit = principal.role === 'unit';
  const [units, sources] = await Promise.all([
    loadUnits().catch(() => new Map()),
    isUnit ? Promise.resolve(new Map()) : loadSources(),
  ]);
  if (!ctx.isCurrent()) return;
  const title = isUnit ? t('raise.titleUnit') : t('raise.title');
  document.title = `${title} · ${t('app.title')}`;

  /** What already went through: not sent again when the form is sent again. */
  const done = /** @type {{ sourceId?: string, item?: { id: string, revision: string } }} */ ({});
  const keys = {
    source: newIdempotencyKey(),
    raise: newIdempotencyKey(),
    assign: newIdempotencyKey(),
  };

  const slot = h('div', { class: 'problem-slot' });
  const submit = h(
    'button',
    { type: 'submit', class: 'primary', id: 'raise-submit' },
    isUnit ? t('raise.submitUnit') : t('raise.submit'),
  );

  const kindChoice = isUnit ? null : kindRadios();
  const origin = isUnit
    ? null
    : field(
        t('form.originUnit'),
        unitSelect(units, null, { name: 'originUnit', required: false }),
        t('raise.originHint'),
      );
  const sourceBlock = isUnit ? null : sourceFields(sources);
  const assignBlock = isUnit
    ? null
    : h(
        'fieldset',
        { class: 'raise-assign' },
        h('legend', null, t('raise.assignLegend')),
        h('p', { class: 'hint' }, t('raise.assignHint')),
        field(t('form.leadUnit'), unitSelect(units, null, { required: false })),
        unitChecklist(units, { name: 'supportingUnits', legend: t('form.supportingUnits') }),
      );
  const mine = principal.unit ? units.get(principal.unit) : undefined;

  const form = h(
    'form',
    { class: 'card raise-form', id: 'raise-form', novalidate: true, dataset: { draft: 'raise' } },
    kindChoice,
    origin,
    isUnit
      ? h(
          'p',
          { class: 'hint', id: 'raise-origin' },
          t('raise.fromUnit', { unit: unitName(units, principal.unit) }),
        )
      : null,
    field(
      t('form.title'),
      h('input', {
        type: 'text',
        name: 'title',
        required: true,
        maxlength: '500',
        autocomplete: 'off',
      }),
    ),
    textArea('description', t('form.description'), { rows: 4 }),
    sourceBlock,
    unitChecklist(units, {
      name: 'communes',
      legend: t('form.communes'),
      kinds: ['commune'],
      selected: mine?.kind === 'commune' ? [mine.id] : [],
    }),
    isUnit
      ? null
      : h(
          'div',
          { class: 'check' },
          h('input', { type: 'checkbox', name: 'priority', id: 'raise-priority', value: 'key' }),
          h('label', { for: 'raise-priority' }, t('form.priorityKey')),
        ),
    isUnit ? null : deadlineFields(t('raise.noDeadlineYet')),
    assignBlock,
    actDateField({ label: t('form.raiseDate') }),
    slot,
    submit,
  );

  // A recommendation may name the unit it comes from; a directive comes from the province.
  const syncKind = () => {
    if (origin) origin.hidden = value(form, 'kind') !== 'recommendation';
  };
  form.addEventListener('change', syncKind);
  syncKind();
  if (restoreDraft(form)) slot.append(h('p', { class: 'draft-note' }, t('form.draftRestored')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(slot);
    markInvalidFields(form, null);
    let plan;
    try {
      checkRequired(form);
      plan = readForm(form, isUnit);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      showProblem(form, slot, localProblem(error));
      return;
    }
    submit.disabled = true;
    submit.textContent = t('action.sending');
    try {
      if (plan.newSource && !done.sourceId) {
        const answer = await apiPost('/api/sources', plan.newSource, {
          idempotencyKey: keys.source,
        });
        done.sourceId = answer.id;
      }
      const sourceId = plan.newSource ? done.sourceId : plan.sourceId;
      if (!done.item) {
        const answer = await apiPost('/api/items', compact({ ...plan.raise, sourceId }), {
          idempotencyKey: keys.raise,
        });
        done.item = { id: answer.id, revision: answer.revision };
      }
      if (plan.assign) {
        await apiPost(`/api/items/${encodeURIComponent(done.item.id)}/assign`, plan.assign, {
          idempotencyKey: keys.assign,
        });
      }
      ctx.navigate(`#/items/${encodeURIComponent(done.item.id)}?raised=1`);
    } catch (error) {
      submit.disabled = false;
      submit.textContent = isUnit ? t('raise.submitUnit') : t('raise.submit');
      showProblem(form, slot, problemOf(error));
      if (done.item) {
        // Raised, but not routed: say so, and where the item is.
        slot.append(
          h(
            'p',
            { class: 'raise-partial', id: 'raise-partial' },
            t('raise.partial'),
            ' ',
            h('a', { href: `#/items/${encodeURIComponent(done.item.id)}` }, t('raise.openItem')),
          ),
        );
      }
    }
  });

  replace(
    ctx.main,
    h('h1', null, title),
    h('p', { class: 'subtitle' }, isUnit ? t('raise.introUnit') : t('raise.intro')),
    form,
  );
}

/**
 * @param {HTMLFormElement} form @param {HTMLElement} slot
 * @param {import('../api.js').Problem & { local?: boolean }} problem
 */
function showProblem(form, slot, problem) {
  replace(slot, problemBox(problem));
  markInvalidFields(form, problem);
  const alert = /** @type {HTMLElement | null} */ (slot.querySelector('[role="alert"]'));
  alert?.setAttribute('tabindex', '-1');
  alert?.focus();
}

function kindRadios() {
  return h(
    'fieldset',
    { class: 'radios segmented-inline' },
    h('legend', null, t('form.kind')),
    ['directive', 'recommendation'].map((kind) => {
      const id = uid('kind');
      return h(
        'div',
        { class: 'radio' },
        h('input', { type: 'radio', name: 'kind', id, value: kind, checked: kind === 'directive' }),
        h('label', { for: id }, t(`kind.${kind}`)),
      );
    }),
  );
}

/**
 * The source document: one already registered, or a new one registered on the way (its number,
 * title and date of issue).
 * @param {Map<string, import('../reference.js').Source>} sources
 */
function sourceFields(sources) {
  const list = [...sources.values()].sort((a, b) => b.issuedOn.localeCompare(a.issuedOn));
  const select = h(
    'select',
    { name: 'sourceId' },
    option('', t('raise.noSource')),
    list.map((s) => option(s.id, s.reference ? `${s.reference} — ${s.title}` : s.title)),
    option(NEW_SOURCE, t('raise.newSource')),
  );
  const fresh = h(
    'fieldset',
    { class: 'new-source', hidden: true },
    h('legend', null, t('raise.newSourceLegend')),
    textInput('reference', t('form.reference'), '100'),
    field(
      t('form.sourceTitle'),
      h('input', {
        type: 'text',
        name: 'sourceTitle',
        required: true,
        maxlength: '500',
        autocomplete: 'off',
      }),
    ),
    field(
      t('form.issuedOn'),
      h('input', { type: 'date', name: 'issuedOn', required: true, max: today() }),
    ),
  );
  const sync = () => {
    fresh.hidden = select.value !== NEW_SOURCE;
  };
  select.addEventListener('change', sync);
  sync();
  return h('div', { class: 'raise-source' }, field(t('form.source'), select), fresh);
}

/**
 * The requests the form asks for.
 * @param {HTMLFormElement} form @param {boolean} isUnit
 */
function readForm(form, isUnit) {
  const date = actDateValue(form, '');
  const occurredAt = occurredAtOf(date);
  const kind = isUnit ? 'recommendation' : value(form, 'kind') || 'directive';
  const deadline = isUnit ? undefined : deadlineOf(form);
  const communes = checkedValues(form, 'communes');
  const raise = compact({
    kind,
    title: value(form, 'title'),
    description: value(form, 'description'),
    originUnit: kind === 'recommendation' && !isUnit ? value(form, 'originUnit') : undefined,
    communes: communes.length > 0 ? communes : undefined,
    priority: !isUnit && value(form, 'priority') === 'on' ? 'key' : undefined,
    deadline,
    occurredAt,
  });
  const source = isUnit ? '' : value(form, 'sourceId');
  /** @type {Record<string, unknown> | null} */
  let newSource = null;
  if (source === NEW_SOURCE) {
    const issuedOn = value(form, 'issuedOn');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(issuedOn))
      throw new FormError('issuedOn', t('fieldError.date'));
    if (issuedOn > today()) throw new FormError('issuedOn', t('fieldError.future'));
    newSource = compact({
      type: 'document',
      reference: value(form, 'reference'),
      title: value(form, 'sourceTitle'),
      issuedOn,
    });
  }
  const leadUnit = isUnit ? '' : value(form, 'leadUnit');
  const supportingUnits = isUnit ? [] : checkedValues(form, 'supportingUnits');
  if (!leadUnit && supportingUnits.length > 0) {
    throw new FormError('leadUnit', t('raise.leadFirst'));
  }
  const assign = leadUnit
    ? compact({
        leadUnit,
        supportingUnits: supportingUnits.filter((u) => u !== leadUnit),
        deadline,
        occurredAt,
      })
    : null;
  if (assign && Array.isArray(assign.supportingUnits) && assign.supportingUnits.length === 0) {
    delete assign.supportingUnits;
  }
  return {
    raise,
    newSource,
    sourceId: source && source !== NEW_SOURCE ? source : undefined,
    assign,
  };
}
