import type { HttpReply } from './http-types';
import type { ProblemDocument } from './problem';

/** Answers with an RFC 7807 problem document (and any extra headers, e.g. Retry-After). */
export function sendProblem(
  reply: HttpReply,
  body: ProblemDocument,
  headers: Record<string, string> = {},
): void {
  void reply
    .status(body.status)
    .headers(headers)
    .type('application/problem+json')
    .send(JSON.stringify(body));
}
