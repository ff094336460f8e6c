// @ts-check
import { apiGet } from '../api.js';
import { h, replace } from '../dom.js';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format.js';
import { t } from '../i18n/t.js';
import { loadNotifications } from '../notifications.js';
import { loadUnits, unitName } from '../reference.js';
import { inboxHash, listHash } from '../url-state.js';
import { urgeTag } from './item.js';
import { daysOverdue, overdueFirst, timelinessBadge } from './item-list.js';
import { problemBox, problemOf } from './problem.js';
import { loadQueues, renderQueues } from './queues.js';

/**
 * "Việc cần làm": what is waiting for the signed-in user, in a few sections, each linking to the
 * full list it is taken from.
 * - A unit: the items it leads that were newly assigned (not yet acknowledged), are due soon, or
 *   are overdue, while they are its to act on (assigned or in progress: a completion awaiting the
 *   office's review is not). Returned items have left the unit, so they are not its work any more.
 * - The office and the leadership: completions awaiting review, extension requests awaiting a
 *   decision, items not yet assigned, and escalations (reminders that went up to them).
 * Each section is one or two list queries (`GET /api/items?status=…&timeliness=…&leadUnit=…`),
 * except: pending extension requests, which no list filter selects (the open items are read a
 * page at a time, at most SCAN_PAGES, and filtered on `pendingExtension`), and escalations, which
 * only the reminders record: the caller's unread notifications of kind `escalated`, one per item,
 * kept while the item is still overdue (read from the overdue list, which also names its lead).
 *
 * @typedef {import('./item-list.js').ItemSummary & { urges?: number, lastUrgedAt?: string | null,
 *   pendingExtension?: { requestedAt: string, proposedDueDate: string } | null }} TodoItem
 * @typedef {import('../notifications.js').Notification} Notification
 * @typedef {{ items: TodoItem[], total: number, note?: string,
 *   escalations?: Map<string, Notification> }} SectionContent
 * @typedef {{ key: string, title: string, hint: string, href: string, linkLabel: string,
 *   load: () => Promise<SectionContent> }} Section
 * @typedef {Map<string, import('../reference.js').Unit>} Units
 */

/** Items shown per section; the link leads to all of them. */
const SHOWN = 10;
/** One list page: enough to sort a section by urgency before showing its first SHOWN. */
const PAGE = 100;
/** Pages read at most where a section has to look through a list (extensions, escalations). */
const SCAN_PAGES = 3;
/** The statuses in which an item waits for its lead unit (the list filters take one at a time). */
const UNIT_STATUSES = ['assigned', 'in-progress'];

/**
 * @param {Record<string, string | number>} filters
 * @returns {Promise<{ items: TodoItem[], total: number }>}
 */
function list(filters) {
  return apiGet('/api/items', { pageSize: PAGE, ...filters }, { consistent: true });
}

/**
 * The items with these filters that wait for their lead unit: one list per status, together.
 * @param {Record<string, string>} filters
 * @returns {Promise<SectionContent>}
 */
async function listWorking(filters) {
  const answers = await Promise.all(UNIT_STATUSES.map((status) => list({ ...filters, status })));
  return {
    items: answers.flatMap((a) => a.items),
    total: answers.reduce((sum, a) => sum + a.total, 0),
  };
}

/** @param {import('../main.js').ViewContext} ctx */
export async function renderTodo(ctx) {
  const { principal } = ctx;
  const units = await loadUnits().catch(() => /** @type {Units} */ (new Map()));
  if (!ctx.isCurrent()) return;
  const unit = principal.role === 'unit' ? (principal.unit ?? null) : null;
  const sections = unit ? unitSections(unit) : officeSections(principal);
  const title = unit ? t('todo.titleUnit', { unit: unitName(units, unit) }) : t('todo.title');
  document.title = `${title} · ${t('app.title')}`;

  // The work queues with their counts, above the sections (each a list filter).
  const queues = loadQueues().catch(() => null);
  const loaded = await Promise.all(
    sections.map((section) =>
      section.load().then(
        (content) => ({ section, content, error: null }),
        (error) => ({ section, content: null, error }),
      ),
    ),
  );
  const queueList = await queues;
  if (!ctx.isCurrent()) return;
  replace(
    ctx.main,
    h('h1', null, title),
    h('p', { class: 'subtitle' }, unit ? t('todo.introUnit') : t('todo.introOffice')),
    queueList && queueList.length > 0 ? renderQueues(queueList) : null,
    h(
      'div',
      { class: 'todo-grid', id: 'todo' },
      loaded.map(({ section, content, error }) =>
        renderSection(section, content, error, units, !unit),
      ),
    ),
  );
}

/** @param {string} unit @returns {Section[]} */
function unitSections(unit) {
  return [
    {
      key: 'assigned',
      title: t('todo.assigned'),
      hint: t('todo.assignedHint'),
      href: listHash({ leadUnit: unit, status: 'assigned' }),
      linkLabel: t('todo.seeList'),
      load: () => list({ leadUnit: unit, status: 'assigned' }),
    },
    {
      key: 'due-soon',
      title: t('todo.dueSoon'),
      hint: t('todo.dueSoonHint'),
      href: listHash({ leadUnit: unit, timeliness: 'due-soon' }),
      linkLabel: t('todo.seeList'),
      load: () => listWorking({ leadUnit: unit, timeliness: 'due-soon' }),
    },
    {
      key: 'overdue',
      title: t('todo.overdue'),
      hint: t('todo.overdueHint'),
      href: listHash({ leadUnit: unit, timeliness: 'overdue' }),
      linkLabel: t('todo.seeList'),
      load: () => listWorking({ leadUnit: unit, timeliness: 'overdue' }),
    },
  ];
}

/** @param {import('../session.js').Principal} user @returns {Section[]} */
function officeSections(user) {
  // Awaiting review is read once: its own section, and part of the extension scan.
  const awaitingReview = list({ status: 'awaiting-review' });
  awaitingReview.catch(() => undefined);
  return [
    {
      key: 'awaiting-review',
      title: t('todo.awaitingReview'),
      hint: t('todo.awaitingReviewHint'),
      href: listHash({ status: 'awaiting-review' }),
      linkLabel: t('todo.seeList'),
      load: () => awaitingReview,
    },
    {
      key: 'extension-pending',
      title: t('todo.extensionPending'),
      hint: t('todo.extensionPendingHint'),
      href: listHash({ status: 'in-progress' }),
      linkLabel: t('todo.seeInProgress'),
      load: () => pendingExtensions(awaitingReview),
    },
    {
      key: 'unassigned',
      title: t('todo.unassigned'),
      hint: t('todo.unassignedHint'),
      href: listHash({ status: 'raised' }),
      linkLabel: t('todo.seeList'),
      load: () => list({ status: 'raised' }),
    },
    {
      key: 'escalated',
      title: t('todo.escalated'),
      hint: t('todo.escalatedHint'),
      href: inboxHash({ unreadOnly: true }),
      linkLabel: t('todo.seeInbox'),
      load: () => escalations(user),
    },
  ];
}

/**
 * Up to SCAN_PAGES pages of a list.
 * @param {Record<string, string>} filters
 * @returns {Promise<{ items: TodoItem[], total: number, complete: boolean }>}
 */
async function scan(filters) {
  /** @type {TodoItem[]} */
  const items = [];
  let total = 0;
  for (let page = 1; page <= SCAN_PAGES; page++) {
    const answer = await list({ ...filters, page });
    total = answer.total;
    items.push(...answer.items);
    if (items.length >= total || answer.items.length === 0) break;
  }
  return { items, total, complete: items.length >= total };
}

/**
 * Items with an extension request awaiting a decision. A request moves an item to in progress,
 * and the request stays pending through a completion report, so those two statuses hold them all.
 * @param {Promise<{ items: TodoItem[], total: number }>} awaitingReview
 * @returns {Promise<SectionContent>}
 */
async function pendingExtensions(awaitingReview) {
  const [inProgress, review] = await Promise.all([scan({ status: 'in-progress' }), awaitingReview]);
  const found = [...inProgress.items, ...review.items].filter((i) => i.pendingExtension);
  const complete = inProgress.complete && review.items.length >= review.total;
  // Oldest request first: it has waited longest for a decision.
  found.sort((a, b) =>
    (a.pendingExtension?.requestedAt ?? '').localeCompare(b.pendingExtension?.requestedAt ?? ''),
  );
  return {
    items: found,
    total: found.length,
    note: complete
      ? undefined
      : t('todo.partialScan', {
          scanned: formatNumber(inProgress.items.length + review.items.length),
          total: formatNumber(inProgress.total + review.total),
        }),
  };
}

/**
 * Items whose reminders went up to the office or the leadership: the caller's unread
 * notifications of kind `escalated`, one per item, while the item is still overdue (an item since
 * completed or extended is not to do any more, even if its notification is still unread).
 * @param {import('../session.js').Principal} user
 * @returns {Promise<SectionContent>}
 */
async function escalations(user) {
  const answer = await loadNotifications({ unreadOnly: true, pageSize: PAGE }, user);
  if (!answer) return { items: [], total: 0, note: t('todo.noNotifications') };
  /** @type {Map<string, Notification>} the newest notification per item */
  const byItem = new Map();
  for (const n of answer.items) {
    const known = byItem.get(n.itemId);
    if (n.kind === 'escalated' && (!known || known.createdAt < n.createdAt)) {
      byItem.set(n.itemId, n);
    }
  }
  /** @type {TodoItem[]} */
  const items = [];
  let overdueComplete = true;
  if (byItem.size > 0) {
    const overdue = await scan({ timeliness: 'overdue' });
    overdueComplete = overdue.complete;
    const byId = new Map(overdue.items.map((i) => [i.id, i]));
    for (const [itemId, n] of byItem) {
      const item = byId.get(itemId);
      // Beyond the pages read, an item is kept on the notification's word, by its title.
      if (item) items.push(item);
      else if (!overdueComplete) items.push(placeholder(n));
    }
  }
  const notes = [
    answer.total > answer.items.length
      ? t('todo.partialInbox', { shown: formatNumber(answer.items.length) })
      : '',
    overdueComplete ? '' : t('todo.partialOverdue'),
  ].filter(Boolean);
  return {
    items,
    total: items.length,
    escalations: byItem,
    note: notes.length > 0 ? notes.join(' ') : undefined,
  };
}

/**
 * An item known only from its notification.
 * @param {Notification} n
 * @returns {TodoItem}
 */
function placeholder(n) {
  return {
    id: n.itemId,
    kind: '',
    title: n.itemTitle,
    status: '',
    timeliness: 'overdue',
    leadUnit: null,
    supportingUnits: [],
    originUnit: null,
    communes: [],
    priority: 'normal',
    deadline: { original: null, current: null, extensions: [] },
    revision: '',
  };
}

/**
 * @param {Section} section
 * @param {SectionContent | null} content
 * @param {unknown} error
 * @param {Units} units
 * @param {boolean} showLead whether to name the lead unit (the office's view)
 */
function renderSection(section, content, error, units, showLead) {
  const titleId = `todo-${section.key}-title`;
  const count = content ? content.total : null;
  let body;
  if (!content) {
    body = problemBox(problemOf(error));
  } else {
    // Pending extensions keep their order (oldest request first); the rest, most urgent first.
    const items =
      section.key === 'extension-pending'
        ? content.items
        : /** @type {TodoItem[]} */ (overdueFirst(content.items));
    body =
      items.length === 0
        ? h('p', { class: 'empty' }, t('todo.empty'))
        : h(
            'ul',
            { class: 'todo-list' },
            items
              .slice(0, SHOWN)
              .map((item) =>
                itemEntry(item, units, showLead, content.escalations?.get(item.id) ?? null),
              ),
          );
  }
  return h(
    'section',
    {
      class: 'card todo-section',
      id: `todo-${section.key}`,
      dataset: { section: section.key, total: count === null ? '' : String(count) },
      'aria-labelledby': titleId,
    },
    h(
      'h2',
      { id: titleId },
      section.title,
      count === null ? null : h('span', { class: 'todo-count' }, formatNumber(count)),
    ),
    h('p', { class: 'hint' }, section.hint),
    body,
    content?.note ? h('p', { class: 'hint todo-note' }, content.note) : null,
    h(
      'p',
      { class: 'todo-more' },
      h('a', { href: section.href, class: 'todo-link' }, section.linkLabel),
    ),
  );
}

/**
 * @param {TodoItem} item
 * @param {Units} units
 * @param {boolean} showLead
 * @param {Notification | null} escalation the notification that reported it up, if any
 */
function itemEntry(item, units, showLead, escalation) {
  const days = daysOverdue(item);
  const pending = item.pendingExtension;
  const urged = urgeTag(item);
  urged?.removeAttribute('id'); // the item page's id; a list has many
  return h(
    'li',
    { class: 'todo-item', dataset: { id: item.id, timeliness: item.timeliness } },
    h('a', { href: `#/items/${encodeURIComponent(item.id)}`, class: 'item-link' }, item.title),
    h(
      'span',
      { class: 'todo-meta' },
      showLead && item.leadUnit ? h('span', null, unitName(units, item.leadUnit)) : null,
      item.deadline?.current
        ? h('span', null, t('todo.due', { date: formatDate(item.deadline.current) }))
        : null,
      pending
        ? h(
            'span',
            null,
            t('todo.proposed', {
              date: formatDate(pending.proposedDueDate),
              since: formatDateTime(pending.requestedAt),
            }),
          )
        : null,
      // Days overdue say more than the badge "overdue".
      days === null && item.status ? timelinessBadge(item.timeliness) : null,
      days !== null
        ? h(
            'span',
            { class: 'tag is-overdue' },
            t('item.daysOverdue', { days: formatNumber(days) }),
          )
        : null,
      urged,
      escalation
        ? h(
            'time',
            { datetime: escalation.createdAt },
            t('todo.escalatedAt', { time: formatDateTime(escalation.createdAt) }),
          )
        : null,
    ),
  );
}
