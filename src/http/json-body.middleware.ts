import { json, type NextFunction, type Request, type Response } from 'express';
import { problem, type ProblemDocument } from './problem';

/** API.md: request bodies over 64 KiB are refused with 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;

const parseJson = json({ limit: BODY_LIMIT_BYTES, strict: true, type: () => true });

/**
 * Body handling for writes: a body must be JSON (415 otherwise) and a JSON object (400 otherwise);
 * a write without a body reads as `{}` (e.g. acknowledge).
 */
export function jsonBody(req: Request, res: Response, next: NextFunction): void {
  if (!['POST', 'PUT', 'PATCH'].includes(req.method)) return next();
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 ||
    req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) {
    req.body = {};
    return next();
  }
  if (!req.is('application/json') && !req.is('application/*+json')) {
    sendProblem(res, problem(415, 'BODY.NOT_JSON', 'Send the request body as application/json'));
    return;
  }
  parseJson(req, res, (error?: unknown) => {
    if (error) {
      sendProblem(res, bodyParserProblem(error));
      return;
    }
    if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      sendProblem(
        res,
        problem(400, 'BODY.NOT_AN_OBJECT', 'The request body must be a JSON object'),
      );
      return;
    }
    const shapeProblem = checkShape(req.body);
    if (shapeProblem) {
      sendProblem(res, shapeProblem);
      return;
    }
    next();
  });
}

function sendProblem(res: Response, body: ProblemDocument): void {
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/** No request of this API nests deeper than this; deeper input only serves to exhaust the stack. */
const MAX_DEPTH = 16;
/** Keys that reach object prototypes in naive merges; no DTO has them. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Walks the parsed body without recursion (a deep body must not overflow our own stack). */
function checkShape(body: object): ProblemDocument | undefined {
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

/** Express's body parser reports what went wrong in `type`; answer it here, before any route. */
function bodyParserProblem(error: unknown): ProblemDocument {
  const e = error as { type?: string; limit?: number };
  switch (e?.type) {
    case 'entity.too.large':
      return problem(
        413,
        'BODY.TOO_LARGE',
        `Request bodies are limited to ${e.limit ?? BODY_LIMIT_BYTES} bytes`,
      );
    case 'entity.parse.failed':
      return problem(400, 'BODY.MALFORMED_JSON', 'The request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem(415, 'BODY.UNSUPPORTED_ENCODING', 'Send the body as UTF-8 JSON');
    default:
      return problem(400, 'BODY.UNREADABLE', 'The request body could not be read');
  }
}
