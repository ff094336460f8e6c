import { HttpException } from '@nestjs/common';
import type { FieldError } from '../shared/domain-error';

/** RFC 7807 problem document as API.md defines it. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
): ProblemDocument {
  return {
    type: `urn:follow-up:problem:${code.toLowerCase()}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** Throw this anywhere in the HTTP layer to answer with a problem document. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(problem(status, code, detail, errors), status);
  }
}
