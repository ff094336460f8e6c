// @ts-check
import { h, replace } from './dom.js';
import { formatDateTime } from './i18n/format.js';
import { t } from './i18n/t.js';
import { principal, renewable } from './session.js';

/**
 * A few minutes before the token's `exp` (read from its payload: the server still decides), a
 * banner says when the session ends, so nobody loses a long text to a 401. What is typed is kept
 * anyway (drafts.js), but a warning spares the detour through the sign-in page.
 */

/** How long before the end the banner shows. */
export const WARN_BEFORE_MS = 5 * 60_000;
const CHECK_EVERY_MS = 15_000;

/** @type {ReturnType<typeof setInterval> | null} */
let timer = null;

function banner() {
  let box = document.getElementById('session-warning');
  if (!box) {
    box = h('div', {
      id: 'session-warning',
      class: 'session-warning',
      role: 'status',
      hidden: true,
    });
    document.getElementById('flash')?.before(box);
  }
  return box;
}

/** Shows, updates or hides the banner for the signed-in user's token. */
export function checkExpiry() {
  const box = banner();
  const user = principal();
  const left = user ? user.exp * 1000 - Date.now() : Infinity;
  // A provider's session is renewed half-way through each token's life (oidc.js): no warning
  // unless a renewal was refused.
  if (!user || left > WARN_BEFORE_MS || renewable()) {
    box.hidden = true;
    replace(box);
    return;
  }
  box.hidden = false;
  box.dataset.expiresAt = String(user.exp);
  replace(
    box,
    t('session.expiring', {
      time: formatDateTime(new Date(user.exp * 1000).toISOString()),
      minutes: String(Math.max(1, Math.ceil(left / 60_000))),
    }),
  );
}

/** Checks now, on every navigation, and every few seconds. */
export function startExpiryWatch() {
  if (timer !== null) return;
  checkExpiry();
  window.addEventListener('hashchange', checkExpiry);
  timer = setInterval(checkExpiry, CHECK_EVERY_MS);
}
