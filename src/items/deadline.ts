import { isValidLocalDate } from '../shared/calendar/local-date';
import type { DeadlineSpec } from '../shared/calendar/working-calendar';
import { DomainError } from '../shared/domain-error';

// The spec type lives with the calendar that counts it, so `shared/` never imports a feature folder.
export type { DeadlineSpec } from '../shared/calendar/working-calendar';

/** Ten years: anything longer is a typo, and day-by-day counting must stay cheap. */
export const MAX_DEADLINE_DAYS = 3650;

/**
 * Checks a deadline that came from outside (command data) and returns a clean copy with only the
 * known fields, so stray properties never reach a stored event.
 * @throws DomainError `VALIDATION` naming `field`
 */
export function parseDeadlineSpec(value: unknown, field: string): DeadlineSpec {
  const spec = value as Partial<Record<string, unknown>> | null;
  const type = spec?.type;
  switch (type) {
    case 'none':
      return { type };
    case 'date':
      if (!isValidLocalDate(spec?.date)) {
        throw DomainError.invalidField(`${field}.date`, 'must be a YYYY-MM-DD date');
      }
      return { type, date: spec.date };
    case 'working-days':
    case 'calendar-days': {
      const days = spec?.days;
      if (
        typeof days !== 'number' ||
        !Number.isInteger(days) ||
        days < 1 ||
        days > MAX_DEADLINE_DAYS
      ) {
        throw DomainError.invalidField(
          `${field}.days`,
          `must be a whole number from 1 to ${MAX_DEADLINE_DAYS}`,
        );
      }
      return { type, days };
    }
    default:
      throw DomainError.invalidField(
        `${field}.type`,
        "must be one of 'date', 'working-days', 'calendar-days', 'none'",
      );
  }
}
