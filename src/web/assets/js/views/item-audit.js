// @ts-check
import { apiGet } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDateTime } from '../i18n/format.js';
import { t, tOr } from '../i18n/t.js';
import { problemBox, problemOf } from './problem.js';

/**
 * For auditors, on the item page: every step of the item (what each event changed, from
 * `GET /api/items/{id}/changes`); a step opens the item as it stood right after it (`asOf` its
 * recording time, recorded basis), with the fields that step changed highlighted.
 */

/**
 * @typedef {{ revision: string, type: string, occurredAt: string, recordedAt: string,
 *   actor: { sub: string, role: string, unit: string | null, name?: string },
 *   changes: { field: string, from: unknown, to: unknown }[] }} Change
 */

/** @param {string} id @returns {Promise<HTMLElement>} */
export async function renderItemAudit(id) {
  const path = `/api/items/${encodeURIComponent(id)}`;
  const section = h(
    'section',
    { class: 'card item-audit', id: 'item-audit', 'aria-labelledby': 'item-audit-title' },
    h('h2', { id: 'item-audit-title' }, t('itemAudit.title')),
  );
  /** @type {Change[]} */
  let changes;
  try {
    changes = await apiGet(`${path}/changes`);
  } catch (error) {
    section.append(problemBox(problemOf(error)));
    return section;
  }
  const panel = h('div', { id: 'item-audit-state', 'aria-live': 'polite' });
  /** @param {Change} step @param {HTMLElement} button */
  const open = async (step, button) => {
    for (const b of section.querySelectorAll('.step-open')) b.setAttribute('aria-pressed', 'false');
    button.setAttribute('aria-pressed', 'true');
    try {
      const item = await apiGet(path, { asOf: step.recordedAt, basis: 'recorded' });
      replace(panel, stateTable(item, step));
    } catch (error) {
      replace(panel, problemBox(problemOf(error)));
    }
  };
  section.append(
    h('p', { class: 'muted' }, t('itemAudit.hint')),
    h(
      'ol',
      { class: 'audit-steps', id: 'item-audit-steps' },
      changes.map((step) => {
        const button = h(
          'button',
          {
            type: 'button',
            class: 'step-open secondary',
            'aria-pressed': 'false',
            dataset: { revision: step.revision },
          },
          t('itemAudit.open'),
        );
        button.addEventListener('click', () => void open(step, button));
        return h(
          'li',
          { dataset: { revision: step.revision } },
          h('strong', null, tOr(`event.${step.type}`, step.type)),
          ' · ',
          h('time', { datetime: step.recordedAt }, formatDateTime(step.recordedAt)),
          ' · ',
          step.actor.name ?? step.actor.sub,
          ' ',
          h(
            'span',
            { class: 'muted' },
            t('itemAudit.changed', { fields: step.changes.map((c) => c.field).join(', ') || '—' }),
          ),
          ' ',
          button,
        );
      }),
    ),
    panel,
  );
  return section;
}

/**
 * The item's fields after `step`, each changed one marked.
 * @param {Record<string, unknown>} item @param {Change} step
 */
function stateTable(item, step) {
  const changed = new Set(step.changes.map((c) => c.field.split(/[.[]/)[0]));
  const skip = new Set(['asOf', 'basis', 'id']);
  return h(
    'div',
    null,
    h(
      'h3',
      null,
      t('itemAudit.asOf', { revision: step.revision, time: formatDateTime(step.recordedAt) }),
    ),
    h(
      'table',
      { class: 'item-state' },
      h(
        'tbody',
        null,
        Object.entries(item)
          .filter(([key]) => !skip.has(key))
          .map(([key, value]) =>
            h(
              'tr',
              { class: changed.has(key) ? 'changed' : '', dataset: { field: key } },
              h('th', { scope: 'row' }, key),
              h(
                'td',
                null,
                value === null
                  ? '—'
                  : typeof value === 'object'
                    ? JSON.stringify(value)
                    : String(value),
              ),
            ),
          ),
      ),
    ),
  );
}
