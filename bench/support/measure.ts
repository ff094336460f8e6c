import { performance } from 'node:perf_hooks';

/** Shared by the benchmarks that time a running server over HTTP. */

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** The value at `fraction` (0.99 for p99) of an ascending list. */
export const percentile = (sorted: readonly number[], fraction: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];

export interface Answer<T> {
  ms: number;
  bytes: number;
  /** The `Link` header (a next page), if any. */
  link: string | null;
  json: T;
}

/** GET (or POST with `body`) as the bearer of `token`; throws on a status other than 2xx. */
export async function callApi<T = unknown>(
  url: string,
  token: string,
  path: string,
  body?: object,
): Promise<Answer<T>> {
  const started = performance.now();
  const res = await fetch(`${url}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const ms = performance.now() - started;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
  return {
    ms,
    bytes: Buffer.byteLength(text),
    link: res.headers.get('link'),
    json: (text ? JSON.parse(text) : undefined) as T,
  };
}
