import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { DomainError } from '../../shared/domain-error';
import { parseDeadlineSpec } from '../deadline';

/** The fields each kind of deadline may carry; anything else is refused, as on every other body. */
const ALLOWED_KEYS: Record<string, readonly string[]> = {
  date: ['type', 'date'],
  'working-days': ['type', 'days'],
  'calendar-days': ['type', 'days'],
  none: ['type'],
};

/** Throws the domain's error for a bad deadline, or for fields the deadline's kind does not have. */
function checkDeadline(value: unknown, field: string): void {
  const spec = parseDeadlineSpec(value, field);
  const extra = Object.keys(value as object).filter((k) => !ALLOWED_KEYS[spec.type].includes(k));
  if (extra.length > 0) throw DomainError.invalidField(`${field}.${extra[0]}`, 'should not exist');
}

/** A deadline is a small tagged union; the domain's own parser is the one definition of "valid". */
export function IsDeadlineSpec(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDeadlineSpec',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => {
          try {
            checkDeadline(value, 'deadline');
            return true;
          } catch (error) {
            if (error instanceof DomainError) return false;
            throw error;
          }
        },
        defaultMessage: (args?: ValidationArguments) => {
          try {
            checkDeadline(args?.value, args?.property ?? 'deadline');
          } catch (error) {
            if (error instanceof DomainError) return error.message;
          }
          return 'deadline is not valid';
        },
      },
    });
}
