/**
 * Dates as people in the province read them: Asia/Ho_Chi_Minh, UTC+7 all year (Vietnam has had no
 * daylight saving since 1975), so a fixed offset is exact and we need no time-zone database.
 *
 * A `LocalDate` is a plain `YYYY-MM-DD` string rather than a branded type: it travels through JSON
 * events and read models unchanged, and string order equals date order.
 */
export type LocalDate = string;

const OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must name its offset: a bare local time would be read in the server's zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Monday..Sunday as `Date#getUTCDay()` numbers them (0 = Sunday). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * The days a date entering the system may name: whatever lies outside is a typo or an attack
 * (1969-12-31, the year 20266), never a deadline of a provincial office. Dates already in the log
 * and dates computed from them are read as they are.
 */
export const FIRST_ACCEPTED_DATE: LocalDate = '2000-01-01';
export const LAST_ACCEPTED_DATE: LocalDate = '2100-12-31';

/** A real `YYYY-MM-DD` day between 2000-01-01 and 2100-12-31: what input may name. */
export function isValidLocalDate(value: unknown): value is LocalDate {
  return (
    isWellFormedLocalDate(value) && value >= FIRST_ACCEPTED_DATE && value <= LAST_ACCEPTED_DATE
  );
}

/**
 * An ISO 8601 instant with an explicit offset (`Z` or `+07:00`) that denotes a real moment, on a
 * local day between 2000-01-01 and 2100-12-31.
 */
export function isValidInstant(value: unknown): value is string {
  return (
    isWellFormedInstant(value) && isValidLocalDate(fromUtcMidnightMs(Date.parse(value) + OFFSET_MS))
  );
}

function isWellFormedInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/** A real `YYYY-MM-DD` day, whatever the year: for date arithmetic and what the log holds. */
function isWellFormedLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 2026-02-30 over into March; a real date survives the round trip.
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function assertDate(date: LocalDate): void {
  if (!isWellFormedLocalDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${String(date)}`);
}

function toUtcMidnightMs(date: LocalDate): number {
  assertDate(date);
  return Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
  );
}

function fromUtcMidnightMs(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The Asia/Ho_Chi_Minh date of an instant, e.g. `2025-12-31T18:00:00Z` → `2026-01-01`. */
export function toLocalDate(instant: string): LocalDate {
  const ms = Date.parse(instant);
  if (!isWellFormedInstant(instant)) {
    throw new RangeError(`Not an ISO instant with offset: ${instant}`);
  }
  return fromUtcMidnightMs(ms + OFFSET_MS);
}

/** The instant a local day starts (00:00 local), as an ISO UTC string. */
export function startOfLocalDayUtc(date: LocalDate): string {
  return new Date(toUtcMidnightMs(date) - OFFSET_MS).toISOString();
}

/**
 * The instant a local day ends, 24:00 local (= 00:00 of the next day), as an ISO UTC string.
 * A deadline "ends at 24:00" (Civil Code art. 148), so an act at exactly this instant is still on
 * time and anything later is late.
 */
export function endOfLocalDayUtc(date: LocalDate): string {
  return new Date(toUtcMidnightMs(date) + DAY_MS - OFFSET_MS).toISOString();
}

export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return fromUtcMidnightMs(toUtcMidnightMs(date) + days * DAY_MS);
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareLocalDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  assertDate(a);
  assertDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Calendar days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((toUtcMidnightMs(b) - toUtcMidnightMs(a)) / DAY_MS);
}

export function weekday(date: LocalDate): Weekday {
  return new Date(toUtcMidnightMs(date)).getUTCDay() as Weekday;
}

/** Every date from `first` to `last`, both included. */
export function dateRange(first: LocalDate, last: LocalDate): LocalDate[] {
  assertDate(last);
  const out: LocalDate[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}
