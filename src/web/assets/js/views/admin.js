// @ts-check
import { h, replace } from '../dom.js';
import { t } from '../i18n/t.js';
import { FormError, localProblem } from './form-parts.js';
import { markInvalidFields, problemBox, problemOf } from './problem.js';

/**
 * The administration pages (issue 22) and the office's sources page, with the little they share:
 * the routes, the header links, and how a form shows a refusal (made in the page, or the
 * server's problem document) beside itself.
 *
 *   #/admin/calendar?year=2027        the calendar editor (admin)
 *   #/admin/units                     units: list and register (admin)
 *   #/admin/units/<id>/contacts       a unit's addresses and webhook, with a test send (admin)
 *   #/admin/reminder-rules            the reminder rules and send window (admin)
 *   #/sources                         conclusion notices, documents, sessions (office, leader, admin)
 */

export const ADMIN_CALENDAR_PATH = '/admin/calendar';
export const ADMIN_UNITS_PATH = '/admin/units';
export const ADMIN_RULES_PATH = '/admin/reminder-rules';
export const SOURCES_PATH = '/sources';
const CONTACTS_ROUTE = /^\/admin\/units\/([^/]+)\/contacts$/;

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

/** The hash of a unit's contacts page. @param {string} unitId */
export function contactsHash(unitId) {
  return `#/admin/units/${encodeURIComponent(unitId)}/contacts`;
}

/**
 * Runs a form's submission: the page's own checks throw {@link FormError}, the server's refusals
 * come back as problems; either is shown in `slot`, and the named controls are marked invalid.
 * The submit buttons are disabled meanwhile, so a double click sends once.
 * @template T
 * @param {HTMLFormElement} form
 * @param {HTMLElement} slot
 * @param {() => Promise<T>} work
 * @returns {Promise<T | undefined>}
 */
export async function submitting(form, slot, work) {
  const buttons = [...form.querySelectorAll('button')];
  const wasDisabled = buttons.map((b) => b.disabled);
  buttons.forEach((b) => (b.disabled = true));
  form.setAttribute('aria-busy', 'true');
  replace(slot);
  try {
    const result = await work();
    markInvalidFields(form, null);
    return result;
  } catch (error) {
    const problem = error instanceof FormError ? localProblem(error) : problemOf(error);
    markInvalidFields(form, problem);
    replace(slot, problemBox(problem));
    return undefined;
  } finally {
    buttons.forEach((b, i) => (b.disabled = wasDisabled[i]));
    form.removeAttribute('aria-busy');
  }
}

/**
 * A rule's moment in plain words: "3 ngày làm việc trước hạn", "ngày đầu tiên quá hạn".
 * @param {string} when @param {number} workingDays
 */
export function whenText(when, workingDays) {
  if (when === 'overdue' && workingDays === 0) return t('rules.when.overdue0');
  return t(`rules.when.${when}`, { days: workingDays });
}

/**
 * A whole rule in plain words: "3 ngày làm việc trước hạn, gửi đơn vị chủ trì".
 * @param {{ when: string, workingDays: number, notify: string[] }} rule
 */
export function ruleText(rule) {
  const to = rule.notify.map((n) => t(`rules.notify.${n}`));
  return t('rules.sentence', {
    when: whenText(rule.when, rule.workingDays),
    to: to.length ? to.join(', ') : t('rules.nobody'),
  });
}

/** A box where a form's refusal or result appears. @param {string} id */
export function resultSlot(id) {
  return h('div', { class: 'form-result', id, 'aria-live': 'polite' });
}
