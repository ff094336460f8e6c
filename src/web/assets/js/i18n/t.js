// @ts-check
import { en } from './en.js';
import { vi } from './vi.js';

/**
 * The language on screen and its messages: Vietnamese first, English one click away. The choice is
 * remembered in localStorage.
 */

/** @typedef {'vi' | 'en'} Lang */

const LANG_KEY = 'follow-up.lang';

/** @type {Record<Lang, Record<string, string>>} */
const MESSAGES = { vi, en };

/** @type {Lang} */
let current = readLang();

/** @returns {Lang} */
function readLang() {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/** @returns {Lang} */
export function lang() {
  return current;
}

/** @param {Lang} next */
export function setLang(next) {
  current = next;
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = next;
}

/**
 * The message for `key`, with `{name}` placeholders filled. Keys are often built from values
 * (`status.${item.status}`), so any string is accepted: an unknown key falls back to Vietnamese,
 * then shows the key itself, so a missing translation is visible rather than blank.
 * @param {string} key
 * @param {Record<string, string | number>} [vars]
 */
export function t(key, vars = {}) {
  const text = MESSAGES[current][key] ?? MESSAGES.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** Whether a message exists for `key` (for labels of values the server may add later). */
export function has(/** @type {string} */ key) {
  return key in MESSAGES[current];
}

/** @param {string} key @param {string} fallback */
export function tOr(key, fallback) {
  return has(key) ? t(key) : fallback;
}
