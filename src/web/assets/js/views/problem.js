// @ts-check
import { h } from '../dom.js';
import { ApiError } from '../api.js';
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
 * A refusal as the user sees it: the server's RFC 7807 `detail` and each field error, as text.
 * `role="alert"` has screen readers read it out when it appears.
 * @param {import('../api.js').Problem} problem
 */
export function problemBox(problem) {
  // The server's `detail` is English; a known `code` gets a sentence in the page's language too.
  const heading =
    problem.code && has(`problem.${problem.code}`)
      ? t(`problem.${problem.code}`)
      : problem.status === 403
        ? t('error.forbidden')
        : problem.status === 404
          ? t('error.notFound')
          : t('error.title');
  return h(
    'div',
    {
      class: 'problem',
      role: 'alert',
      dataset: { status: String(problem.status), code: problem.code ?? '' },
    },
    h('p', { class: 'problem-title' }, heading),
    problem.detail ? h('p', { class: 'problem-detail' }, problem.detail) : null,
    problem.errors?.length
      ? h(
          'ul',
          { class: 'problem-errors' },
          problem.errors.map((e) =>
            h('li', null, t('error.field', { field: e.field, message: e.message })),
          ),
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
  }
}
