import { DomainError } from '../shared/domain-error';
import { TemporarilyUnavailableError } from '../shared/temporarily-unavailable.error';

/** Every read-model query waits first for `minPosition` (read-your-writes), when given. */
export interface ReadYourWrites {
  minPosition?: bigint;
}

/** How long a query waits for the read models to reach `minPosition` (API.md: 5 s). */
export const MIN_POSITION_WAIT_MS = 5_000;

const POSITION = /^\d{1,20}$/;

/** Parses `?minPosition=` (a global log position, decimal); 400 when it is not one. */
export function parseMinPosition(value: unknown): bigint | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !POSITION.test(value) || BigInt(value) > 2n ** 64n - 1n) {
    throw DomainError.invalidField(
      'minPosition',
      'must be a log position (a non-negative whole number)',
    );
  }
  return BigInt(value);
}

/** The 503 of API.md when the read models have not reached `minPosition` in time. */
export function notCaughtUp(position: bigint): TemporarilyUnavailableError {
  return new TemporarilyUnavailableError(
    'READ_MODEL.NOT_CAUGHT_UP',
    `The read models have not reached position ${position} yet; retry shortly`,
  );
}
