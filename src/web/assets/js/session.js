// @ts-check
/**
 * The signed-in user: the bearer token and what it says about its holder. The token stays in
 * sessionStorage (this tab) unless the user asks to be remembered on the device (localStorage).
 * Claims are read only to shape the pages; the server verifies the token on every call.
 */

const TOKEN_KEY = 'follow-up.token';
const POSITION_KEY = 'follow-up.position';

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

/** The current user, or null when signed out or the token has expired. */
export function principal() {
  const current = token();
  const claims = current ? readClaims(current) : null;
  if (!claims || claims.exp * 1000 <= Date.now()) return null;
  return claims;
}

/** @param {string} value @param {boolean} remember */
export function signIn(value, remember) {
  signOut();
  (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, value);
}

export function signOut() {
  for (const storage of [sessionStorage, localStorage]) {
    try {
      storage.removeItem(TOKEN_KEY);
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
