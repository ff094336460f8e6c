import { createHmac } from 'node:crypto';
import type { Notification } from '../notification';
import { webhookUrlProblem } from '../../shared/webhook-url';
import { DELIVERED, deliveryFailed, type DeliveryResult } from './delivery';

/** A unit's webhook, as `PUT /api/units/{id}/contacts` records it. */
export interface WebhookTarget {
  url: string;
  /** Key of the HMAC-SHA256 in `X-Signature`. */
  secret: string;
}

/** The body of a test call. */
export interface WebhookTest {
  id: string;
  kind: 'test';
  unitId: string;
  createdAt: string;
}

export interface WebhookChannelOptions {
  /** Whole request, answer included: a hanging receiver fails its own delivery only. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
/** Of a failed answer's body, this much goes into the error an admin reads. */
const ERROR_BODY_BYTES = 200;

/**
 * Delivers one notification to a unit's webhook: `POST` of its JSON with `X-Signature:
 * sha256=<hex HMAC-SHA256 of the body's bytes>` and `Idempotency-Key: <notification id>`, so a
 * receiver can check who sent it and drop the duplicates that at-least-once delivery brings.
 * 2xx is delivered; 408, 429, 5xx, network errors and timeouts are worth retrying; any other
 * answer (a 4xx, a redirect, which is not followed) will not change by retrying.
 */
export class WebhookChannel {
  private readonly timeoutMs: number;

  constructor(options: WebhookChannelOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  deliver(target: WebhookTarget, notification: Notification): Promise<DeliveryResult> {
    return this.post(target, notification.id, notification);
  }

  /**
   * A test call an admin asked for: the same signature and headers as a notification, with a
   * body of kind `test` (`{ id, kind: 'test', unitId, createdAt }`) that a receiver can tell apart.
   */
  deliverTest(target: WebhookTarget, test: WebhookTest): Promise<DeliveryResult> {
    return this.post(target, test.id, test);
  }

  private async post(
    target: WebhookTarget,
    idempotencyKey: string,
    payload: object,
  ): Promise<DeliveryResult> {
    const problem = webhookUrlProblem(target.url);
    if (problem) return deliveryFailed(false, `Webhook URL ${problem}`);
    // The bytes signed are the bytes sent: the receiver verifies over the raw body it read.
    const body = Buffer.from(JSON.stringify(payload), 'utf8');
    const signature = createHmac('sha256', target.secret).update(body).digest('hex');
    let response: Response;
    try {
      response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Signature': `sha256=${signature}`,
          'Idempotency-Key': idempotencyKey,
        },
        body,
        // A redirect would send the signed body somewhere the admin did not name (or over http).
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return deliveryFailed(true, this.describeFailure(error));
    }
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel().catch(() => undefined);
      return DELIVERED;
    }
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    const excerpt = await readExcerpt(response);
    return deliveryFailed(
      retryable,
      `Webhook answered ${response.status}${excerpt ? `: ${excerpt}` : ''}`,
    );
  }

  private describeFailure(error: unknown): string {
    // Duck-typed: fetch's errors come from Node's own realm, where `instanceof Error` of a
    // sandbox (a test runner's VM context) does not hold.
    const failure = error as { name?: unknown; message?: unknown; cause?: unknown } | undefined;
    if (failure?.name === 'TimeoutError') {
      return `Webhook did not answer within ${this.timeoutMs} ms`;
    }
    // fetch reports network errors as "fetch failed" with the socket's error as the cause.
    const cause = failure?.cause as { code?: unknown; message?: unknown } | undefined;
    const reason = cause?.message
      ? `${String(cause.code ?? 'error')}: ${String(cause.message)}`
      : String(failure?.message ?? error);
    return `Webhook unreachable (${reason})`;
  }
}

/** The start of an answer's body, without waiting for (or holding) the rest. */
async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  try {
    const { value } = await reader.read();
    return value
      ? Buffer.from(value.subarray(0, ERROR_BODY_BYTES))
          .toString('utf8')
          .replace(/\s+/g, ' ')
          .trim()
      : '';
  } catch {
    return '';
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
