import type { FastifyInstance } from 'fastify';
import { problem, ProblemException, type ProblemDocument } from './problem';

/** API.md: request bodies over 64 KiB are refused with 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** No request of this API nests deeper than this; deeper input only serves to exhaust the stack. */
const MAX_DEPTH = 16;
/** Keys that reach object prototypes in naive merges; no DTO has them. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** application/json and application/*+json, with or without parameters (charset). */
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;.*)?$/i;
const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Body handling for writes, before any route: a body must be JSON (415 otherwise), UTF-8, at most
 * 64 KiB (413), well-formed (400), a JSON object (400), not deeper than 16 levels and without
 * prototype keys (400). A write without a body reads as `{}` (e.g. acknowledge). What goes wrong
 * here reaches `ProblemDetailsFilter` through Nest's error handler; Fastify's own refusals (too
 * large, no parser for the type) arrive there as 413 and 415.
 */
export function registerJsonBody(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    JSON_TYPE,
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (request, body, done) => {
      if (body === '') return done(null, {});
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '');
      if (charset && !/^utf-?8$/i.test(charset[1])) {
        done(bodyProblem(problem(415, 'BODY.UNSUPPORTED_ENCODING', 'Send the body as UTF-8 JSON')));
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body as string);
      } catch {
        done(
          bodyProblem(problem(400, 'BODY.MALFORMED_JSON', 'The request body is not valid JSON')),
        );
        return;
      }
      const shapeProblem = checkShape(parsed);
      if (shapeProblem) done(bodyProblem(shapeProblem));
      else done(null, parsed);
    },
  );
  // Anything else that comes with a body is not JSON. Fastify asks a parser whenever there is a
  // Content-Type, so an empty body under another type (fetch sends text/plain) lands here too.
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    if (isEmpty(request.headers)) return done(null, {});
    done(bodyProblem(problem(415, 'BODY.NOT_JSON', 'Send the request body as application/json')));
  });
  fastify.addHook('preValidation', async (request) => {
    if (WRITES.has(request.method) && request.body === undefined) request.body = {};
  });
}

/** No body at all: no Content-Length but 0, and not chunked. */
function isEmpty(headers: { 'content-length'?: string; 'transfer-encoding'?: string }): boolean {
  return headers['transfer-encoding'] === undefined && Number(headers['content-length'] ?? 0) === 0;
}

function bodyProblem(document: ProblemDocument): ProblemException {
  return new ProblemException(document.status, document.code, document.detail, document.errors);
}

/** Walks the parsed body without recursion (a deep body must not overflow our own stack). */
function checkShape(body: unknown): ProblemDocument | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return problem(400, 'BODY.NOT_AN_OBJECT', 'The request body must be a JSON object');
  }
  const stack: [unknown, number][] = [[body, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_DEPTH) {
      return problem(
        400,
        'BODY.TOO_DEEP',
        `The request body nests deeper than ${MAX_DEPTH} levels`,
      );
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        return problem(400, 'VALIDATION', 'The request is not valid', [
          { field: key, message: `property ${key} should not exist` },
        ]);
      }
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return undefined;
}
