// @ts-check
import { saveDrafts } from './drafts.js';
import { checkExpiry } from './expiry-warning.js';
import { t } from './i18n/t.js';
import { lastPosition, recordPosition, signOut, token } from './session.js';

/**
 * @typedef {{ type?: string, title?: string, status: number, code?: string, detail?: string,
 *   errors?: { field: string, message: string }[] }} Problem
 */

/** A refusal from the API, carrying its RFC 7807 problem document. */
export class ApiError extends Error {
  /** @param {Problem} problem */
  constructor(problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.problem = problem;
    this.status = problem.status;
  }
}

/**
 * Fired on `window` when the server says the token is no longer good (401). Its `detail` says
 * why: `{ code: 'AUTH.TOKEN_EXPIRED' }` (its time is up: sign in again) or another code (the
 * server does not take it at all: a revoked secret, a token from elsewhere), and `message`, the
 * sentence to show on the sign-in page.
 */
export const SESSION_EXPIRED = 'follow-up:session-expired';

/** The sentence for a 401's code: an expired session is not a bad token. */
export function sessionEndedMessage(/** @type {string | undefined} */ code) {
  return t(code === 'AUTH.TOKEN_EXPIRED' ? 'signIn.expired' : 'signIn.rejected');
}

/** @param {Response} response @returns {Promise<Problem>} */
async function problemOf(response) {
  try {
    const body = await response.json();
    if (body && typeof body === 'object') return { ...body, status: response.status };
  } catch {
    // Not JSON (a proxy's error page): fall through.
  }
  return { status: response.status, detail: response.statusText || `HTTP ${response.status}` };
}

/**
 * @param {string} url
 * @param {RequestInit} init
 */
async function send(url, init) {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  const bearer = token();
  if (bearer) headers.set('Authorization', `Bearer ${bearer}`);
  let response;
  try {
    response = await fetch(url, { ...init, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError({ status: 0, detail: t('error.network') });
  }
  if (response.status === 401 && bearer) {
    const problem = await problemOf(response.clone());
    // What was typed survives the sign-in that follows (drafts.js), then the session ends.
    saveDrafts();
    signOut();
    checkExpiry();
    window.dispatchEvent(
      new CustomEvent(SESSION_EXPIRED, {
        detail: { code: problem.code, message: sessionEndedMessage(problem.code) },
      }),
    );
  }
  return response;
}

/** @param {Record<string, string | number | undefined | null>} params */
function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * GET a JSON resource. With `consistent`, waits for the read models to include this tab's latest
 * write (`minPosition`); a 503 there is retried once after the server's `Retry-After`.
 * @param {string} path
 * @param {Record<string, string | number | undefined | null>} [params]
 * @param {{ consistent?: boolean }} [options]
 * @returns {Promise<any>}
 */
export async function apiGet(path, params = {}, { consistent = false } = {}) {
  const position = consistent ? lastPosition() : null;
  const url = path + query({ ...params, ...(position ? { minPosition: position } : {}) });
  for (let attempt = 0; ; attempt++) {
    const response = await send(url, { method: 'GET' });
    if (response.ok) return response.json();
    if (response.status === 503 && position && attempt === 0) {
      const wait = Math.min(Number(response.headers.get('Retry-After')) || 1, 5);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      continue;
    }
    throw new ApiError(await problemOf(response));
  }
}

/** A random key for `Idempotency-Key` (crypto.randomUUID needs a secure context; this does not). */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * POST a write. Sends `If-Match` when the page knows the item's revision (a stale page gets 412
 * rather than overwriting someone's act) and an `Idempotency-Key` so a retried click lands once.
 * @param {string} path
 * @param {object} body
 * @param {{ ifMatch?: string, idempotencyKey?: string }} [options]
 * @returns {Promise<{ id: string, revision: string, position: string }>} (`{}` for a 204)
 */
export async function apiPost(path, body, { ifMatch, idempotencyKey } = {}) {
  /** @type {Record<string, string>} */
  const headers = { 'Content-Type': 'application/json' };
  if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  const response = await send(path, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!response.ok) throw new ApiError(await problemOf(response));
  // Some writes (marking a notification read) may answer 204 without a body.
  const text = response.status === 204 ? '' : await response.text();
  const result = text ? JSON.parse(text) : {};
  if (typeof result?.position === 'string') recordPosition(result.position);
  return result;
}

/** A public endpoint (no token), e.g. the demo sign-in. Resolves to null on 404. */
export async function publicGet(/** @type {string} */ path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (response.status === 404) return null;
  if (!response.ok) throw new ApiError(await problemOf(response));
  return response.json();
}

/** @param {string} path @param {object} body */
export async function publicPost(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new ApiError(await problemOf(response));
  return response.json();
}

/**
 * PUT a replacement of reference data (the calendar's year, a unit's contacts, the reminder
 * rules), as `apiPost` posts a write: the problem document on refusal, the position recorded.
 * @param {string} path
 * @param {object} body
 * @returns {Promise<{ id: string, revision: string, position: string }>}
 */
export async function apiPut(path, body) {
  const response = await send(path, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new ApiError(await problemOf(response));
  const result = await response.json();
  if (typeof result?.position === 'string') recordPosition(result.position);
  return result;
}
