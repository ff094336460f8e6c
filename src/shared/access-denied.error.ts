/** The caller's role or unit does not allow this act (403). */
export class AccessDeniedError extends Error {
  override name = 'AccessDeniedError';
}
