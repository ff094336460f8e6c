// @ts-check
import { h, replace } from '../dom.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { t, tOr } from '../i18n/t.js';
import { loadNotifications, markRead } from '../notifications.js';
import { inboxHash, readInboxState } from '../url-state.js';
import { problemBox, problemOf } from './problem.js';

/**
 * The caller's notifications (the bell leads here): what happened, on which item, when, each with
 * "mark read". All of them or only the unread, a page at a time; the choice is in the hash.
 *
 * @typedef {import('../notifications.js').Notification} Notification
 */

const PAGE_SIZE = 20;

/** @param {import('../main.js').ViewContext} ctx */
export async function renderInbox(ctx) {
  const { unreadOnly, page } = readInboxState(ctx.params);
  const title = t('inbox.title');
  document.title = `${title} · ${t('app.title')}`;
  /** @type {import('../notifications.js').NotificationPage | null} */
  let answer;
  try {
    answer = await loadNotifications({ unreadOnly, page, pageSize: PAGE_SIZE }, ctx.principal);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    replace(ctx.main, h('h1', null, title), problemBox(problemOf(error)));
    return;
  }
  if (!ctx.isCurrent()) return;
  if (!answer) {
    replace(
      ctx.main,
      h('h1', null, title),
      h('p', { class: 'empty', id: 'inbox-absent' }, t('inbox.absent')),
    );
    return;
  }
  const result = answer;
  const toggle = h('input', {
    type: 'checkbox',
    id: 'inbox-unread-only',
    checked: unreadOnly,
    on: {
      change: () =>
        ctx.navigate(inboxHash({ unreadOnly: toggle.checked, page: 1 }), 'inbox-unread-only'),
    },
  });
  const count = h('p', { class: 'list-count', id: 'inbox-count', 'aria-live': 'polite' });
  let unread = result.unread;
  const drawCount = () =>
    replace(
      count,
      t('inbox.count', { total: formatNumber(result.total), unread: formatNumber(unread) }),
    );
  drawCount();
  const pages = Math.max(1, Math.ceil(result.total / (result.pageSize || PAGE_SIZE)));

  /**
   * After "mark read": the entry says so, the counts drop, and the focus goes to the next
   * entry's button (or the list) so a keyboard user can go down the list.
   * @param {HTMLElement} entry
   */
  const onRead = (entry) => {
    unread = Math.max(0, unread - 1);
    drawCount();
    const buttons = [...list.querySelectorAll('button.mark-read')];
    const next = buttons.find(
      (b) => entry.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    const target = /** @type {HTMLElement | undefined} */ (next ?? buttons[0]) ?? count;
    if (target === count) count.setAttribute('tabindex', '-1');
    target.focus();
  };
  const list = h(
    'ul',
    { class: 'inbox', id: 'inbox' },
    result.items.map((n) => entry(n, ctx, onRead)),
  );
  replace(
    ctx.main,
    h('h1', null, title),
    h(
      'div',
      { class: 'filters card' },
      h('div', { class: 'check' }, toggle, h('label', { for: toggle.id }, t('inbox.unreadOnly'))),
    ),
    count,
    result.items.length === 0
      ? h('p', { class: 'empty' }, unreadOnly ? t('inbox.emptyUnread') : t('inbox.empty'))
      : list,
    pages > 1 ? pager(result.page, pages, unreadOnly, ctx) : null,
  );
}

/**
 * @param {Notification} n
 * @param {import('../main.js').ViewContext} ctx
 * @param {(entry: HTMLElement) => void} onRead
 */
function entry(n, ctx, onRead) {
  const slot = h('div', { class: 'problem-slot' });
  const state = h('span', { class: 'inbox-state' });
  const li = h(
    'li',
    {
      class: n.readAt ? 'inbox-entry' : 'inbox-entry unread',
      dataset: { id: n.id, kind: n.kind, read: n.readAt ? 'true' : 'false' },
    },
    h('p', { class: 'inbox-kind' }, tOr(`notification.${n.kind}`, n.kind)),
    h(
      'p',
      { class: 'inbox-item' },
      h('a', { href: `#/items/${encodeURIComponent(n.itemId)}`, class: 'item-link' }, n.itemTitle),
    ),
    h(
      'p',
      { class: 'inbox-meta' },
      h('time', { datetime: n.createdAt }, formatDateTime(n.createdAt)),
      ' · ',
      state,
    ),
    slot,
  );
  const showRead = (/** @type {string | null} */ readAt) => {
    li.classList.remove('unread');
    li.dataset.read = 'true';
    replace(state, readAt ? t('inbox.readAt', { time: formatDateTime(readAt) }) : t('inbox.read'));
  };
  if (n.readAt) {
    showRead(n.readAt);
    return li;
  }
  const button = h(
    'button',
    {
      type: 'button',
      class: 'mark-read',
      'aria-label': t('inbox.markReadLabel', { title: n.itemTitle }),
    },
    t('inbox.markRead'),
  );
  button.addEventListener('click', async () => {
    button.disabled = true;
    replace(slot);
    try {
      await markRead(n.id, ctx.principal);
    } catch (error) {
      button.disabled = false;
      replace(slot, problemBox(problemOf(error)));
      return;
    }
    showRead(null);
    onRead(li);
  });
  replace(state, h('span', { class: 'unread-label' }, t('inbox.unread')), ' ', button);
  return li;
}

/**
 * @param {number} page @param {number} pages @param {boolean} unreadOnly
 * @param {import('../main.js').ViewContext} ctx
 */
function pager(page, pages, unreadOnly, ctx) {
  /** @param {number} to @param {string} id */
  const go = (to, id) => ctx.navigate(inboxHash({ unreadOnly, page: to }), id);
  return h(
    'nav',
    { class: 'pager', 'aria-label': t('list.page', { page, pages }) },
    h(
      'button',
      {
        type: 'button',
        id: 'inbox-prev',
        disabled: page <= 1,
        on: { click: () => go(page - 1, 'inbox-prev') },
      },
      t('list.prev'),
    ),
    h('span', null, t('list.page', { page, pages })),
    h(
      'button',
      {
        type: 'button',
        id: 'inbox-next',
        disabled: page >= pages,
        on: { click: () => go(page + 1, 'inbox-next') },
      },
      t('list.next'),
    ),
  );
}
