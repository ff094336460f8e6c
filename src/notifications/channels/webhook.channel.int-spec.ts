import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookReceiver } from '../../../test/support/webhook-receiver';
import type { Notification } from '../notification';
import { WebhookChannel } from './webhook.channel';

const secret = 's3cr3t-of-so-noi-vu';
const notification: Notification = {
  id: '0192f3a4-5b6c-7d8e-9f00-112233445566',
  kind: 'overdue',
  itemId: '0192f3a4-0000-7000-8000-000000000001',
  itemTitle: 'Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2026',
  unitId: 'so-noi-vu',
  createdAt: '2026-03-02T01:30:00.000Z',
};

/** What a receiver does: HMAC-SHA256 over the body's bytes as they arrived, compared safely. */
function signatureVerifies(rawBody: Buffer, header: string | string[] | undefined): boolean {
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`,
  );
  const given = Buffer.from(String(header));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('WebhookChannel against a real HTTP receiver', () => {
  let receiver: WebhookReceiver;
  const channel = new WebhookChannel({ timeoutMs: 300 });

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('posts the notification as JSON, signed over the raw body and keyed by its id', async () => {
    const result = await channel.deliver({ url: receiver.url(), secret }, notification);

    expect(result).toEqual({ ok: true });
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hooks/follow-up');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe(notification.id);
    expect(request.headers['x-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signatureVerifies(request.rawBody, request.headers['x-signature'])).toBe(true);
    expect(JSON.parse(request.rawBody.toString('utf8'))).toEqual(notification);
  });

  it('signs with the unit secret: another secret does not verify, nor does an altered body', async () => {
    await channel.deliver({ url: receiver.url(), secret: 'another-secret' }, notification);
    await channel.deliver({ url: receiver.url(), secret }, notification);

    const [otherSecret, right] = receiver.requests;
    expect(signatureVerifies(otherSecret.rawBody, otherSecret.headers['x-signature'])).toBe(false);
    expect(signatureVerifies(right.rawBody, right.headers['x-signature'])).toBe(true);
    const altered = Buffer.from(right.rawBody.toString('utf8').replace('overdue', 'due-soon'));
    expect(signatureVerifies(altered, right.headers['x-signature'])).toBe(false);
  });

  it('reports a 500 as retryable, and delivers the same request once the receiver recovers', async () => {
    receiver.failNext(2);
    const target = { url: receiver.url(), secret };

    const first = await channel.deliver(target, notification);
    const second = await channel.deliver(target, notification);
    const third = await channel.deliver(target, notification);

    expect(first).toEqual({ ok: false, retryable: true, error: expect.stringContaining('500') });
    expect(second).toMatchObject({ ok: false, retryable: true });
    expect(third).toEqual({ ok: true });
    // Every attempt is the same request: a receiver that processed one drops the others by key.
    const keys = receiver.requests.map((request) => request.headers['idempotency-key']);
    expect(keys).toEqual([notification.id, notification.id, notification.id]);
    const bodies = new Set(receiver.requests.map((request) => request.rawBody.toString('hex')));
    expect(bodies.size).toBe(1);
  });

  it('retries 408, 429 and 5xx answers; other 4xx answers and redirects are final', async () => {
    const target = { url: receiver.url(), secret };
    const outcomes: Record<number, boolean | undefined> = {};
    for (const status of [408, 429, 502, 503, 400, 401, 403, 404, 410, 422, 302]) {
      receiver.failNext(1, status);
      const result = await channel.deliver(target, notification);
      outcomes[status] = result.ok ? undefined : result.retryable;
    }

    expect(outcomes).toEqual({
      408: true,
      429: true,
      502: true,
      503: true,
      400: false,
      401: false,
      403: false,
      404: false,
      410: false,
      422: false,
      302: false,
    });
  });

  it('gives up on a hanging receiver within the timeout, failing that delivery only', async () => {
    const healthy = await WebhookReceiver.start();
    try {
      receiver.hang();

      const [hung, delivered] = await Promise.all([
        channel.deliver({ url: receiver.url(), secret }, notification),
        channel.deliver({ url: healthy.url(), secret }, notification),
      ]);

      expect(hung).toEqual({
        ok: false,
        retryable: true,
        error: 'Webhook did not answer within 300 ms',
      });
      expect(delivered).toEqual({ ok: true });
      expect(healthy.requests).toHaveLength(1);

      receiver.recover();
      expect(await channel.deliver({ url: receiver.url(), secret }, notification)).toEqual({
        ok: true,
      });
    } finally {
      await healthy.close();
    }
  });

  it('reports a receiver that is not listening as retryable', async () => {
    const gone = await WebhookReceiver.start();
    const url = gone.url();
    await gone.close();

    const result = await channel.deliver({ url, secret }, notification);

    expect(result).toEqual({
      ok: false,
      retryable: true,
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('refuses a plain-http URL off this machine without sending anything', async () => {
    const result = await channel.deliver(
      { url: 'http://hooks.example.invalid/follow-up', secret },
      notification,
    );

    expect(result).toEqual({
      ok: false,
      retryable: false,
      error: 'Webhook URL must be an https:// URL (http:// only to localhost)',
    });
    // The same receiver over http on loopback is fine, also when named localhost.
    expect(
      await channel.deliver({ url: `http://localhost:${receiver.port}/x`, secret }, notification),
    ).toEqual({ ok: true });
  });
});
