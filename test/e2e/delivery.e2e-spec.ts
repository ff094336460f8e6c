import { createHmac } from 'node:crypto';
import { Outbox } from '../../src/notifications/outbox/outbox.service';
import { SmtpSink } from '../support/smtp-sink';
import { registerTestUnits, startTestApp, type TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

/** Thu 3 Dec 2026, 09:00 in Hà Nội: inside the default send window on a working day. */
const IN_THE_WINDOW = new Date('2026-12-03T02:00:00Z');
const SECRET = 'webhook-secret-of-so-noi-vu';

describe('delivery of notifications by email and webhook, through the running application', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  let outbox: Outbox;
  const admin = () => `Bearer ${t.token('admin')}`;
  const office = () => `Bearer ${t.token('office')}`;

  beforeAll(async () => {
    [smtp, receiver] = await Promise.all([SmtpSink.start(), WebhookReceiver.start()]);
    t = await startTestApp({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'theodoi@tinh.example',
        DASHBOARD_URL: 'https://theodoi.tinh.example',
        DELIVERY_INTERVAL_MS: '0',
      },
    });
    await registerTestUnits(t);
    outbox = t.app.get(Outbox);
    await t.http
      .put('/api/units/so-noi-vu/contacts')
      .set('Authorization', admin())
      .send({
        emails: ['vanthu@snv.example'],
        webhook: { url: receiver.url(), secret: SECRET },
      })
      .expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([smtp?.close(), receiver?.close()]);
  });

  it('emails the lead unit and calls its webhook, signed, once; the admin sees them sent', async () => {
    const raised = await t.http
      .post('/api/items')
      .set('Authorization', office())
      .send({ kind: 'directive', title: 'Báo cáo tình hình giải ngân' })
      .expect(201);
    const assigned = await t.http
      .post(`/api/items/${raised.body.id}/assign`)
      .set('Authorization', office())
      .send({ leadUnit: 'so-noi-vu', supportingUnits: ['so-y-te'] })
      .expect(200);
    expect(await outbox.planned(BigInt(assigned.body.position))).toBe(true);

    expect(await outbox.sweep(IN_THE_WINDOW)).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].envelope.to).toEqual(['vanthu@snv.example']);
    expect(smtp.messages[0].text).toContain('Báo cáo tình hình giải ngân');
    expect(smtp.messages[0].text).toContain(
      `https://theodoi.tinh.example/#/items/${raised.body.id}`,
    );
    expect(receiver.requests).toHaveLength(1);
    const [call] = receiver.requests;
    const signature = createHmac('sha256', SECRET).update(call.rawBody).digest('hex');
    expect(call.headers['x-signature']).toBe(`sha256=${signature}`);
    const notification = JSON.parse(call.rawBody.toString());
    expect(notification).toMatchObject({ kind: 'assigned', itemId: raised.body.id });
    expect(call.headers['idempotency-key']).toBe(notification.id);

    // The same id is in the lead unit's inbox.
    const inbox = await t.http
      .get('/api/notifications')
      .set('Authorization', `Bearer ${t.token('unit', 'so-noi-vu')}`)
      .expect(200);
    expect(inbox.body.items.map((n: { id: string }) => n.id)).toContain(notification.id);

    expect(await outbox.sweep(IN_THE_WINDOW)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const sent = await t.http
      .get('/api/notifications/deliveries?status=sent')
      .set('Authorization', admin())
      .expect(200);
    expect(sent.body.total).toBe(2);
    expect(sent.body.items.map((d: { channel: string }) => d.channel).sort()).toEqual([
      'email',
      'webhook',
    ]);
    await t.http.get('/api/notifications/deliveries').set('Authorization', office()).expect(403);
    await t.http
      .get('/api/notifications/deliveries?status=lost')
      .set('Authorization', admin())
      .expect(400);
  });

  it('waits for the send window: nothing leaves on a Saturday', async () => {
    const raised = await t.http
      .post('/api/items')
      .set('Authorization', office())
      .send({ kind: 'directive', title: 'Cuối tuần' })
      .expect(201);
    const assigned = await t.http
      .post(`/api/items/${raised.body.id}/assign`)
      .set('Authorization', office())
      .send({ leadUnit: 'so-noi-vu' })
      .expect(200);
    await outbox.planned(BigInt(assigned.body.position));
    const before = smtp.messages.length;
    expect(await outbox.sweep(new Date('2026-12-05T02:00:00Z'))).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    });
    expect(smtp.messages).toHaveLength(before);
    // Monday morning, it goes.
    expect((await outbox.sweep(new Date('2026-12-07T02:00:00Z'))).sent).toBe(2);
  });
});
