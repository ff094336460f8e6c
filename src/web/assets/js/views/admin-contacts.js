// @ts-check
import { apiGet, apiPost, apiPut } from '../api.js';
import { field, h, replace } from '../dom.js';
import { formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/t.js';
import { loadUnits, unitName } from '../reference.js';
import { FormError } from './form-parts.js';
import { ADMIN_UNITS_PATH, resultSlot, submitting } from './admin-forms.js';

/**
 * A unit's contacts (`#/admin/units/<id>/contacts`, admin): the addresses its email digests go
 * to and its webhook (`GET/PUT /api/units/{id}/contacts`), checked as the API checks them, and
 * "send a test" (`POST /api/units/{id}/contacts/test`), which sends one message through the real
 * channels to the contacts as saved and shows what each address and the webhook did with it.
 *
 * The server never answers the webhook's secret back, so keeping a webhook while changing the
 * addresses means typing its secret again: the page says so rather than dropping the webhook.
 *
 * @typedef {{ unitId: string, emails: string[], webhook: { url: string, secretSet: true } | null }} Contacts
 * @typedef {{ channel: 'email' | 'webhook', target: string, outcome: 'delivered' | 'failed' | 'no-smtp',
 *   error: string | null }} TestResult
 */

const MAX_EMAILS = 20;
/** Close to what class-validator's IsEmail takes; the server decides. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** As the server's webhookUrlProblem: https, or http to this machine only; no credentials. */
function webhookUrlProblem(/** @type {string} */ value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return t('fieldError.url');
  }
  if (url.username || url.password) return t('fieldError.urlCredentials');
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && local)) return null;
  return t('fieldError.https');
}

/**
 * @param {import('../main.js').ViewContext} ctx
 * @param {string} unitId
 */
export async function renderContacts(ctx, unitId) {
  const [units, contacts] = await Promise.all([
    loadUnits(),
    /** @type {Promise<Contacts>} */ (apiGet(`/api/units/${encodeURIComponent(unitId)}/contacts`)),
  ]);
  if (!ctx.isCurrent()) return;
  const name = unitName(units, unitId);

  const emailsInput = h('textarea', { name: 'emails', rows: '4', spellcheck: 'false' });
  emailsInput.value = contacts.emails.join('\n');
  const urlInput = h('input', {
    name: 'webhook.url',
    type: 'url',
    value: contacts.webhook?.url ?? '',
    placeholder: 'https://…',
  });
  const secretInput = h('input', {
    name: 'webhook.secret',
    type: 'password',
    autocomplete: 'new-password',
    minlength: '16',
    maxlength: '200',
  });
  const slot = resultSlot('contacts-result');
  const form = h(
    'form',
    {
      class: 'card admin-form',
      id: 'contacts-form',
      novalidate: true,
      on: {
        submit: async (/** @type {Event} */ event) => {
          event.preventDefault();
          await submitting(form, slot, async () => {
            await apiPut(`/api/units/${encodeURIComponent(unitId)}/contacts`, readContacts());
            ctx.refresh(t('contacts.saved', { name }));
          });
        },
      },
    },
    h('h2', null, t('contacts.channels')),
    field(t('field.emails'), emailsInput, t('contacts.emailsHint', { max: MAX_EMAILS })),
    field(t('field.webhookUrl'), urlInput, t('contacts.urlHint')),
    field(
      t('field.webhookSecret'),
      secretInput,
      contacts.webhook ? t('contacts.secretSetHint') : t('contacts.secretHint'),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('contacts.save')),
    ),
    slot,
  );

  /** The body, checked as SetUnitContactsDto and the registry check it. */
  function readContacts() {
    const emails = emailsInput.value
      .split(/[\s,;]+/)
      .map((e) => e.trim())
      .filter(Boolean);
    if (emails.length > MAX_EMAILS) {
      throw new FormError('emails', t('fieldError.tooMany', { max: MAX_EMAILS }));
    }
    const seen = new Set();
    for (const email of emails) {
      if (!EMAIL.test(email))
        throw new FormError('emails', t('fieldError.email', { value: email }));
      if (seen.has(email.toLowerCase())) {
        throw new FormError('emails', t('fieldError.repeated', { value: email }));
      }
      seen.add(email.toLowerCase());
    }
    const url = urlInput.value.trim();
    const secret = secretInput.value;
    if (!url) {
      if (secret) throw new FormError('webhook.url', t('fieldError.required'));
      return { emails, webhook: null };
    }
    const problem = webhookUrlProblem(url);
    if (problem) throw new FormError('webhook.url', problem);
    if (!secret) throw new FormError('webhook.secret', t('fieldError.secretAgain'));
    if (secret.length < 16 || secret.length > 200) {
      throw new FormError('webhook.secret', t('fieldError.secretLength'));
    }
    return { emails, webhook: { url, secret } };
  }

  const testSlot = h('div', { id: 'test-result', 'aria-live': 'polite' });
  const testForm = h(
    'form',
    {
      class: 'card admin-form',
      id: 'contacts-test',
      novalidate: true,
      on: {
        submit: async (/** @type {Event} */ event) => {
          event.preventDefault();
          await submitting(testForm, testSlot, async () => {
            /** @type {{ sentAt: string, results: TestResult[] }} */
            const answer = /** @type {any} */ (
              await apiPost(`/api/units/${encodeURIComponent(unitId)}/contacts/test`, {})
            );
            if (ctx.isCurrent()) replace(testSlot, testResults(answer));
          });
        },
      },
    },
    h('h2', null, t('contacts.test')),
    h('p', { class: 'hint' }, t('contacts.testHint')),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'submit',
          id: 'send-test',
          disabled: contacts.emails.length === 0 && !contacts.webhook,
        },
        t('contacts.sendTest'),
      ),
    ),
    testSlot,
  );

  replace(
    ctx.main,
    h(
      'p',
      { class: 'breadcrumb' },
      h('a', { href: `#${ADMIN_UNITS_PATH}` }, t('adminUnits.title')),
    ),
    h('h1', null, t('contacts.title', { name })),
    form,
    testForm,
  );
}

/** @param {{ sentAt: string, results: TestResult[] }} answer */
function testResults(answer) {
  return [
    h('p', null, t('contacts.testSent', { time: formatDateTime(answer.sentAt) })),
    h(
      'ul',
      { class: 'test-results' },
      answer.results.map((r) =>
        h(
          'li',
          { class: `test-${r.outcome}`, dataset: { channel: r.channel, outcome: r.outcome } },
          h('strong', null, t(`contacts.outcome.${r.outcome}`)),
          ` ${t(`contacts.channel.${r.channel}`)} `,
          h('code', null, r.target),
          r.error ? h('span', { class: 'problem-detail-text', lang: 'en' }, ` — ${r.error}`) : null,
        ),
      ),
    ),
  ];
}
