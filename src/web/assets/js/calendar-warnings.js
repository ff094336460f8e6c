// @ts-check
import { apiGet } from './api.js';
import { h, replace } from './dom.js';
import { has, t } from './i18n/t.js';

/**
 * The working-day calendar's warnings (`GET /api/calendar`), as a banner above every page for the
 * people who can act on them or must know deadlines may be off: the administrator who declares the
 * years, the office and the leadership. Checked once per view, so a fixed year disappears on the
 * next page.
 * @typedef {import('./session.js').Principal} Principal
 * @typedef {{ code: string, year: number, message: string }} CalendarWarning
 */

const WARNED_ROLES = new Set(['admin', 'office', 'leader']);
const BANNER_ID = 'calendar-warnings';

/** The banner, created once, between the header and the page's own messages. */
function banner() {
  const existing = document.getElementById(BANNER_ID);
  if (existing) return existing;
  const created = h('section', { id: BANNER_ID, class: 'flash flash-error', hidden: true });
  document.getElementById('flash')?.before(created);
  return created;
}

/** @param {CalendarWarning} warning */
function text(warning) {
  const key = `calendar.${warning.code}`;
  // A code this page does not know yet still says something: the server's English message.
  return has(key) ? t(key, { year: warning.year }) : warning.message;
}

/**
 * Shows the warnings that stand for `user` (none for units and auditors, or when signed out).
 * A failed check leaves the banner as it was: not knowing is not the same as resolved.
 * @param {Principal | null} user
 * @param {() => boolean} isCurrent false once the user has moved on to another view
 */
export async function showCalendarWarnings(user, isCurrent) {
  const box = banner();
  if (!user || !WARNED_ROLES.has(user.role)) {
    box.hidden = true;
    replace(box);
    return;
  }
  /** @type {CalendarWarning[]} */
  let warnings;
  try {
    warnings = (await apiGet('/api/calendar')).warnings;
  } catch {
    return;
  }
  if (!isCurrent()) return;
  box.hidden = warnings.length === 0;
  box.setAttribute('aria-label', t('calendar.bannerLabel'));
  replace(
    box,
    warnings.length === 0
      ? null
      : h(
          'ul',
          { class: 'calendar-warnings' },
          warnings.map((w) =>
            h('li', { dataset: { code: w.code, year: String(w.year) } }, text(w)),
          ),
        ),
  );
}
