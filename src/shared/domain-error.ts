/**
 * The category of a refusal, so the HTTP layer can pick a status without knowing every code:
 * - `not-found` (404): the target does not exist;
 * - `conflict` (409): the act is not allowed in the target's current state;
 * - `invalid` (400): the request itself is wrong (bad field, a date before the item was raised...).
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'invalid';

/**
 * Stable error codes of the shared kernel and the follow-up domain. Clients match on them, so a code
 * is never renamed once released; add a new one instead. Each code has exactly one kind.
 */
export const DOMAIN_ERROR_KINDS = {
  VALIDATION: 'invalid',
  'CALENDAR.INVALID': 'invalid',
  'ITEM.NOT_FOUND': 'not-found',
  'ITEM.ALREADY_EXISTS': 'conflict',
  'ITEM.ILLEGAL_TRANSITION': 'conflict',
  'ITEM.NOT_A_RECOMMENDATION': 'conflict',
  'ITEM.NO_COMPLETION_REPORT': 'conflict',
  'ITEM.NO_PENDING_EXTENSION': 'conflict',
  'ITEM.EXTENSION_ALREADY_PENDING': 'conflict',
  'ITEM.NO_DEADLINE': 'conflict',
  'ITEM.EXTENSION_NOT_LATER': 'invalid',
  'ITEM.LEAD_UNIT_ALSO_SUPPORTING': 'invalid',
  'ITEM.OCCURRED_BEFORE_RAISED': 'invalid',
  'ITEM.ACT_OUT_OF_ORDER': 'conflict',
  'ITEM.PROGRESS_LIMIT': 'conflict',
} as const satisfies Record<string, DomainErrorKind>;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_KINDS;

/** A field-level problem, shaped like an RFC 7807 `errors[]` entry. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * A business rule refused a command. Thrown by pure domain code; nothing was appended.
 * `details.errors` (when present) is a list of {@link FieldError}s the HTTP layer can pass on as is.
 */
export class DomainError extends Error {
  readonly kind: DomainErrorKind;

  /**
   * `kind` defaults to the one registered for `code` in {@link DOMAIN_ERROR_KINDS}; other modules may
   * use their own codes (e.g. `UNIT.NOT_FOUND`) and then say the kind, else it is `invalid`.
   */
  constructor(
    readonly code: DomainErrorCode | (string & {}),
    message: string,
    readonly details?: Record<string, unknown>,
    kind?: DomainErrorKind,
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind ?? (DOMAIN_ERROR_KINDS as Record<string, DomainErrorKind>)[code] ?? 'invalid';
  }

  /** A `VALIDATION` error naming the offending field. */
  static invalidField(field: string, message: string): DomainError {
    return new DomainError('VALIDATION', `${field}: ${message}`, { errors: [{ field, message }] });
  }
}
