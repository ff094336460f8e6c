import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import type { FieldError } from '../shared/domain-error';
import { ProblemException } from './problem';

/** Flattens class-validator's nested errors into `{ field: 'a.b[0].c', message }` pairs. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/** Unknown fields are refused, not stripped silently; every complaint is reported at once. */
const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: false,
  // The errors name the field; the refused value and the whole object need not ride along.
  validationError: { target: false, value: false },
};

/** Parameters typed with these are taken as they come (ids in the path are strings). */
const PLAIN_TYPES = new Set<unknown>([String, Boolean, Number, Array, Object, Buffer, Date]);

/**
 * DTO validation at the edge: a body or query typed with a DTO class becomes an instance of it,
 * checked by its class-validator decorators, or the request is refused with 400 naming each field.
 *
 * Nest's `ValidationPipe` with the same options does the same at almost twice the cost (13 µs a
 * command against 7.5, on the event loop that runs every command). Our bodies have already
 * passed the JSON rules of `json-body.ts` (an object, no prototype keys), which that pipe would
 * strip again; parameters other than DTOs are not converted (none is typed as a number).
 */
export class DtoValidationPipe implements PipeTransform {
  async transform(value: unknown, { metatype, type }: ArgumentMetadata): Promise<unknown> {
    if (type === 'custom' || !metatype || PLAIN_TYPES.has(metatype)) return value;
    const entity = plainToInstance(metatype, value ?? {}) as object;
    const errors = await validate(entity, VALIDATOR_OPTIONS);
    if (errors.length > 0) {
      throw new ProblemException(
        400,
        'VALIDATION',
        'The request is not valid',
        toFieldErrors(errors),
      );
    }
    return entity;
  }
}
