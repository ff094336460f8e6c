import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemException, type FieldError } from './problem';

/** Flattens class-validator's nested errors into `{ field: 'a.b[0].c', message }` pairs. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/** DTO validation at the edge: unknown fields are refused, not stripped silently. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new ProblemException(400, 'VALIDATION', 'The request is not valid', toFieldErrors(errors)),
  });
}
