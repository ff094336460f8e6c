/** Length of `YYYY-MM-DDTHH:mm:ss.sssZ`: what `toISOString` writes, hence every time in the log. */
const CANONICAL_LENGTH = 24;

/**
 * `Date.parse` for an ISO instant, about three times faster on the canonical form (a rebuild parses
 * a million business and recorded times); anything else goes to `Date.parse` itself, so the answer
 * is always the same as its answer.
 */
export function instantMs(iso: string): number {
  if (
    iso.length !== CANONICAL_LENGTH ||
    iso.charCodeAt(4) !== 45 || // -
    iso.charCodeAt(7) !== 45 ||
    iso.charCodeAt(10) !== 84 || // T
    iso.charCodeAt(13) !== 58 || // :
    iso.charCodeAt(16) !== 58 ||
    iso.charCodeAt(19) !== 46 || // .
    iso.charCodeAt(23) !== 90 // Z
  ) {
    return Date.parse(iso);
  }
  const year = digits(iso, 0, 4);
  const month = digits(iso, 5, 2);
  const day = digits(iso, 8, 2);
  const hour = digits(iso, 11, 2);
  const minute = digits(iso, 14, 2);
  const second = digits(iso, 17, 2);
  const ms = digits(iso, 20, 3);
  // -1: not digits. Date.UTC reads years below 100 as 19xx and hour 24 means the next midnight:
  // rare enough to leave to Date.parse, as are the out-of-range fields it refuses.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 31 || ms < 0) {
    return Date.parse(iso);
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return Date.parse(iso);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The decimal number in `count` characters from `at`, or -1 if one is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
