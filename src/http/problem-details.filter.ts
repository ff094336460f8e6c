import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, type FieldError } from '../shared/domain-error';
import { TemporarilyUnavailableError } from '../shared/temporarily-unavailable.error';
import { ConcurrencyError, StoreUnavailableError } from '../event-store/event-store.port';
import { IdempotencyKeyReusedError } from '../event-sourcing/command-handler';
import { AccessDeniedError } from '../shared/access-denied.error';
import type { HttpReply } from './http-types';
import { problem, ProblemException, type ProblemDocument } from './problem';
import { BODY_LIMIT_BYTES } from './json-body';
import { sendProblem } from './problem-reply';

const DOMAIN_STATUS = { 'not-found': 404, conflict: 409, invalid: 400 } as const;

/**
 * Turns every error into an RFC 7807 answer. Nothing internal (stack, SQL, file paths) ever
 * reaches the client: unknown errors are logged here and answered with a bare 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<HttpReply>();
    const request = host
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined> }>();
    const { body, headers } = this.toProblem(error, request.headers);
    if (body.status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    if (reply.sent) return;
    sendProblem(reply, body, headers);
  }

  private toProblem(
    error: unknown,
    requestHeaders: Record<string, string | undefined>,
  ): { body: ProblemDocument; headers: Record<string, string> } {
    if (error instanceof ProblemException) {
      return { body: error.getResponse() as ProblemDocument, headers: error.headers };
    }
    if (error instanceof DomainError) {
      const errors = error.details?.errors as FieldError[] | undefined;
      return {
        body: problem(DOMAIN_STATUS[error.kind], error.code, error.message, errors),
        headers: {},
      };
    }
    if (error instanceof AccessDeniedError) {
      return { body: problem(403, 'AUTH.FORBIDDEN', error.message), headers: {} };
    }
    if (error instanceof ConcurrencyError) {
      // If-Match pinned the revision: the client's view is stale (412). Otherwise retries ran out (409).
      const pinned = requestHeaders['if-match'] !== undefined;
      return {
        body: pinned
          ? problem(412, 'CONCURRENCY', 'The item has changed since the revision in If-Match')
          : problem(409, 'CONCURRENCY', 'The item was changed by another request; try again'),
        headers: {},
      };
    }
    if (error instanceof IdempotencyKeyReusedError) {
      return {
        body: problem(
          422,
          'IDEMPOTENCY.KEY_REUSED',
          'This Idempotency-Key was used with a different request',
        ),
        headers: {},
      };
    }
    if (error instanceof TemporarilyUnavailableError) {
      return {
        body: problem(503, error.code, error.message),
        headers: { 'Retry-After': String(error.retryAfterSeconds) },
      };
    }
    if (error instanceof StoreUnavailableError) {
      return {
        body: problem(
          503,
          'STORE.UNAVAILABLE',
          'The event store is unavailable; try again shortly',
        ),
        headers: { 'Retry-After': '2' },
      };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      // Fastify refuses these before any route runs (see json-body.ts).
      if (status === 413) {
        const detail = `Request bodies are limited to ${BODY_LIMIT_BYTES} bytes`;
        return { body: problem(413, 'BODY.TOO_LARGE', detail), headers: {} };
      }
      if (status === 415) {
        const detail = 'Send the request body as application/json';
        return { body: problem(415, 'BODY.NOT_JSON', detail), headers: {} };
      }
      return { body: problem(status, `HTTP.${status}`, httpDetail(error)), headers: {} };
    }
    return { body: problem(500, 'INTERNAL', 'Something went wrong on our side'), headers: {} };
  }
}

function httpDetail(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
}
