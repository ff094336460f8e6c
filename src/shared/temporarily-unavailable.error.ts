/**
 * A part the request needs is not ready yet (the read models are restarting or behind): nothing
 * went wrong with the request, and the same request may succeed after `retryAfterSeconds`.
 * The HTTP layer answers 503 with `Retry-After`.
 */
export class TemporarilyUnavailableError extends Error {
  override name = 'TemporarilyUnavailableError';

  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
  }
}
