import { registerDecorator, type ValidationOptions } from 'class-validator';
import {
  FIRST_ACCEPTED_DATE,
  isValidLocalDate,
  LAST_ACCEPTED_DATE,
} from '../shared/calendar/local-date';

/**
 * A real `YYYY-MM-DD` day from 2000-01-01 to 2100-12-31 (see `isValidLocalDate`): one rule for
 * every date a request names, so no field lets 1969-12-31 or the year 20266 into the log.
 */
export function IsLocalDate(options: ValidationOptions = {}): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: ({ property }) =>
          `${property} must be a date from ${FIRST_ACCEPTED_DATE} to ${LAST_ACCEPTED_DATE} (YYYY-MM-DD)`,
        ...options,
      },
      validator: { validate: (value: unknown) => isValidLocalDate(value) },
    });
}
