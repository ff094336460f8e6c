// @ts-check
import { publicGet } from './api.js';
import { t } from './i18n/t.js';
import { providerSession, renewed, signIn, signOut, token, tokenTimes } from './session.js';

/**
 * Sign-in through the province's identity provider (API.md, "Sign-in through the province's
 * identity provider"): the authorization-code flow with PKCE, in the page, with no secret.
 *   1. `GET /auth/provider` names the issuer and the dashboard's client (404: none configured);
 *   2. the issuer's discovery document gives the endpoints (read by the browser: the server may
 *      reach the provider by an address users cannot);
 *   3. the user signs in at the provider, which sends the browser back to `/?code=…&state=…`;
 *   4. the code and the PKCE verifier are exchanged for tokens; `GET /api/me` says who the server
 *      takes the user to be (role and unit are read from claims named by its configuration);
 *   5. the access token is kept as any token is (session.js), renewed with the refresh token
 *      half-way through its life, and sign-out goes through the provider's end-session endpoint.
 */

const PENDING_KEY = 'follow-up.provider-pending';
/** How often renewal looks at the token's age. */
const RENEW_CHECK_MS = 5_000;

/** @typedef {{ issuer: string, clientId: string, scope: string }} ProviderSettings */
/**
 * @typedef {{ state: string, verifier: string, nonce: string, remember: boolean, hash: string,
 *   tokenEndpoint: string, endSessionEndpoint?: string, clientId: string }} PendingSignIn
 */

/** The provider this server signs in with, or null when it has none. @returns {Promise<ProviderSettings | null>} */
export async function providerSettings() {
  try {
    return await publicGet('/auth/provider');
  } catch {
    return null;
  }
}

/** @param {Uint8Array} bytes */
function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function randomText() {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The address the provider sends the browser back to: the dashboard's root (the hash is kept aside). */
function redirectUri() {
  return `${location.origin}/`;
}

/** @param {string} issuer */
async function discover(issuer) {
  const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, {
    headers: { Accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`discovery ${response.status}`);
  const document = await response.json();
  if (document?.issuer !== issuer) throw new Error('discovery names another issuer');
  return /** @type {{ authorization_endpoint: string, token_endpoint: string, end_session_endpoint?: string }} */ (
    document
  );
}

/**
 * Sends the browser to the provider's sign-in page. PKCE's challenge is SHA-256, which needs a
 * secure context (https, or localhost).
 * @param {ProviderSettings} settings @param {boolean} remember
 */
export async function startProviderSignIn(settings, remember) {
  const endpoints = await discover(settings.issuer);
  const verifier = randomText();
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  /** @type {PendingSignIn} */
  const pending = {
    state: randomText(),
    verifier,
    nonce: randomText(),
    remember,
    hash: location.hash || '#/',
    tokenEndpoint: endpoints.token_endpoint,
    endSessionEndpoint: endpoints.end_session_endpoint,
    clientId: settings.clientId,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(endpoints.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: settings.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: base64Url(new Uint8Array(digest)),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/**
 * Finishes a sign-in the provider sent back (`?code&state`, or `?error`), once, when the page
 * loads: the address loses the code at once, the page's hash from before is restored.
 * @returns {Promise<string | null>} a message to show when it failed, else null
 */
export async function finishProviderSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('state') || !(params.has('code') || params.has('error'))) return null;
  /** @type {PendingSignIn | null} */
  let pending = null;
  try {
    pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null');
  } catch {
    pending = null;
  }
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', `/${pending?.hash ?? location.hash ?? ''}`);
  if (!pending || pending.state !== params.get('state') || !params.get('code')) {
    return t('signIn.providerFailed');
  }
  const tokens = await tokenRequest(pending.tokenEndpoint, {
    grant_type: 'authorization_code',
    code: /** @type {string} */ (params.get('code')),
    redirect_uri: redirectUri(),
    client_id: pending.clientId,
    code_verifier: pending.verifier,
  });
  if (!tokens) return t('signIn.providerFailed');
  const me = await whoIs(tokens.access_token);
  if (typeof me === 'string') return me;
  signIn(tokens.access_token, pending.remember, {
    principal: me,
    refreshToken: tokens.refresh_token,
    idToken: tokens.id_token,
    tokenEndpoint: pending.tokenEndpoint,
    endSessionEndpoint: pending.endSessionEndpoint,
    clientId: pending.clientId,
  });
  return null;
}

/**
 * @param {string} endpoint @param {Record<string, string>} form
 * @returns {Promise<{ access_token: string, refresh_token?: string, id_token?: string } | null>}
 */
async function tokenRequest(endpoint, form) {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(form),
    });
    if (!response.ok) return null;
    const body = await response.json();
    return typeof body?.access_token === 'string' ? body : null;
  } catch {
    return null;
  }
}

/**
 * Who the server takes the token's holder to be, or the sentence saying why it does not.
 * @param {string} accessToken
 * @returns {Promise<import('./session.js').ProviderSession['principal'] | string>}
 */
async function whoIs(accessToken) {
  const response = await fetch('/api/me', {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
  }).catch(() => null);
  if (!response) return t('error.network');
  if (response.ok) return response.json();
  const code = (await response.json().catch(() => ({})))?.code;
  if (response.status === 403) return t('signIn.noRole');
  if (code === 'AUTH.PROVIDER_UNAVAILABLE') return t('signIn.providerUnavailable');
  return t('signIn.rejected');
}

/** @type {Promise<void> | null} */
let renewing = null;

/**
 * Renews the access token with the refresh token once half its life is over (a provider's
 * tokens often live five minutes), so the expiry banner and a 401 never come while the
 * provider still knows the user. A refused renewal is remembered: the banner then warns as for
 * any token.
 */
export async function renewIfDue() {
  const provider = providerSession();
  const current = token();
  if (!provider?.refreshToken || provider.renewalFailed || !current) return;
  const { exp, iat } = tokenTimes(current);
  const now = Date.now() / 1000;
  if (now < iat + (exp - iat) / 2 || now >= exp) return;
  renewing ??= (async () => {
    const tokens = await tokenRequest(provider.tokenEndpoint, {
      grant_type: 'refresh_token',
      refresh_token: /** @type {string} */ (provider.refreshToken),
      client_id: provider.clientId,
    });
    const me = tokens ? await whoIs(tokens.access_token) : null;
    if (token() !== current) return; // signed out or in again meanwhile
    if (!tokens || !me || typeof me === 'string') {
      renewed(current, { ...provider, renewalFailed: true });
      return;
    }
    renewed(tokens.access_token, {
      ...provider,
      principal: me,
      refreshToken: tokens.refresh_token ?? provider.refreshToken,
      idToken: tokens.id_token ?? provider.idToken,
    });
  })().finally(() => {
    renewing = null;
  });
  await renewing;
}

/** @type {ReturnType<typeof setInterval> | null} */
let renewTimer = null;

export function startRenewal() {
  if (renewTimer !== null) return;
  void renewIfDue();
  renewTimer = setInterval(() => void renewIfDue(), RENEW_CHECK_MS);
}

/**
 * Signs out here and, for a session of the provider, there too: the browser goes to its
 * end-session endpoint and comes back to the sign-in page. True when it is leaving.
 */
export function endProviderSession() {
  const provider = providerSession();
  signOut();
  if (!provider?.endSessionEndpoint) return false;
  const url = new URL(provider.endSessionEndpoint);
  url.searchParams.set('client_id', provider.clientId);
  url.searchParams.set('post_logout_redirect_uri', redirectUri());
  if (provider.idToken) url.searchParams.set('id_token_hint', provider.idToken);
  location.assign(url.href);
  return true;
}
