import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as it arrived: the body's exact bytes, for checking a signature over them. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

/**
 * A real HTTP peer for webhook tests: a `node:http` server on a free loopback port that records
 * every request and answers 204, or as told: an error status for the next N requests, or no
 * answer at all (a hanging receiver) until it recovers.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private failures: { remaining: number; status: number } = { remaining: 0, status: 500 };
  private hanging = false;
  private readonly held = new Set<ServerResponse>();

  private readonly server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () =>
      this.answer(
        {
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          rawBody: Buffer.concat(chunks),
        },
        response,
      ),
    );
  });

  private constructor() {}

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve, reject) => {
      receiver.server.once('error', reject);
      receiver.server.listen(0, '127.0.0.1', resolve);
    });
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port><path>`. */
  url(path = '/hooks/follow-up'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Answers `status` (500 unless told) to the next `count` requests, then 204 again. */
  failNext(count: number, status = 500): void {
    this.failures = { remaining: count, status };
  }

  /** Reads each request and never answers it, until `recover()`. */
  hang(): void {
    this.hanging = true;
  }

  /** Answers normally again, and lets the requests held so far end unanswered. */
  recover(): void {
    this.hanging = false;
    this.failures = { remaining: 0, status: 500 };
    this.dropHeld();
  }

  async close(): Promise<void> {
    this.dropHeld();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private answer(request: ReceivedRequest, response: ServerResponse): void {
    this.requests.push(request);
    if (this.hanging) {
      this.held.add(response);
      return;
    }
    if (this.failures.remaining > 0) {
      this.failures.remaining -= 1;
      response.writeHead(this.failures.status, { 'Content-Type': 'text/plain' });
      response.end(`receiver told to fail (${this.failures.status})`);
      return;
    }
    response.writeHead(204).end();
  }

  private dropHeld(): void {
    for (const response of this.held) response.destroy();
    this.held.clear();
  }
}
