// @ts-check
import { h, replace } from '../dom.js';
import { t } from '../i18n/t.js';
import { FormError, localProblem } from './form-parts.js';
import { markInvalidFields, problemBox, problemOf } from './problem.js';

/**
 * What the administration pages share (views/admin.js routes to them): their paths, how a form
 * shows a refusal beside itself, and reminder rules in plain words.
 */

export const ADMIN_CALENDAR_PATH = '/admin/calendar';
export const ADMIN_UNITS_PATH = '/admin/units';
export const ADMIN_RULES_PATH = '/admin/reminder-rules';
export const SOURCES_PATH = '/sources';
export const CONTACTS_ROUTE = /^\/admin\/units\/([^/]+)\/contacts$/;

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
 * @param {(error: unknown) => import('../api.js').Problem & { local?: boolean }} [toProblem]
 *   how a failure other than the page's own checks reads (default: the server's problem as it is)
 * @returns {Promise<T | undefined>}
 */
export async function submitting(form, slot, work, toProblem = problemOf) {
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
    const problem = error instanceof FormError ? localProblem(error) : toProblem(error);
    markInvalidFields(form, problem);
    replace(slot, problemBox(problem));
    return undefined;
  } finally {
    buttons.forEach((b, i) => {
      if (b.isConnected) b.disabled = wasDisabled[i];
    });
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
