import { createHash, randomUUID } from 'node:crypto';
import { headerOf, pathOf, type HttpRequest } from './http-types';
import type { Principal } from '../shared/principal';
import { canonicalJson } from '../event-sourcing/hash-chain';
import type { CommandMetadata } from '../event-sourcing/command-handler';
import { isValidInstant } from '../shared/calendar/local-date';
import { ProblemException } from './problem';

/** Clock skew we forgive between a client saying "now" and our clock. */
const FUTURE_TOLERANCE_MS = 2 * 60 * 1000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const IF_MATCH = /^(?:W\/)?"(\d{1,18})"$/;

/**
 * Who, when and which attempt, taken from the request: the actor from the token, the business time
 * (`occurredAt` in the body, default now), If-Match, Idempotency-Key and a correlation id.
 */
export function commandMetadataFrom(
  request: HttpRequest,
  principal: Principal,
  { occurredAt, now = new Date() }: { occurredAt?: string; now?: Date } = {},
): CommandMetadata {
  const errors: { field: string; message: string }[] = [];
  let businessTime = now.toISOString();
  if (occurredAt !== undefined) {
    if (!isValidInstant(occurredAt)) {
      errors.push({ field: 'occurredAt', message: 'must be an ISO 8601 time with an offset' });
    } else if (Date.parse(occurredAt) > now.getTime() + FUTURE_TOLERANCE_MS) {
      errors.push({ field: 'occurredAt', message: 'must not be in the future' });
    } else {
      businessTime = new Date(occurredAt).toISOString();
    }
  }
  const key = headerOf(request, 'idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    errors.push({ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' });
  }
  const ifMatch = headerOf(request, 'if-match');
  const pinned = ifMatch === undefined ? undefined : IF_MATCH.exec(ifMatch.trim());
  if (ifMatch !== undefined && !pinned) {
    errors.push({ field: 'If-Match', message: 'must be a quoted revision such as "3"' });
  }
  if (errors.length > 0)
    throw new ProblemException(400, 'VALIDATION', 'The request is not valid', errors);

  const correlation = headerOf(request, 'x-correlation-id');
  return {
    actor: {
      sub: principal.sub,
      role: principal.role,
      unit: principal.unit ?? null,
      name: principal.name,
    },
    occurredAt: businessTime,
    correlationId: correlation && /^[\w.-]{1,100}$/.test(correlation) ? correlation : randomUUID(),
    causationId: null,
    commandId: randomUUID(),
    ...(key ? { idempotencyKey: key, requestHash: requestFingerprint(request, principal) } : {}),
    ...(pinned ? { expectedRevision: BigInt(pinned[1]) } : {}),
  };
}

/** Same caller, same route, same body: the fingerprint an idempotent retry must match. */
export function requestFingerprint(request: HttpRequest, principal: Principal): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        sub: principal.sub,
        method: request.method,
        path: pathOf(request),
        body: request.body ?? {},
      }),
    )
    .digest('hex');
}
