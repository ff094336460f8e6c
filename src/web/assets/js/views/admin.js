// @ts-check
import { t } from '../i18n/t.js';
import {
  ADMIN_CALENDAR_PATH,
  ADMIN_RULES_PATH,
  ADMIN_UNITS_PATH,
  CONTACTS_ROUTE,
  SOURCES_PATH,
} from './admin-forms.js';

/**
 * The administration pages (issue 22) and the office's sources page: their routes and the
 * header's links (what the pages share is in admin-forms.js).
 *
 *   #/admin/calendar?year=2027        the calendar editor (admin)
 *   #/admin/units                     units: list and register (admin)
 *   #/admin/units/<id>/contacts       a unit's addresses and webhook, with a test send (admin)
 *   #/admin/reminder-rules            the reminder rules and send window (admin)
 *   #/sources                         conclusion notices, documents, sessions (office, leader, admin)
 */

/** @typedef {import('../session.js').Principal} Principal */

/** @param {Principal} user */
function readsSources(user) {
  return user.role === 'office' || user.role === 'leader' || user.role === 'admin';
}

/**
 * Whether `path` is one of these pages for `user` (others fall through to the usual views).
 * @param {string} path
 * @param {Principal} user
 */
export function isAdminRoute(path, user) {
  if (path === SOURCES_PATH) return readsSources(user);
  if (user.role !== 'admin') return false;
  return (
    path === ADMIN_CALENDAR_PATH ||
    path === ADMIN_UNITS_PATH ||
    path === ADMIN_RULES_PATH ||
    CONTACTS_ROUTE.test(path)
  );
}

/**
 * Draws the page of `ctx.path` (see {@link isAdminRoute}). The views are loaded when first
 * visited: most users never open them.
 * @param {import('../main.js').ViewContext} ctx
 */
export async function renderAdminRoute(ctx) {
  const contacts = CONTACTS_ROUTE.exec(ctx.path);
  if (contacts) {
    const { renderContacts } = await import('./admin-contacts.js');
    return renderContacts(ctx, decodeURIComponent(contacts[1]));
  }
  switch (ctx.path) {
    case ADMIN_CALENDAR_PATH:
      return (await import('./admin-calendar.js')).renderCalendarEditor(ctx);
    case ADMIN_UNITS_PATH:
      return (await import('./admin-units.js')).renderUnits(ctx);
    case ADMIN_RULES_PATH:
      return (await import('./admin-rules.js')).renderRules(ctx);
    case SOURCES_PATH:
      return (await import('./sources.js')).renderSources(ctx);
  }
}

/**
 * The header's links to these pages.
 * @param {Principal} user
 * @param {string} path
 * @param {(href: string, label: string, active: boolean) => HTMLElement} link
 */
export function adminLinks(user, path, link) {
  const links = [];
  if (user.role === 'admin') {
    links.push(
      link(`#${ADMIN_CALENDAR_PATH}`, t('nav.adminCalendar'), path === ADMIN_CALENDAR_PATH),
    );
    links.push(
      link(
        `#${ADMIN_UNITS_PATH}`,
        t('nav.adminUnits'),
        path === ADMIN_UNITS_PATH || CONTACTS_ROUTE.test(path),
      ),
    );
    links.push(link(`#${ADMIN_RULES_PATH}`, t('nav.adminRules'), path === ADMIN_RULES_PATH));
  }
  if (readsSources(user)) {
    links.push(link(`#${SOURCES_PATH}`, t('nav.sources'), path === SOURCES_PATH));
  }
  return links;
}
