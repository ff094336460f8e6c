import { CommandBus } from '@nestjs/cqrs';
import { FireReminderCommand } from '../../src/reminders/application/fire-reminder';
import { ReminderEngine } from '../../src/reminders/application/reminder-engine';
import { registerTestUnits, startTestApp, type TestApp } from '../support/test-app';

/** Thu 3 Dec 2026, 09:00 in Hà Nội: inside the default send window on a working day. */
const THURSDAY_MORNING = new Date('2026-12-03T02:00:00Z');

describe('the reminder engine', () => {
  let t: TestApp;
  let engine: ReminderEngine;
  const office = () => `Bearer ${t.token('office')}`;

  beforeAll(async () => {
    // Ticks are driven by the test; the engine's own timer is off.
    t = await startTestApp({ env: { REMINDER_INTERVAL_MS: '0' } });
    await registerTestUnits(t);
    engine = t.app.get(ReminderEngine);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A directive assigned on 5 Jan 2026 to Sở Nội vụ, due on `dueDate`. */
  async function assignedItem(dueDate: string): Promise<{ id: string; position: string }> {
    const raised = await t.http
      .post('/api/items')
      .set('Authorization', office())
      .send({ kind: 'directive', title: `Hạn ${dueDate}`, occurredAt: '2026-01-05T02:00:00Z' })
      .expect(201);
    const assigned = await t.http
      .post(`/api/items/${raised.body.id}/assign`)
      .set('Authorization', office())
      .send({
        leadUnit: 'so-noi-vu',
        deadline: { type: 'date', date: dueDate },
        occurredAt: '2026-01-05T03:00:00Z',
      })
      .expect(200);
    return { id: raised.body.id, position: assigned.body.position };
  }

  /** Waits until the read models (the agenda among them) have seen `position`. */
  async function caughtUp(position: string): Promise<void> {
    await t.http
      .get(`/api/items?minPosition=${position}&pageSize=1`)
      .set('Authorization', office())
      .expect(200);
  }

  async function reminders(id: string) {
    const history = await t.http
      .get(`/api/items/${id}/history`)
      .set('Authorization', office())
      .expect(200);
    return (
      history.body as { type: string; data: Record<string, unknown>; actor: object }[]
    ).filter((e) => e.type === 'ReminderFired');
  }

  it('fires only the latest rule for an item first seen long overdue, once, as the system', async () => {
    const { id, position } = await assignedItem('2026-01-19');
    await caughtUp(position);

    expect(await engine.tick(THURSDAY_MORNING)).toBe(1);
    expect(await reminders(id)).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          ruleId: 'overdue-5',
          anchor: '2026-01-19',
          notify: ['lead-unit', 'office', 'leader'],
          leadUnit: 'so-noi-vu',
        }),
        actor: expect.objectContaining({ sub: 'reminder-engine', role: 'system' }),
      }),
    ]);

    const head = await t.store.headPosition();
    await caughtUp(head.toString());
    expect(await engine.tick(THURSDAY_MORNING)).toBe(0);
    expect(await t.store.headPosition()).toBe(head);
  });

  it('records a reminder once when two instances fire it at the same moment', async () => {
    const { id, position } = await assignedItem('2026-02-27');
    await caughtUp(position);
    const bus = t.app.get(CommandBus);
    const reminder = {
      itemId: id,
      ruleId: 'overdue-0',
      when: 'overdue',
      workingDays: 0,
      anchor: '2026-02-27',
      notify: ['lead-unit'],
    };
    const at = THURSDAY_MORNING.toISOString();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => bus.execute(new FireReminderCommand(reminder, at))),
    );
    expect(results.map((r) => r.appended).reduce((a, b) => a + b)).toBe(1);
    expect(await reminders(id)).toHaveLength(1);
  });

  it('sends nothing outside the send window, and fires when it opens', async () => {
    const { id, position } = await assignedItem('2026-03-31');
    await caughtUp(position);
    const saturday = new Date('2026-12-05T02:00:00Z');
    const thursdayEvening = new Date('2026-12-03T11:00:00Z');
    expect(await engine.tick(saturday)).toBe(0);
    expect(await engine.tick(thursdayEvening)).toBe(0);
    expect(await reminders(id)).toEqual([]);
    await engine.tick(THURSDAY_MORNING);
    expect((await reminders(id)).map((r) => r.data.ruleId)).toEqual(['overdue-5']);
  });

  it('re-arms the deadline rules for an extended deadline, and follows new rules at once', async () => {
    const { id, position } = await assignedItem('2026-04-30');
    await caughtUp(position);
    await engine.tick(THURSDAY_MORNING);
    await t.http
      .post(`/api/items/${id}/extension-request`)
      .set('Authorization', `Bearer ${t.token('unit', 'so-noi-vu')}`)
      .send({ proposedDueDate: '2026-12-07', reason: 'Chờ kinh phí' })
      .expect(200);
    const decided = await t.http
      .post(`/api/items/${id}/extension-decision`)
      .set('Authorization', office())
      .send({ approve: true })
      .expect(200);
    await caughtUp(decided.body.position);
    // Mon 7 Dec: one working day before is Fri 4 Dec, three is Wed 2 Dec (already past).
    await engine.tick(THURSDAY_MORNING);
    expect((await reminders(id)).map((r) => [r.data.ruleId, r.data.anchor])).toEqual([
      // 30 April is a holiday: the deadline moved to the next working day, Mon 4 May.
      ['overdue-5', '2026-05-04'],
      ['before-due-3', '2026-12-07'],
    ]);

    // An admin drops every rule but a reminder on the deadline's eve: the agenda follows.
    const set = await t.http
      .put('/api/reminder-rules')
      .set('Authorization', `Bearer ${t.token('admin')}`)
      .send({
        rules: [{ id: 'eve', when: 'before-due', workingDays: 1, notify: ['lead-unit'] }],
        sendWindow: null,
      })
      .expect(200);
    await caughtUp(set.body.position);
    const friday = new Date('2026-12-04T01:00:00Z');
    await engine.tick(friday);
    expect((await reminders(id)).map((r) => r.data.ruleId)).toEqual([
      'overdue-5',
      'before-due-3',
      'eve',
    ]);
  });

  it('forgets nothing across a restart: what fired stays fired', async () => {
    const { id, position } = await assignedItem('2026-12-04');
    await caughtUp(position);
    // Under the admin's rule only: its eve is Thursday.
    await engine.tick(THURSDAY_MORNING);
    const before = await reminders(id);
    expect(before.map((r) => r.data.ruleId)).toEqual(['eve']);

    await t.close({ removeData: false });
    t = await startTestApp({ dataDir: t.dataDir, env: { REMINDER_INTERVAL_MS: '0' } });
    engine = t.app.get(ReminderEngine);
    await caughtUp((await t.store.headPosition()).toString());
    expect(await engine.tick(THURSDAY_MORNING)).toBe(0);
    expect(await reminders(id)).toEqual(before);
  });
});
