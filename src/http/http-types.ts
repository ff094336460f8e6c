import type { FastifyReply, FastifyRequest } from 'fastify';

/** The HTTP platform's request and reply (Fastify), named once so handlers do not import it. */
export type HttpRequest = FastifyRequest;
export type HttpReply = FastifyReply;

/** A request header's value; the first one when it was sent several times. */
export function headerOf(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The request's path, without the query string. */
export function pathOf(request: HttpRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}
