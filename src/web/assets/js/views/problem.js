// @ts-check
import { h } from '../dom.js';
import { ApiError } from '../api.js';
import { formatDateTime } from '../i18n/format.js';
import { has, t } from '../i18n/t.js';

/**
 * The problem behind a failed call: the server's document, or (network down, a bug) a bare one.
 * @param {unknown} error
 * @returns {import('../api.js').Problem}
 */
export function problemOf(error) {
  return error instanceof ApiError ? error.problem : { status: 0, detail: String(error) };
}

/**
 * What the user reads first: a sentence in the page's language for the problem's `code`, else
 * one for its status. The server's `detail` is English, for developers: never the headline.
 * @param {import('../api.js').Problem} problem
 */
export function problemTitle(problem) {
  if (problem.code && has(`problem.${problem.code}`)) return t(`problem.${problem.code}`);
  if (problem.status === 0) return t('error.network');
  if (has(`problem.status.${problem.status}`)) return t(`problem.status.${problem.status}`);
  return t('error.title');
}

/**
 * A field's name as the form calls it: `deadline.date`, `supportingUnits[2]` → their field.
 * @param {string} field
 */
export function fieldLabel(field) {
  const name = field.split(/[.[]/)[0];
  return has(`field.${name}`) ? t(`field.${name}`) : name;
}

/**
 * The server's field messages are English (class-validator's and the domain's): each is read
 * for what it says and told again in the page's language; times it names are shown as dates.
 * @param {{ field: string, message: string }} error
 */
export function fieldMessage(error) {
  const message = error.message ?? '';
  const before = /must not be before (\S+)/.exec(message);
  if (before) return t('fieldError.notBefore', { time: formatDateTime(before[1]) });
  if (/future/i.test(message)) return t('fieldError.future');
  if (
    /should not be empty|must not be empty|longer than or equal to 1|must not be blank/i.test(
      message,
    )
  ) {
    return t('fieldError.required');
  }
  if (/must be shorter|too long|must contain no more/i.test(message))
    return t('fieldError.tooLong');
  if (/unit id|unknown unit|not a unit/i.test(message)) return t('fieldError.unit');
  if (/date|ISO 8601|YYYY-MM-DD/i.test(message)) return t('fieldError.date');
  if (/should not exist|not allowed/i.test(message)) return t('fieldError.unknown');
  return t('fieldError.invalid');
}

/**
 * A refusal as the user sees it: a headline in the page's language, each field error with the
 * field's own label, and the server's English `detail` below, small, for whoever reports it.
 * `role="alert"` has screen readers read it out when it appears. A problem made in the page
 * (`local`) already speaks the page's language: its messages are shown as they are; a server
 * problem reworded in the page keeps its `detail`, which still shows.
 * @param {import('../api.js').Problem & { local?: boolean }} problem
 */
export function problemBox(problem) {
  const heading = problem.local && problem.title ? problem.title : problemTitle(problem);
  const showDetail = problem.detail && problem.detail !== heading;
  return h(
    'div',
    {
      class: 'problem',
      role: 'alert',
      dataset: { status: String(problem.status), code: problem.code ?? '' },
    },
    h('p', { class: 'problem-title' }, heading),
    problem.errors?.length
      ? h(
          'ul',
          { class: 'problem-errors' },
          problem.errors.map((e) =>
            h(
              'li',
              { dataset: { field: e.field } },
              t('error.field', {
                field: fieldLabel(e.field),
                message: problem.local ? e.message : fieldMessage(e),
              }),
            ),
          ),
        )
      : null,
    showDetail
      ? h(
          'p',
          { class: 'problem-detail', lang: 'en' },
          h('span', { class: 'problem-detail-label' }, `${t('error.technical')} `),
          h('span', { class: 'problem-detail-text' }, problem.detail ?? ''),
        )
      : null,
  );
}

/**
 * Marks the controls named in the problem's field errors as invalid (and clears earlier marks).
 * @param {HTMLFormElement} form
 * @param {import('../api.js').Problem | null} problem
 */
export function markInvalidFields(form, problem) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const error of problem?.errors ?? []) {
    const name = error.field.split(/[.[]/)[0];
    const control = form.elements.namedItem(name);
    if (control instanceof Element) control.setAttribute('aria-invalid', 'true');
    else if (control instanceof RadioNodeList) {
      for (const el of control) if (el instanceof Element) el.setAttribute('aria-invalid', 'true');
    }
  }
}
