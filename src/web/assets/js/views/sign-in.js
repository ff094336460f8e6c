// @ts-check
import { ApiError, publicGet, publicPost } from '../api.js';
import { field, h, replace } from '../dom.js';
import { t } from '../i18n/t.js';
import { checkExpiry } from '../expiry-warning.js';
import { providerSettings, startProviderSignIn } from '../oidc.js';
import { readClaims, signIn } from '../session.js';
import { problemBox } from './problem.js';

/**
 * @typedef {{ id: string, name: string, role: string, unit?: string }} DemoUser
 */

/**
 * A token as pasted: a leading `Bearer ` (copied from a header or a script) and any whitespace or
 * line breaks (copied from a terminal) are not part of it.
 * @param {string} text
 */
export function cleanToken(text) {
  return text.replace(/^\s*bearer\s+/i, '').replace(/\s+/g, '');
}

/**
 * Paste a token; or, on a development server only (the server answers 404 otherwise), pick a
 * demo user. The developer's command line is shown only there too: end users of a production
 * server get their token from their administrator, not from a terminal.
 * @param {HTMLElement} main
 * @param {{ onSignedIn: () => void }} options
 */
export async function renderSignIn(main, { onSignedIn }) {
  const tokenInput = h('textarea', {
    name: 'token',
    rows: '4',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
    class: 'token-input',
  });
  const remember = h('input', { type: 'checkbox', name: 'remember', id: 'remember' });
  const errorBox = h('div', { class: 'problem-slot' });
  const form = h(
    'form',
    {
      class: 'card sign-in-form',
      'aria-labelledby': 'sign-in-title',
      on: {
        submit: async (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          const value = cleanToken(tokenInput.value);
          replace(errorBox);
          if (!readClaims(value)) {
            replace(
              errorBox,
              problemBox({ status: 400, local: true, title: t('signIn.badToken') }),
            );
            tokenInput.setAttribute('aria-invalid', 'true');
            tokenInput.focus();
            return;
          }
          // Check it with the server before keeping it: a bad signature or expiry is 401.
          const response = await fetch('/api/units', {
            headers: { Authorization: `Bearer ${value}`, Accept: 'application/json' },
          }).catch(() => null);
          if (!response || response.status === 401) {
            const code = response ? (await response.json().catch(() => ({})))?.code : undefined;
            replace(
              errorBox,
              problemBox({
                status: response?.status ?? 0,
                code,
                local: true,
                title: t(
                  !response
                    ? 'error.network'
                    : code === 'AUTH.TOKEN_EXPIRED'
                      ? 'signIn.tokenExpired'
                      : 'signIn.badToken',
                ),
              }),
            );
            tokenInput.setAttribute('aria-invalid', 'true');
            tokenInput.focus();
            return;
          }
          signIn(value, remember.checked);
          checkExpiry();
          onSignedIn();
        },
      },
    },
    h('p', null, t('signIn.intro')),
    field(t('signIn.token'), tokenInput),
    h('div', { class: 'check' }, remember, h('label', { for: 'remember' }, t('signIn.remember'))),
    errorBox,
    h('button', { type: 'submit', class: 'primary' }, t('signIn.submit')),
  );
  const demo = h('section', { class: 'demo-users', 'aria-live': 'polite' });
  const provider = h('section', { class: 'provider-sign-in', 'aria-live': 'polite' });
  replace(main, h('h1', { id: 'sign-in-title' }, t('signIn.title')), provider, form, demo);

  // A server wired to the province's identity provider: its sign-in comes first; the token
  // field stays below for service accounts.
  const settings = await providerSettings();
  if (settings) {
    const providerError = h('div', { class: 'problem-slot' });
    replace(
      provider,
      h(
        'div',
        { class: 'card' },
        h('p', null, t('signIn.providerIntro')),
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            id: 'provider-sign-in',
            on: {
              click: async () => {
                replace(providerError);
                try {
                  await startProviderSignIn(settings, remember.checked);
                } catch {
                  replace(
                    providerError,
                    problemBox({ status: 0, local: true, title: t('signIn.providerUnavailable') }),
                  );
                }
              },
            },
          },
          t('signIn.provider'),
        ),
        providerError,
      ),
    );
    replace(/** @type {HTMLElement} */ (form.firstElementChild), t('signIn.providerOr'));
  }

  /** @type {DemoUser[] | null} */
  let users = null;
  try {
    users = await publicGet('/auth/demo-users');
  } catch {
    users = null;
  }
  if (!users || users.length === 0) return;
  const demoError = h('div', { class: 'problem-slot' });
  form.append(h('p', { class: 'hint', id: 'cli-hint' }, h('code', null, t('signIn.cliHint'))));
  replace(
    demo,
    h('h2', { id: 'demo-title' }, t('signIn.demoTitle')),
    h('p', { class: 'warning' }, t('signIn.demoWarning')),
    h(
      'ul',
      { class: 'demo-list', 'aria-labelledby': 'demo-title' },
      users.map((user) =>
        h(
          'li',
          null,
          h(
            'button',
            {
              type: 'button',
              class: 'demo-user',
              dataset: { user: user.id },
              on: {
                click: async () => {
                  replace(demoError);
                  try {
                    const answer = await publicPost('/auth/demo-token', { user: user.id });
                    signIn(answer.token, false);
                    checkExpiry();
                    onSignedIn();
                  } catch (error) {
                    const problem =
                      error instanceof ApiError
                        ? error.problem
                        : { status: 0, detail: t('error.network') };
                    replace(demoError, problemBox(problem));
                  }
                },
              },
            },
            h('span', { class: 'demo-name' }, user.name),
            h('span', { class: 'demo-role' }, t(`role.${user.role}`)),
          ),
        ),
      ),
    ),
    demoError,
  );
}
