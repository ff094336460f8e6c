// @ts-check
import { apiGet } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDate, formatDateTime, formatNumber, localDateOf } from '../i18n/format.js';
import { t, tOr } from '../i18n/t.js';
import { loadSources, loadUnits, unitName } from '../reference.js';
import { lastListHash } from '../url-state.js';
import { renderActions } from './item-actions.js';
import { renderItemAudit } from './item-audit.js';
import { daysOverdue, timelinessBadge } from './item-list.js';
import { problemBox, problemOf } from './problem.js';

/**
 * One item: what it is, who leads it, its original and current deadline, what the signed-in user
 * may do with it, and every event of its stream (who, when, what), newest first.
 */

/**
 * @typedef {import('./item-list.js').ItemSummary & {
 *   description: string | null, sourceId: string | null, topic: string | null,
 *   pendingExtension: { requestedAt: string, proposedDueDate: string, reason: string } | null,
 *   raisedAt: string, assignedAt: string | null, completedAt: string | null, resolvedAt: string | null,
 *   outcome: string | null, answered: boolean,
 *   answer: { response: string, onTheSpot: boolean, documentRef: string | null, answeredAt: string } | null,
 *   progress: { note: string, percent: number | null, reportedAt: string } | null,
 *   urges?: number, lastUrgedAt?: string | null,
 *   completionReport?: { occurredAt: string, recordedAt: string, workingDaysLate: number,
 *     enteredLate: boolean } | null,
 *   source?: { id: string, title: string, reference?: string | null, issuedOn?: string | null,
 *     type?: string } | null,
 * }} Item
 * @typedef {{ revision: string, position: string, type: string, data: Record<string, unknown>,
 *   actor: { sub: string, role: string, unit: string | null, name?: string },
 *   occurredAt: string, recordedAt: string, enteredLater?: boolean, hash: string }} HistoryEntry
 * @typedef {Map<string, import('../reference.js').Unit>} Units
 */

/**
 * @param {import('../main.js').ViewContext} ctx
 * @param {string} id
 */
export async function renderItem(ctx, id) {
  const path = `/api/items/${encodeURIComponent(id)}`;
  /** @type {[Item, HistoryEntry[], Units, Map<string, import('../reference.js').Source>]} */
  let loaded;
  try {
    loaded = await Promise.all([
      apiGet(path),
      apiGet(`${path}/history`),
      loadUnits().catch(() => new Map()),
      // The item names its source (`source`); older servers did not, and units may not read
      // the sources: then only the others look it up.
      ctx.principal.role === 'unit' ? Promise.resolve(new Map()) : loadSources(),
    ]);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    replace(ctx.main, backLink(), h('h1', null, t('error.title')), problemBox(problemOf(error)));
    return;
  }
  if (!ctx.isCurrent()) return;
  const [item, history, units, sources] = loaded;
  if (item.source) sources.set(item.source.id, /** @type {any} */ (item.source));
  document.title = `${item.title} · ${t('app.title')}`;
  if (ctx.params.get('raised') === '1') ctx.flash(t('raise.done'));
  // The latest business time among the item's acts: a past-dated act is placed after it.
  const lastActAt = history.reduce(
    (latest, e) =>
      !latest || Date.parse(e.occurredAt) > Date.parse(latest) ? e.occurredAt : latest,
    /** @type {string | null} */ (null),
  );

  const days = daysOverdue(item);
  replace(
    ctx.main,
    backLink(),
    h('h1', { id: 'item-title', tabindex: '-1' }, item.title),
    h(
      'p',
      { class: 'tags item-tags' },
      h('span', { class: `tag kind-${item.kind}` }, t(`kind.${item.kind}`)),
      h(
        'span',
        { class: `tag status status-${item.status}`, id: 'item-status' },
        t(`status.${item.status}`),
      ),
      timelinessBadge(item.timeliness),
      item.priority === 'key' ? h('span', { class: 'tag key' }, t('priority.key')) : null,
      days !== null
        ? h(
            'span',
            { class: 'tag is-overdue', id: 'days-overdue' },
            t('item.daysOverdue', { days: formatNumber(days) }),
          )
        : null,
      urgeTag(item),
    ),
    h(
      'div',
      { class: 'item-layout' },
      h(
        'div',
        { class: 'item-main' },
        renderDetails(item, units, sources),
        renderActions(ctx, item, units, lastActAt),
      ),
      renderHistory(history, units, sources),
    ),
  );
  if (ctx.principal.role === 'auditor') {
    const audit = await renderItemAudit(id);
    if (ctx.isCurrent()) ctx.main.append(audit);
  }
}

/**
 * The completion report awaiting review, with the day it was recorded when it was entered more
 * than the allowed working days after its date: the reviewing office judges it knowing that.
 * @param {Item} item
 */
function completionReportLine(item) {
  const report = item.completionReport;
  if (!report || item.status !== 'awaiting-review') return null;
  const dated = formatDateTime(report.occurredAt);
  if (!report.enteredLate) return dated;
  return h(
    'span',
    { class: 'late-entry', id: 'completion-entered-late' },
    t('item.completionEnteredLate', {
      dated,
      recorded: formatDateTime(report.recordedAt),
      days: formatNumber(report.workingDaysLate),
    }),
  );
}

/**
 * "Urged 2 times, last on 03/12/2026": how hard the leadership has pressed, beside the status.
 * @param {{ urges?: number, lastUrgedAt?: string | null }} item
 */
export function urgeTag(item) {
  const count = item.urges ?? 0;
  if (count <= 0) return null;
  const date = item.lastUrgedAt ? formatDate(localDateOf(new Date(item.lastUrgedAt))) : '';
  return h(
    'span',
    { class: 'tag urged', id: 'urge-count', dataset: { urges: String(count) } },
    count === 1
      ? t('item.urgedOnce', { date })
      : t('item.urgedTimes', { count: formatNumber(count), date }),
  );
}

function backLink() {
  return h(
    'p',
    { class: 'back' },
    h('a', { href: lastListHash(), id: 'back-link' }, t('item.back')),
  );
}

/**
 * @param {Item} item
 * @param {Units} units
 * @param {Map<string, import('../reference.js').Source>} sources
 */
function renderDetails(item, units, sources) {
  /** @type {[string, import('../dom.js').Children][]} */
  const rows = [
    ['item.lead', item.leadUnit ? unitName(units, item.leadUnit) : t('status.raised')],
    ['item.supporting', names(units, item.supportingUnits)],
    ['item.origin', item.originUnit ? unitName(units, item.originUnit) : null],
    ['item.communes', names(units, item.communes)],
    ['item.source', item.sourceId ? sourceLine(item, sources) : null],
    ['item.topic', item.topic],
    ['item.raisedAt', formatDateTime(item.raisedAt)],
    ['item.assignedAt', item.assignedAt ? formatDateTime(item.assignedAt) : null],
    [
      'item.originalDeadline',
      item.deadline.original ? formatDate(item.deadline.original) : t('item.noDeadline'),
    ],
    ['item.currentDeadline', item.deadline.current ? currentDeadline(item) : t('item.noDeadline')],
    [
      'item.extensions',
      item.deadline.extensions?.length ? renderExtensions(item.deadline.extensions) : null,
    ],
    [
      'item.pendingExtension',
      item.pendingExtension
        ? t('item.pendingLine', {
            date: formatDate(item.pendingExtension.proposedDueDate),
            reason: item.pendingExtension.reason,
          })
        : null,
    ],
    ['item.progress', item.progress ? renderProgress(item.progress) : null],
    ['item.answer', item.answer ? renderAnswer(item.answer) : null],
    ['item.completionReport', completionReportLine(item)],
    ['item.completedAt', item.completedAt ? formatDateTime(item.completedAt) : null],
    ['item.resolvedAt', item.resolvedAt ? formatDateTime(item.resolvedAt) : null],
    ['item.outcome', item.outcome ? tOr(`outcome.${item.outcome}`, item.outcome) : null],
    ['item.description', item.description ? h('span', { class: 'prose' }, item.description) : null],
  ];
  return h(
    'section',
    { class: 'card details', 'aria-labelledby': 'details-title' },
    h('h2', { id: 'details-title' }, t('item.details')),
    h(
      'dl',
      { class: 'facts', id: 'item-facts' },
      rows
        .filter(
          ([, value]) =>
            value !== null && value !== '' && !(Array.isArray(value) && value.length === 0),
        )
        .map(([key, value]) => [h('dt', null, t(key)), h('dd', { dataset: { fact: key } }, value)]),
    ),
  );
}

/**
 * The source by its title, with its number and date when the item says them.
 * @param {Item} item
 * @param {Map<string, import('../reference.js').Source>} sources
 */
function sourceLine(item, sources) {
  const source = item.source ?? sources.get(item.sourceId ?? '');
  if (!source) return item.sourceId;
  const meta = [source.reference, source.issuedOn ? formatDate(source.issuedOn) : null].filter(
    Boolean,
  );
  return h(
    'span',
    { id: 'item-source', dataset: { source: source.id } },
    source.title,
    meta.length ? h('span', { class: 'muted' }, ` (${meta.join(', ')})`) : null,
  );
}

/**
 * The current deadline, and why it is that day when a rest day moved it: "Hạn 30/04/2026 rơi
 * vào ngày nghỉ, chuyển sang 04/05/2026" (the Civil Code moves a deadline on a rest day to the
 * next working day; `deadline.requested` is the day asked for).
 * @param {Item} item
 */
function currentDeadline(item) {
  const current = item.deadline.current;
  const requested = /** @type {{ requested?: string | null }} */ (item.deadline).requested;
  if (!requested || requested === current) return formatDate(current);
  return h(
    'span',
    null,
    formatDate(current),
    h(
      'span',
      { class: 'deadline-moved', id: 'deadline-moved' },
      t('item.deadlineMoved', { requested: formatDate(requested), due: formatDate(current) }),
    ),
  );
}

/** @param {Units} units @param {string[] | undefined} ids */
function names(units, ids) {
  return (ids ?? []).map((id) => unitName(units, id)).join(', ');
}

/** @param {any[]} extensions */
function renderExtensions(extensions) {
  return h(
    'ul',
    { class: 'plain' },
    extensions.map((e) =>
      h(
        'li',
        null,
        t('item.extensionLine', {
          proposed: formatDate(e.proposedDueDate),
          requestedAt: formatDateTime(e.requestedAt),
          decision: e.decision
            ? e.decision.approved
              ? t('item.extensionApproved', { date: formatDate(e.decision.dueDate) })
              : t('item.extensionRejected')
            : t('item.extensionPendingShort'),
        }),
      ),
    ),
  );
}

/** @param {{ note: string, percent: number | null, reportedAt: string }} progress */
function renderProgress(progress) {
  return h(
    'span',
    { class: 'progress' },
    progress.percent !== null
      ? h('progress', {
          max: '100',
          value: String(progress.percent),
          'aria-label': `${progress.percent}%`,
        })
      : null,
    progress.percent !== null ? ` ${progress.percent}% · ` : '',
    progress.note,
    h('span', { class: 'muted' }, ` (${formatDateTime(progress.reportedAt)})`),
  );
}

/** @param {{ response: string, onTheSpot: boolean, documentRef: string | null, answeredAt: string }} answer */
function renderAnswer(answer) {
  return h(
    'span',
    { class: 'prose' },
    answer.response,
    answer.onTheSpot ? ` ${t('item.answerOnTheSpot')}` : '',
    answer.documentRef ? ` · ${answer.documentRef}` : '',
    h('span', { class: 'muted' }, ` (${formatDateTime(answer.answeredAt)})`),
  );
}

/**
 * Every event of the item, newest first: what happened, when (business time), by whom, and when
 * it was recorded when that differs (a late entry is visible as such).
 * @param {HistoryEntry[]} history
 * @param {Units} units
 * @param {Map<string, import('../reference.js').Source>} sources
 */
function renderHistory(history, units, sources) {
  const entries = [...history].sort((a, b) => Number(b.revision) - Number(a.revision));
  return h(
    'section',
    { class: 'card history', 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title' }, t('item.history')),
    entries.length === 0
      ? h('p', null, t('item.historyEmpty'))
      : h(
          'ol',
          { class: 'timeline', id: 'timeline', reversed: true },
          entries.map((entry) => {
            // Recorded on a later day than it is dated: entered after the fact, from paper.
            const late = entry.enteredLater === true;
            const label =
              entry.type === 'ItemAssigned' && entry.data.reassigned
                ? t('event.reassigned')
                : entry.type === 'ReminderFired'
                  ? reminderTitle(entry.data)
                  : tOr(`event.${entry.type}`, entry.type);
            const summary = entry.type === 'ItemUrged' ? urgeSummary(entry) : null;
            const details = eventDetails(entry, units, sources);
            return h(
              'li',
              {
                class: `event event-${entry.type}`,
                dataset: { type: entry.type, revision: entry.revision },
              },
              h('h3', { class: 'event-title' }, label),
              h(
                'p',
                { class: 'event-meta' },
                h('time', { datetime: entry.occurredAt }, formatDateTime(entry.occurredAt)),
                ' · ',
                h('span', { class: 'actor' }, actorLabel(entry.actor, units)),
                late
                  ? [
                      ' · ',
                      h('span', { class: 'tag entered-later' }, t('item.enteredLater')),
                      h(
                        'span',
                        { class: 'muted' },
                        ` ${t('item.recordedAt', { time: formatDateTime(entry.recordedAt) })}`,
                      ),
                    ]
                  : null,
              ),
              summary ? h('p', { class: 'event-summary' }, summary) : null,
              details.length > 0
                ? h(
                    'dl',
                    { class: 'event-data' },
                    details.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
                  )
                : null,
            );
          }),
        ),
  );
}

/**
 * @param {HistoryEntry['actor']} actor
 * @param {Units} units
 */
function actorLabel(actor, units) {
  // The reminder engine and any other system actor: named as such, in the page's language.
  if (actor.role === 'system') {
    return actor.sub === 'reminder-engine' ? t('actor.reminderEngine') : t('role.system');
  }
  const seat = actor.unit ? unitName(units, actor.unit) : tOr(`role.${actor.role}`, actor.role);
  const name = actor.name || actor.sub;
  // Service accounts are often named after their unit ("so-noi-vu"): then the unit says it all.
  if (!seat || name === actor.unit || name.includes(seat)) return name === actor.unit ? seat : name;
  return `${name} (${seat})`;
}

/** Fields already shown elsewhere or of no interest to a reader. */
const HIDDEN_FIELDS = new Set([
  'itemId',
  'occurredAt',
  'reassigned',
  'deadlineSource',
  'viaReview',
  'title',
  'kind',
]);
const UNIT_FIELDS = new Set(['leadUnit', 'previousLeadUnit', 'originUnit']);
const UNIT_LIST_FIELDS = new Set(['supportingUnits', 'communes']);
const DATE_FIELDS = new Set([
  'dueDate',
  'proposedDueDate',
  'currentDueDate',
  'previousDueDate',
  'respondBy',
]);

/** Fields an event's title or summary already says, per event type. */
const SUMMARISED = /** @type {Record<string, Set<string>>} */ ({
  ItemUrged: new Set(['note', 'respondBy']),
  ReminderFired: new Set(['when', 'workingDays', 'anchor', 'notify', 'leadUnit']),
});

/**
 * "Văn phòng đôn đốc: …, đề nghị trả lời trước 15/01/2026".
 * @param {HistoryEntry} entry
 */
function urgeSummary(entry) {
  const who = tOr(`urge.by.${entry.actor.role}`, entry.actor.name || entry.actor.sub);
  const note = String(entry.data.note ?? '').replace(/[\s.;,]+$/u, '');
  const respondBy = typeof entry.data.respondBy === 'string' ? entry.data.respondBy : '';
  return respondBy
    ? t('event.urgedRespondBy', { who, note, date: formatDate(respondBy) })
    : t('event.urged', { who, note });
}

const REMINDER_KINDS = [
  'before-due',
  'overdue',
  'awaiting-review',
  'unassigned',
  'extension-pending',
];

/**
 * "Nhắc việc: sắp đến hạn (còn 3 ngày làm việc)", "Nhắc việc: quá hạn 5 ngày làm việc — báo lãnh
 * đạo": what came due, and whether it went up to the leadership or the office.
 * @param {Record<string, unknown>} data
 */
export function reminderTitle(data) {
  const when = String(data.when ?? '');
  const days = Number(data.workingDays ?? 0);
  const notify = Array.isArray(data.notify) ? data.notify.map(String) : [];
  const what =
    when === 'overdue' && days === 0
      ? t('reminder.overdueToday')
      : REMINDER_KINDS.includes(when)
        ? t(`reminder.${when}`, { days: formatNumber(days) })
        : t('reminder.other', { when });
  // A unit's own deadline reported upwards is an escalation; the office's own queues (awaiting
  // review, unassigned, extension pending) go to the office by nature.
  const aboutTheUnit = when === 'before-due' || when === 'overdue';
  const escalation = notify.includes('leader')
    ? t('reminder.toLeader')
    : aboutTheUnit && notify.includes('office')
      ? t('reminder.toOffice')
      : '';
  return t('reminder.title', { what }) + escalation;
}

/**
 * Who a reminder went to, by name where the event says it.
 * @param {Record<string, unknown>} data
 * @param {Units} units
 */
function reminderRecipients(data, units) {
  const notify = Array.isArray(data.notify) ? data.notify.map(String) : [];
  return notify
    .map((who) =>
      who === 'lead-unit' && typeof data.leadUnit === 'string'
        ? unitName(units, data.leadUnit)
        : tOr(`notify.${who}`, who),
    )
    .join(', ');
}

/**
 * The event's data as label/value pairs, in the event's own field order.
 * @param {HistoryEntry} entry
 * @param {Units} units
 * @param {Map<string, import('../reference.js').Source>} sources
 * @returns {[string, string][]}
 */
function eventDetails(entry, units, sources) {
  /** @type {[string, string][]} */
  const pairs = [];
  const summarised = SUMMARISED[entry.type];
  if (entry.type === 'ReminderFired') {
    const recipients = reminderRecipients(entry.data ?? {}, units);
    if (recipients) pairs.push([t('field.notify'), recipients]);
  }
  for (const [name, value] of Object.entries(entry.data ?? {})) {
    if (summarised?.has(name)) continue;
    if (HIDDEN_FIELDS.has(name) || value === null || value === undefined || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (name === 'priority' && value === 'normal') continue;
    const label = tOr(`field.${name}`, name);
    const text =
      name === 'sourceId'
        ? (sources.get(String(value))?.title ?? String(value))
        : formatValue(name, value, units);
    pairs.push([label, text]);
  }
  return pairs;
}

/**
 * @param {string} name
 * @param {unknown} value
 * @param {Units} units
 */
function formatValue(name, value, units) {
  if (UNIT_FIELDS.has(name)) return unitName(units, String(value));
  if (UNIT_LIST_FIELDS.has(name) && Array.isArray(value))
    return value.map((v) => unitName(units, String(v))).join(', ');
  if (DATE_FIELDS.has(name)) return formatDate(String(value));
  if (name === 'completedAt') return formatDateTime(String(value));
  if (name === 'approved') return value ? t('decision.approve') : t('decision.reject');
  if (name === 'verdict') return tOr(`verdict.${value}`, String(value));
  if (name === 'outcome') return tOr(`outcome.${value}`, String(value));
  if (name === 'priority') return tOr(`priority.${value}`, String(value));
  if (name === 'percent') return `${value}%`;
  if ((name === 'deadline' || name === 'requestedDeadline') && typeof value === 'object') {
    return formatDeadline(/** @type {any} */ (value));
  }
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** @param {{ type: string, date?: string, days?: number }} spec */
export function formatDeadline(spec) {
  switch (spec.type) {
    case 'date':
      return t('deadline.date', { date: formatDate(spec.date) });
    case 'working-days':
    case 'calendar-days':
      return t(`deadline.${spec.type}`, { days: spec.days ?? '?' });
    case 'none':
      return t('deadline.none');
    default:
      return JSON.stringify(spec);
  }
}
