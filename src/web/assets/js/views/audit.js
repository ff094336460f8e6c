// @ts-check
import { apiGet } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { t, tOr } from '../i18n/t.js';
import { problemBox, problemOf } from './problem.js';

/**
 * The auditors' page: the global log with filters (actor, unit, event type, dates), the latest
 * verify result (run on demand) and the signed checkpoints. The log is read a page at a time as
 * stored; filters apply to the pages loaded so far ("load more" reads the next one).
 */

export const AUDIT_PATH = '/audit';
const PAGE = 1000;

/**
 * @typedef {{ position: string, streamId: string, revision: string, type: string,
 *   metadata: { actor?: { sub: string, role: string, unit?: string | null, name?: string },
 *     occurredAt?: string }, recordedAt: string }} LogEvent
 * @typedef {{ seq: number, position: string, events: number, root: string, createdAt: string,
 *   keyId: string }} Checkpoint
 */

/** @param {import('../main.js').ViewContext} ctx */
export async function renderAudit(ctx) {
  document.title = `${t('audit.title')} · ${t('app.title')}`;
  /** @type {LogEvent[]} */
  const events = [];
  /** @type {string | null} */
  let next = null;
  /** @type {Checkpoint[]} */
  let checkpoints;
  try {
    const [page, list] = await Promise.all([
      apiGet('/api/audit/events', { limit: String(PAGE) }),
      apiGet('/api/audit/checkpoints'),
    ]);
    events.push(...page.events);
    next = page.next;
    checkpoints = list;
  } catch (error) {
    if (!ctx.isCurrent()) return;
    replace(ctx.main, h('h1', null, t('audit.title')), problemBox(problemOf(error)));
    return;
  }
  if (!ctx.isCurrent()) return;

  const filters = { actor: '', unit: '', type: '', from: '', to: '' };
  const rows = h('tbody', { id: 'audit-log-rows' });
  const shown = h('p', { class: 'muted', id: 'audit-log-count', 'aria-live': 'polite' });
  const more = h(
    'button',
    { type: 'button', id: 'audit-log-more', class: 'secondary' },
    t('audit.loadMore'),
  );
  const draw = () => {
    const matching = events.filter((e) => matches(e, filters));
    replace(rows, ...matching.slice(-500).reverse().map(logRow));
    replace(
      shown,
      t('audit.shown', {
        shown: formatNumber(matching.length),
        loaded: formatNumber(events.length),
      }),
    );
    more.hidden = next === null;
  };
  more.addEventListener('click', async () => {
    more.setAttribute('disabled', '');
    try {
      const page = await apiGet('/api/audit/events', { limit: String(PAGE), after: String(next) });
      events.push(...page.events);
      next = page.next;
    } finally {
      more.removeAttribute('disabled');
      draw();
    }
  });
  /** @param {keyof typeof filters} name @param {string} type */
  const field = (name, type = 'text') => {
    const input = h('input', { id: `audit-filter-${name}`, name, type });
    input.addEventListener('input', () => {
      filters[name] = /** @type {HTMLInputElement} */ (input).value.trim();
      draw();
    });
    return h('label', null, t(`audit.filter.${name}`), input);
  };

  const verifyResult = h('div', { id: 'audit-verify-result', 'aria-live': 'polite' });
  const verifyButton = h('button', { type: 'button', id: 'audit-verify' }, t('audit.verifyNow'));
  verifyButton.addEventListener('click', async () => {
    verifyButton.setAttribute('disabled', '');
    replace(verifyResult, h('p', { class: 'loading' }, t('audit.verifying')));
    try {
      replace(verifyResult, verifyReport(await apiGet('/api/audit/verify')));
    } catch (error) {
      replace(verifyResult, problemBox(problemOf(error)));
    } finally {
      verifyButton.removeAttribute('disabled');
    }
  });

  replace(
    ctx.main,
    h('h1', null, t('audit.title')),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'audit-verify-title' },
      h('h2', { id: 'audit-verify-title' }, t('audit.verifyTitle')),
      h('p', { class: 'muted' }, t('audit.verifyHint')),
      verifyButton,
      verifyResult,
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'audit-checkpoints-title' },
      h('h2', { id: 'audit-checkpoints-title' }, t('audit.checkpoints')),
      checkpoints.length === 0
        ? h('p', null, t('audit.noCheckpoints'))
        : h(
            'table',
            { id: 'audit-checkpoints' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['seq', 'position', 'events', 'createdAt', 'root'].map((c) =>
                  h('th', { scope: 'col' }, t(`audit.col.${c}`)),
                ),
              ),
            ),
            h(
              'tbody',
              null,
              checkpoints
                .slice(-20)
                .reverse()
                .map((c) =>
                  h(
                    'tr',
                    null,
                    h('td', null, String(c.seq)),
                    h('td', null, c.position),
                    h('td', null, formatNumber(c.events)),
                    h('td', null, formatDateTime(c.createdAt)),
                    h('td', null, h('code', { title: c.root }, `${c.root.slice(0, 16)}…`)),
                  ),
                ),
            ),
          ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'audit-log-title' },
      h('h2', { id: 'audit-log-title' }, t('audit.log')),
      h(
        'div',
        { class: 'filters audit-filters' },
        field('actor'),
        field('unit'),
        field('type'),
        field('from', 'date'),
        field('to', 'date'),
      ),
      shown,
      h(
        'table',
        { id: 'audit-log' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['position', 'recordedAt', 'type', 'stream', 'actor'].map((c) =>
              h('th', { scope: 'col' }, t(`audit.col.${c}`)),
            ),
          ),
        ),
        rows,
      ),
      more,
    ),
  );
  draw();
}

/**
 * @param {LogEvent} e
 * @param {{ actor: string, unit: string, type: string, from: string, to: string }} f
 */
function matches(e, f) {
  const actor = e.metadata.actor;
  const has = (/** @type {string | null | undefined} */ value, /** @type {string} */ wanted) =>
    (value ?? '').toLowerCase().includes(wanted.toLowerCase());
  if (f.actor && !has(actor?.sub, f.actor) && !has(actor?.name, f.actor)) return false;
  if (f.unit && !has(actor?.unit, f.unit)) return false;
  if (f.type && !has(e.type, f.type) && !has(tOr(`event.${e.type}`, e.type), f.type)) return false;
  // Dates are the business day of the act, as the item pages show them.
  const day = (e.metadata.occurredAt ?? e.recordedAt).slice(0, 10);
  if (f.from && day < f.from) return false;
  if (f.to && day > f.to) return false;
  return true;
}

/** @param {LogEvent} e */
function logRow(e) {
  const actor = e.metadata.actor;
  return h(
    'tr',
    { dataset: { position: e.position } },
    h('td', null, e.position),
    h('td', null, formatDateTime(e.recordedAt)),
    h('td', null, tOr(`event.${e.type}`, e.type)),
    h('td', null, h('code', null, `${e.streamId}@${e.revision}`)),
    h('td', null, actor ? `${actor.name ?? actor.sub}${actor.unit ? ` (${actor.unit})` : ''}` : ''),
  );
}

/**
 * @param {{ ok: boolean, events: number, streams: number, breaks: { streamId: string, revision: string, reason: string }[],
 *   checkpoints?: { count: number, uncovered: number, breaks: { seq: number, position: string, reason: string }[] } }} r
 */
function verifyReport(r) {
  const cp = r.checkpoints ?? { count: 0, uncovered: 0, breaks: [] };
  return h(
    'div',
    { class: r.ok ? 'verify-ok' : 'verify-broken' },
    h(
      'p',
      { id: 'audit-verify-summary' },
      h('strong', null, r.ok ? t('audit.verifyOk') : t('audit.verifyBroken')),
      ' ',
      t('audit.verifySummary', {
        events: formatNumber(r.events),
        streams: formatNumber(r.streams),
        checkpoints: formatNumber(cp.count),
        uncovered: formatNumber(cp.uncovered),
      }),
    ),
    r.breaks.length + cp.breaks.length > 0
      ? h(
          'ul',
          null,
          r.breaks.map((b) =>
            h(
              'li',
              null,
              t('audit.chainBreak', { stream: b.streamId, revision: b.revision, reason: b.reason }),
            ),
          ),
          cp.breaks.map((b) =>
            h(
              'li',
              null,
              t('audit.checkpointBreak', { seq: b.seq, position: b.position, reason: b.reason }),
            ),
          ),
        )
      : null,
  );
}
