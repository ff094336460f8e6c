import { DomainError } from '../shared/domain-error';

/**
 * Input checks the decider applies to command data. The HTTP layer validates too, but commands also
 * come from the CLI and seeds, and a stored event must never hold a shape readers do not expect.
 */

/** Longest free text kept in an event; longer is almost certainly a pasted document. */
const MAX_TEXT = 10_000;

export function requiredText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw DomainError.invalidField(field, 'must be a non-empty string');
  }
  if (value.length > MAX_TEXT) {
    throw DomainError.invalidField(field, `must be at most ${MAX_TEXT} characters`);
  }
  return value.trim();
}

/** Absent or blank → null, so events never mix missing, empty and null. */
export function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw DomainError.invalidField(field, 'must be a string');
  return value.trim() === '' ? null : requiredText(value, field);
}

export function optionalBoolean(value: unknown, field: string): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'boolean') throw DomainError.invalidField(field, 'must be true or false');
  return value;
}

export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw DomainError.invalidField(
      field,
      `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
    );
  }
  return value as T;
}

/** A list of unit ids, duplicates dropped, order kept. */
export function unitList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw DomainError.invalidField(field, 'must be a list of unit ids');
  return [...new Set(value.map((v, i) => requiredText(v, `${field}[${i}]`)))];
}
