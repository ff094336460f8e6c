// @ts-check
import { apiGet, ApiError } from '../api.js';
import { h } from '../dom.js';
import { formatNumber } from '../i18n/format.js';
import { has, t } from '../i18n/t.js';
import { listHash } from '../url-state.js';

/**
 * Work queues: what waits on the caller, each a list filter with its count
 * (`GET /api/items/queues` → `{ queues: [{ name, count }] }`, `GET /api/items?queue=<name>`).
 * The office and the leadership: extension requests, completions to review, unassigned items; a
 * unit: what it leads, supports, is only named in, and what was returned to it for rework.
 *
 * @typedef {{ name: string, count: number }} Queue
 */

/**
 * The caller's queues, or null where the server has none (404: an older server).
 * @returns {Promise<Queue[] | null>}
 */
export async function loadQueues() {
  try {
    const answer = await apiGet('/api/items/queues', {}, { consistent: true });
    return Array.isArray(answer?.queues) ? answer.queues : null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** A queue's name on screen. */
export function queueLabel(/** @type {string} */ name) {
  return has(`queue.${name}`) ? t(`queue.${name}`) : name;
}

/**
 * The queues as links with their counts.
 * @param {Queue[]} queues
 * @param {{ current?: string, compact?: boolean }} [options] `current`: the queue on screen
 */
export function renderQueues(queues, { current = '', compact = false } = {}) {
  return h(
    'nav',
    {
      class: compact ? 'queues queues-compact' : 'queues',
      id: 'queues',
      'aria-labelledby': 'queues-title',
    },
    h(
      'h2',
      { id: 'queues-title', class: compact ? 'visually-hidden' : undefined },
      t('queue.title'),
    ),
    h(
      'ul',
      { class: 'queue-list' },
      queues.map((q) =>
        h(
          'li',
          { class: 'queue', dataset: { queue: q.name, count: String(q.count) } },
          h(
            'a',
            {
              href: listHash({ queue: q.name }),
              class: 'queue-link',
              'aria-current': q.name === current ? 'page' : false,
            },
            h('span', { class: 'queue-count' }, formatNumber(q.count)),
            h('span', { class: 'queue-label' }, queueLabel(q.name)),
          ),
        ),
      ),
    ),
  );
}
