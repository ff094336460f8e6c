import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { DomainError } from '../../shared/domain-error';
import { parseDeadlineSpec } from '../deadline';

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
            parseDeadlineSpec(value, 'deadline');
            return true;
          } catch (error) {
            if (error instanceof DomainError) return false;
            throw error;
          }
        },
        defaultMessage: (args?: ValidationArguments) => {
          try {
            parseDeadlineSpec(args?.value, args?.property ?? 'deadline');
          } catch (error) {
            if (error instanceof DomainError) return error.message;
          }
          return 'deadline is not valid';
        },
      },
    });
}
