// @ts-check
import { lang, t } from './t.js';

/**
 * Dates and numbers as the province writes them: dd/mm/yyyy in Asia/Ho_Chi_Minh whatever the
 * browser's own zone and language, numbers in the language on screen. Also the reverse (a typed
 * dd/mm/yyyy) and the local-day arithmetic the views need.
 */

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

function locale() {
  return lang() === 'vi' ? 'vi-VN' : 'en-GB';
}

/** @param {number} n */
export function formatNumber(n) {
  return new Intl.NumberFormat(locale()).format(n);
}

/** @param {number} ratio between 0 and 1 */
export function formatPercent(ratio) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(
    ratio,
  );
}

/**
 * A `YYYY-MM-DD` local date as dd/mm/yyyy. It is already an Asia/Ho_Chi_Minh day, so no time zone
 * arithmetic happens here.
 * @param {string | null | undefined} date
 */
export function formatDate(date) {
  if (!date) return t('item.none');
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
}

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** @param {Date} date @returns {Record<string, string>} */
function partsOf(date) {
  return Object.fromEntries(PARTS.formatToParts(date).map((p) => [p.type, p.value]));
}

/**
 * An ISO instant as dd/mm/yyyy HH:mm in Asia/Ho_Chi_Minh.
 * @param {string | null | undefined} iso
 */
export function formatDateTime(iso) {
  if (!iso) return t('item.none');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = partsOf(date);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** The Asia/Ho_Chi_Minh day of an instant, as `YYYY-MM-DD`. */
export function localDateOf(/** @type {Date} */ date) {
  const p = partsOf(date);
  return `${p.year}-${p.month}-${p.day}`;
}

export function today() {
  return localDateOf(new Date());
}

/**
 * Reads dd/mm/yyyy (also d/m/yyyy, with / . or - between) into `YYYY-MM-DD`; null when it is not
 * a real calendar date.
 * @param {string} text
 */
export function parseDmy(text) {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1) return null;
  return `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whole days from local date `from` to local date `to` (both `YYYY-MM-DD`). */
export function daysBetween(/** @type {string} */ from, /** @type {string} */ to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
