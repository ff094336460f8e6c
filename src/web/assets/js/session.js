// @ts-check
/**
 * The signed-in user: the bearer token and what it says about its holder. The token stays in
 * sessionStorage (this tab) unless the user asks to be remembered on the device (localStorage).
 * Claims are read only to shape the pages; the server verifies the token on every call.
 */

const TOKEN_KEY = 'follow-up.token';
const POSITION_KEY = 'follow-up.position';
/** A session signed in through the identity provider: what the server read, and how to renew. */
const PROVIDER_KEY = 'follow-up.provider-session';

/**
 * @typedef {{ sub: string, name: string, role: 'leader' | 'office' | 'unit' | 'auditor' | 'admin',
 *   unit?: string, exp: number }} Principal
 */

/** @param {string} part */
function decodeBase64Url(part) {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/**
 * The claims of a JWT, or null when it is not one.
 * @param {string} token
 * @returns {Principal | null}
 */
export function readClaims(token) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = JSON.parse(decodeBase64Url(parts[1]));
    if (typeof claims?.sub !== 'string' || typeof claims.role !== 'string') return null;
    return {
      sub: claims.sub,
      name: typeof claims.name === 'string' ? claims.name : claims.sub,
      role: claims.role,
      unit: typeof claims.unit === 'string' ? claims.unit : undefined,
      exp: typeof claims.exp === 'number' ? claims.exp : 0,
    };
  } catch {
    return null;
  }
}

/**
 * What a session signed in through the province's identity provider keeps beside its access
 * token: the caller as the server read it (`GET /api/me`: the role and unit claims are named by
 * the server's configuration, so the page does not guess them), and what renewal and sign-out at
 * the provider need.
 * @typedef {{ principal: { sub: string, name: string, role: Principal['role'], unit?: string },
 *   refreshToken?: string, idToken?: string, tokenEndpoint: string, endSessionEndpoint?: string,
 *   clientId: string, renewalFailed?: boolean }} ProviderSession
 */

/**
 * The `exp` and `iat` of a JWT, whatever else it carries (0 when unreadable).
 * @param {string} token
 */
export function tokenTimes(token) {
  try {
    const claims = JSON.parse(decodeBase64Url(token.split('.')[1] ?? ''));
    return {
      exp: typeof claims?.exp === 'number' ? claims.exp : 0,
      iat: typeof claims?.iat === 'number' ? claims.iat : 0,
    };
  } catch {
    return { exp: 0, iat: 0 };
  }
}

/** @param {Storage} storage @param {string} key */
function read(storage, key) {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

export function token() {
  return read(sessionStorage, TOKEN_KEY) ?? read(localStorage, TOKEN_KEY);
}

/** The identity provider's session kept with the token, or null (a pasted or demo token). */
export function providerSession() {
  for (const storage of [sessionStorage, localStorage]) {
    const text = read(storage, PROVIDER_KEY);
    if (!text) continue;
    try {
      return /** @type {ProviderSession} */ (JSON.parse(text));
    } catch {
      return null;
    }
  }
  return null;
}

/** True while the session will be renewed before it ends (oidc.js): no expiry warning needed. */
export function renewable() {
  const provider = providerSession();
  return Boolean(provider?.refreshToken && !provider.renewalFailed);
}

/** The current user, or null when signed out or the token has expired. */
export function principal() {
  const current = token();
  if (!current) return null;
  const provider = providerSession();
  /** @type {Principal | null} */
  const claims = provider
    ? { ...provider.principal, exp: tokenTimes(current).exp }
    : readClaims(current);
  if (!claims || claims.exp * 1000 <= Date.now()) return null;
  return claims;
}

/**
 * @param {string} value the bearer token
 * @param {boolean} remember keep it on this device (localStorage) rather than in this tab
 * @param {ProviderSession} [provider] for a sign-in through the identity provider
 */
export function signIn(value, remember, provider) {
  signOut();
  const storage = remember ? localStorage : sessionStorage;
  storage.setItem(TOKEN_KEY, value);
  if (provider) storage.setItem(PROVIDER_KEY, JSON.stringify(provider));
}

/**
 * A renewed token (and the provider's session with it) in place of the current one, in the same
 * storage; nothing else of the tab (its position, its drafts) changes.
 * @param {string} value @param {ProviderSession} provider
 */
export function renewed(value, provider) {
  const storage = read(localStorage, TOKEN_KEY) ? localStorage : sessionStorage;
  storage.setItem(TOKEN_KEY, value);
  storage.setItem(PROVIDER_KEY, JSON.stringify(provider));
}

export function signOut() {
  for (const storage of [sessionStorage, localStorage]) {
    try {
      storage.removeItem(TOKEN_KEY);
      storage.removeItem(PROVIDER_KEY);
    } catch {
      // Storage unavailable: nothing was kept.
    }
  }
  try {
    sessionStorage.removeItem(POSITION_KEY);
  } catch {
    // idem
  }
}

/**
 * The global log position of this tab's latest write. Lists and reports pass it as `minPosition`,
 * so the read models have caught up with what this user just did before they answer.
 */
export function lastPosition() {
  return read(sessionStorage, POSITION_KEY);
}

/** @param {string} position a decimal string */
export function recordPosition(position) {
  const previous = lastPosition();
  if (!/^\d+$/.test(position)) return;
  if (previous && BigInt(previous) >= BigInt(position)) return;
  try {
    sessionStorage.setItem(POSITION_KEY, position);
  } catch {
    // Without storage the next read may lag by a moment; nothing breaks.
  }
}
