import type { Database } from 'better-sqlite3';
import { EVENT_REGISTRY } from '../../event-registry';
import { ConsumerEngine } from '../../event-sourcing/consumer-engine';
import { MemoryEventStore } from '../../event-store/memory/memory-event-store';
import { SqliteConsumerStorage } from '../../read-models/read-model-db';
import { FollowUpScenario } from '../../../test/support/read-models/follow-up-scenario';
import { silentLogger } from '../../../test/support/read-models/project';
import { SmtpSink } from '../../../test/support/smtp-sink';
import { WebhookReceiver } from '../../../test/support/webhook-receiver';
import { EmailChannel } from '../channels/email.channel';
import { WebhookChannel } from '../channels/webhook.channel';
import { openOutboxDb } from './outbox-db';
import { OutboxConsumer } from './outbox.consumer';
import { OutboxSender, type UnitChannels } from './outbox-sender';

const HOUR = 60 * 60_000;

describe('the outbox, against a real SMTP server and a real webhook receiver', () => {
  let store: MemoryEventStore;
  let scenario: FollowUpScenario;
  let db: Database;
  let engine: ConsumerEngine<Database>;
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  let contacts: Map<string, UnitChannels>;
  let sender: OutboxSender;

  beforeEach(async () => {
    store = new MemoryEventStore();
    scenario = new FollowUpScenario(store);
    await scenario.registerUnits([
      { id: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department' },
      { id: 'so-y-te', name: 'Sở Y tế', kind: 'department' },
    ]);
    db = openOutboxDb(':memory:');
    engine = new ConsumerEngine(store, new SqliteConsumerStorage(db), [new OutboxConsumer()], {
      registry: EVENT_REGISTRY,
      logger: silentLogger,
    });
    [smtp, receiver] = await Promise.all([SmtpSink.start(), WebhookReceiver.start()]);
    contacts = new Map([
      [
        'so-noi-vu',
        {
          emails: ['vanthu@snv.example', 'giamdoc@snv.example'],
          webhook: { url: receiver.url(), secret: 'hook-secret-of-so-noi-vu' },
        },
      ],
      ['so-y-te', { emails: ['vanthu@syt.example'], webhook: null }],
    ]);
    sender = new OutboxSender({ ...senderOptions(), random: () => 0 });
  });
  afterEach(async () => {
    db.close();
    await Promise.all([smtp.close(), receiver.close()]);
  });

  async function assignedAndUrged(): Promise<string> {
    const id = await scenario.raise('2026-12-01T02:00:00Z', {
      kind: 'directive',
      title: 'Rà soát thủ tục hành chính',
    });
    await scenario.act(id, '2026-12-01T03:00:00Z', {
      type: 'AssignItem',
      data: { itemId: id, leadUnit: 'so-noi-vu', supportingUnits: ['so-y-te'] },
    });
    await scenario.act(id, '2026-12-02T03:00:00Z', {
      type: 'UrgeItem',
      data: { itemId: id, note: 'Khẩn trương' },
    });
    await engine.catchUp();
    return id;
  }

  it('sends one email per address for all its notifications, and one signed call per notification', async () => {
    const id = await assignedAndUrged();
    // Four to Sở Nội vụ's two addresses, two webhook calls, one to Sở Y tế's address.
    expect(await sender.sweep()).toEqual({ sent: 7, retrying: 0, failed: 0 });

    const to = (address: string) => smtp.messages.filter((m) => m.envelope.to.includes(address));
    expect(smtp.messages).toHaveLength(3);
    for (const address of ['vanthu@snv.example', 'giamdoc@snv.example']) {
      expect(to(address)).toHaveLength(1);
      expect(to(address)[0].subject).toContain('2 thông báo mới');
      expect(to(address)[0].text).toContain(`https://theodoi.tinh.example/#/items/${id}`);
    }
    expect(to('vanthu@syt.example')[0].subject).toContain('1 thông báo mới');
    const calls = receiver.requests.map((r) => JSON.parse(r.rawBody.toString()));
    expect(calls.map((c) => c.kind).sort()).toEqual(['assigned', 'urged']);
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual(
      calls.map((c) => c.id),
    );

    // Nothing goes twice.
    expect(await sender.sweep()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(3);
    expect(sender.list('sent', 50, 0).total).toBe(7);
  });

  it('retries a receiver that fails with backoff until it recovers, then marks it sent', async () => {
    receiver.failNext(2, 503);
    await assignedAndUrged();
    const start = new Date();
    expect((await sender.sweep(start)).retrying).toBe(2);
    // Not before its time.
    expect((await sender.sweep(new Date(start.getTime() + 1_000))).sent).toBe(0);
    const later = await sender.sweep(new Date(start.getTime() + HOUR));
    expect(later).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(sender.list('pending', 50, 0).total).toBe(0);
  });

  it('gives up 24 hours after the first attempt, and shows the admin why', async () => {
    receiver.failNext(1_000, 500);
    await assignedAndUrged();
    const start = Date.now();
    for (let t = start; t <= start + 25 * HOUR; t += HOUR) await sender.sweep(new Date(t));
    const failed = sender.list('failed', 50, 0);
    expect(failed.total).toBe(2);
    expect(failed.items[0]).toMatchObject({ channel: 'webhook', attempts: expect.any(Number) });
    expect(String(failed.items[0].lastError)).toMatch(/500/);
  });

  it('sends nothing outside the window, and no history: only events recorded in the last day', async () => {
    const closed = new OutboxSender({ ...senderOptions(), maySend: async () => false });
    await assignedAndUrged();
    expect(await closed.sweep()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(0);

    const fresh = openOutboxDb(':memory:');
    const dayAfter = () => Date.now() + 25 * HOUR;
    await new ConsumerEngine(
      store,
      new SqliteConsumerStorage(fresh),
      [new OutboxConsumer(dayAfter)],
      {
        registry: EVENT_REGISTRY,
        logger: silentLogger,
      },
    ).catchUp();
    expect(fresh.prepare('SELECT COUNT(*) FROM outbox_notifications').pluck().get()).toBe(0);
    fresh.close();
  });

  function senderOptions(): ConstructorParameters<typeof OutboxSender>[0] {
    return {
      db,
      contactsOf: async (unitId) => contacts.get(unitId),
      email: new EmailChannel({ smtpUrl: smtp.url, from: 'theodoi@tinh.example', timeoutMs: 500 }),
      webhook: new WebhookChannel({ timeoutMs: 300 }),
      maySend: async () => true,
      dashboardUrl: 'https://theodoi.tinh.example',
    };
  }
});
