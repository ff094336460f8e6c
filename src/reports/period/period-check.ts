import { ProblemException } from '../../http/problem';
import type { LocalDate } from '../../shared/calendar/local-date';

export const MAX_PERIOD_YEARS = 10;

/**
 * The checks on a period that span two fields: `from` not after `to`, and at most 10 years
 * (`to` before the same day 10 years after `from`). 400 naming the field, as the DTO's own checks.
 */
export function checkPeriod(from: LocalDate, to: LocalDate): void {
  if (from > to) {
    throw new ProblemException(400, 'VALIDATION', 'The request is not valid', [
      { field: 'to', message: 'to must not be before from' },
    ]);
  }
  const limit = `${String(Number(from.slice(0, 4)) + MAX_PERIOD_YEARS).padStart(4, '0')}${from.slice(4)}`;
  if (to >= limit) {
    throw new ProblemException(400, 'VALIDATION', 'The request is not valid', [
      { field: 'to', message: `the period must not be longer than ${MAX_PERIOD_YEARS} years` },
    ]);
  }
}
