// @ts-check
import { ApiError, apiGet, apiPost } from './api.js';
import { h, replace } from './dom.js';
import { formatNumber } from './i18n/format.js';
import { t } from './i18n/t.js';
import { principal } from './session.js';
import { INBOX_PATH, inboxHash, parseHash } from './url-state.js';

/**
 * The caller's notifications (API.md, "Follow-up actions"): the inbox's calls, and the bell in the
 * header with the unread count.
 *
 * The bell asks `GET /api/notifications?unread=true&pageSize=1` when a page is drawn and while
 * the tab is open, but at most once a minute whatever happens: a user clicking through twenty
 * items makes one request, not twenty. Every inbox answer carries `unread` too and sets the count
 * without asking again. Until the server has the endpoint (404), the bell stays hidden and asks
 * again only every ten minutes.
 *
 * @typedef {import('./session.js').Principal} Principal
 * @typedef {{ id: string, kind: string, itemId: string, itemTitle: string, unitId?: string | null,
 *   role?: string | null, createdAt: string, readAt: string | null }} Notification
 * @typedef {{ items: Notification[], page: number, pageSize: number, total: number,
 *   unread: number }} NotificationPage
 */

/** Roles with an inbox: a unit's users get their unit's, the office and leader their role's. */
const INBOX_ROLES = new Set(['office', 'leader', 'unit']);
const MIN_INTERVAL_MS = 60_000;
const ABSENT_RETRY_MS = 10 * 60_000;
/** How often the open tab checks whether a minute has passed (the check itself is free). */
const TICK_MS = 15_000;
const BELL_ID = 'bell';

/** Whether `user` has notifications at all. */
export function hasInbox(/** @type {Principal | null} */ user) {
  return !!user && INBOX_ROLES.has(user.role);
}

/** Who the count belongs to: a sign-out and another sign-in start afresh. */
function ownerOf(/** @type {Principal} */ user) {
  return `${user.role}:${user.unit ?? ''}:${user.sub}`;
}

const state = {
  owner: '',
  /** null: not known (yet). */
  unread: /** @type {number | null} */ (null),
  /** When the count was last asked for or learnt from an inbox answer (ms). */
  fetchedAt: 0,
  /** The server has no notifications yet (404): hide the bell until this time (ms). */
  absentUntil: 0,
  /** The request in flight, so two callers share it. */
  inFlight: /** @type {Promise<void> | null} */ (null),
  inFlightOwner: '',
};

/**
 * A page of the caller's inbox. Resolves to null when the server does not offer notifications
 * (404); the answer's `unread` also updates the bell.
 * @param {{ unreadOnly?: boolean, page?: number, pageSize?: number }} query
 * @param {Principal} user
 * @returns {Promise<NotificationPage | null>}
 */
export async function loadNotifications({ unreadOnly = false, page = 1, pageSize = 20 }, user) {
  try {
    /** @type {NotificationPage} */
    const answer = await apiGet(
      '/api/notifications',
      { unread: unreadOnly ? 'true' : undefined, page, pageSize },
      // After this tab's own write (a read mark, an urge), the inbox includes it.
      { consistent: true },
    );
    learn(user, unreadOf(answer));
    return answer;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      markAbsent(user);
      return null;
    }
    throw error;
  }
}

/** Marks one notification read for the caller; the bell counts one fewer. */
export async function markRead(/** @type {string} */ id, /** @type {Principal} */ user) {
  await apiPost(`/api/notifications/${encodeURIComponent(id)}/read`, {});
  if (state.owner === ownerOf(user) && state.unread !== null) {
    state.unread = Math.max(0, state.unread - 1);
    drawBell(user);
  }
}

/** @param {NotificationPage} answer */
function unreadOf(answer) {
  const unread = Number(answer?.unread ?? answer?.total);
  return Number.isFinite(unread) ? unread : null;
}

/** Whether `user` is still the one signed in (an answer may arrive after a sign-out). */
function stillSignedIn(/** @type {Principal} */ user) {
  const now = principal();
  return !!now && ownerOf(now) === ownerOf(user);
}

/** @param {Principal} user @param {number | null} unread */
function learn(user, unread) {
  if (!stillSignedIn(user)) return;
  state.owner = ownerOf(user);
  state.unread = unread;
  state.fetchedAt = Date.now();
  state.absentUntil = 0;
  drawBell(user);
}

/** @param {Principal} user */
function markAbsent(user) {
  if (!stillSignedIn(user)) return;
  state.owner = ownerOf(user);
  state.unread = null;
  state.fetchedAt = Date.now();
  state.absentUntil = Date.now() + ABSENT_RETRY_MS;
  drawBell(user);
}

/**
 * Brings the bell up to date for `user` (hidden when signed out or without an inbox): asks the
 * server only when the count is older than a minute, or belongs to someone else.
 * @param {Principal | null} user
 */
export async function refreshBell(user) {
  if (!hasInbox(user)) {
    drawBell(null);
    return;
  }
  const me = /** @type {Principal} */ (user);
  const now = Date.now();
  const sameOwner = state.owner === ownerOf(me);
  const recent = state.fetchedAt !== 0 && now - state.fetchedAt < MIN_INTERVAL_MS;
  if (sameOwner && (now < state.absentUntil || recent)) {
    drawBell(me);
    if (state.inFlight) await state.inFlight;
    return;
  }
  if (!sameOwner) {
    state.owner = ownerOf(me);
    state.unread = null;
    state.absentUntil = 0;
  }
  drawBell(me);
  if (!state.inFlight || state.inFlightOwner !== state.owner) {
    const request = ask(me).finally(() => {
      if (state.inFlight === request) state.inFlight = null;
    });
    state.inFlight = request;
    state.inFlightOwner = state.owner;
  }
  await state.inFlight;
}

/** @param {Principal} user */
async function ask(user) {
  state.fetchedAt = Date.now();
  try {
    await loadNotifications({ unreadOnly: true, pageSize: 1 }, user);
  } catch {
    // Offline or the server busy: keep the last count; the next minute asks again.
  }
}

/** The bell's slot in the header (index.html), created if an older page lacks it. */
function slot() {
  const existing = document.getElementById('app-bell');
  if (existing) return existing;
  const created = h('div', { class: 'app-bell', id: 'app-bell' });
  document.getElementById('app-user')?.before(created);
  return created;
}

/** @param {Principal | null} user */
function drawBell(user) {
  const box = slot();
  if (!user || !hasInbox(user) || state.owner !== ownerOf(user) || Date.now() < state.absentUntil) {
    box.hidden = true;
    replace(box);
    return;
  }
  box.hidden = false;
  const unread = state.unread;
  const label =
    unread === null
      ? t('bell.label')
      : unread === 0
        ? t('bell.labelNone')
        : t('bell.labelCount', { count: formatNumber(unread) });
  const current = parseHash().path === INBOX_PATH;
  replace(
    box,
    h(
      'a',
      {
        href: inboxHash(),
        id: BELL_ID,
        class: unread ? 'bell has-unread' : 'bell',
        'aria-label': label,
        title: label,
        'aria-current': current ? 'page' : false,
        dataset: { unread: unread === null ? '' : String(unread) },
      },
      h('img', { src: '/bell.svg', alt: '', class: 'bell-icon', width: '22', height: '22' }),
      unread
        ? h(
            'span',
            { class: 'bell-count', id: 'bell-count', 'aria-hidden': 'true' },
            unread > 99 ? '99+' : formatNumber(unread),
          )
        : null,
    ),
  );
}

let ticking = false;

/**
 * Keeps the count fresh while the tab is visible (still at most once a minute).
 * @param {() => Principal | null} currentUser
 */
export function startBellClock(currentUser) {
  if (ticking) return;
  ticking = true;
  setInterval(() => {
    if (document.visibilityState !== 'visible') return;
    void refreshBell(currentUser());
  }, TICK_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refreshBell(currentUser());
  });
}
