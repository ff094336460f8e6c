import { json, type NextFunction, type Request, type Response } from 'express';
import { problem } from './problem';

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
    if (error) return next(error);
    if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      sendProblem(
        res,
        problem(400, 'BODY.NOT_AN_OBJECT', 'The request body must be a JSON object'),
      );
      return;
    }
    next();
  });
}

function sendProblem(res: Response, body: ReturnType<typeof problem>): void {
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}
