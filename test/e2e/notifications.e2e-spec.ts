import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ReminderEngine } from '../../src/reminders/application/reminder-engine';
import { registerTestUnits, startTestApp, type TestApp } from '../support/test-app';

interface Page {
  items: { id: string; kind: string; itemId: string; itemTitle: string; readAt: string | null }[];
  total: number;
  unread: number;
}

describe('notifications: who hears of what, and what they have read', () => {
  let t: TestApp;
  let itemId: string;
  let position: string;
  const as = (role: Parameters<TestApp['token']>[0], unit?: string, sub?: string) =>
    `Bearer ${t.token(role, unit, sub)}`;
  const NOI_VU = () => as('unit', 'so-noi-vu', 'alice');
  const Y_TE = () => as('unit', 'so-y-te', 'bob');
  const OFFICE = () => as('office', undefined, 'vp01');

  async function inbox(token: string, query = ''): Promise<Page> {
    const res = await t.http
      .get(`/api/notifications?minPosition=${position}${query}`)
      .set('Authorization', token)
      .expect(200);
    return res.body;
  }

  async function write(path: string, token: string, body: object = {}): Promise<void> {
    const res = await t.http.post(path).set('Authorization', token).send(body);
    expect([200, 201]).toContain(res.status);
    position = res.body.position;
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { REMINDER_INTERVAL_MS: '0' } });
    await registerTestUnits(t);
    const raised = await t.http
      .post('/api/items')
      .set('Authorization', OFFICE())
      .send({
        kind: 'directive',
        title: 'Rà soát hồ sơ đất đai',
        occurredAt: '2026-01-05T02:00:00Z',
      })
      .expect(201);
    itemId = raised.body.id;
    await write(`/api/items/${itemId}/assign`, OFFICE(), {
      leadUnit: 'so-noi-vu',
      supportingUnits: ['so-y-te'],
      deadline: { type: 'date', date: '2026-01-19' },
      occurredAt: '2026-01-05T03:00:00Z',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('tells the lead and the supporting unit of the assignment, each in its own inbox', async () => {
    const lead = await inbox(NOI_VU());
    expect(lead.items).toEqual([
      expect.objectContaining({ kind: 'assigned', itemId, itemTitle: 'Rà soát hồ sơ đất đai' }),
    ]);
    expect(lead.unread).toBe(1);
    expect((await inbox(Y_TE())).items.map((n) => n.kind)).toEqual(['assigned']);
    expect((await inbox(OFFICE())).items).toEqual([]);
  });

  it('tells the lead unit of an urge, and the office of a completion report', async () => {
    await write(`/api/items/${itemId}/urge`, OFFICE(), { note: 'Khẩn trương' });
    await write(`/api/items/${itemId}/complete`, NOI_VU(), { summary: 'Đã xong' });
    expect((await inbox(NOI_VU())).items.map((n) => n.kind)).toEqual(['urged', 'assigned']);
    expect((await inbox(Y_TE())).items.map((n) => n.kind)).toEqual(['assigned']);
    expect((await inbox(OFFICE())).items.map((n) => n.kind)).toEqual(['awaiting-review']);
  });

  it('marks one read for the caller only, once, and refuses what is not in the inbox', async () => {
    const before = await inbox(NOI_VU());
    const urged = before.items.find((n) => n.kind === 'urged')!;
    await write(`/api/notifications/${urged.id}/read`, NOI_VU());
    const after = await inbox(NOI_VU());
    expect(after.unread).toBe(before.unread - 1);
    expect(after.items.find((n) => n.id === urged.id)?.readAt).toEqual(expect.any(String));
    expect((await inbox(NOI_VU(), '&unread=true')).items.map((n) => n.kind)).toEqual(['assigned']);
    // Another user of the same unit has read nothing.
    expect((await inbox(as('unit', 'so-noi-vu', 'carol'))).unread).toBe(before.unread);

    const head = await t.store.headPosition();
    await t.http
      .post(`/api/notifications/${urged.id}/read`)
      .set('Authorization', NOI_VU())
      .expect(200);
    expect(await t.store.headPosition()).toBe(head);
    const office = (await inbox(OFFICE())).items[0];
    const foreign = await t.http
      .post(`/api/notifications/${office.id}/read`)
      .set('Authorization', NOI_VU())
      .expect(404);
    expect(foreign.body.code).toBe('NOTIFICATION.NOT_FOUND');
    await t.http
      .post('/api/notifications/not-an-id/read')
      .set('Authorization', NOI_VU())
      .expect(404);
    expect(await t.store.headPosition()).toBe(head);
  });

  it('has no inbox for auditors and admins, and checks its query', async () => {
    await t.http.get('/api/notifications').set('Authorization', as('auditor')).expect(403);
    await t.http.get('/api/notifications').set('Authorization', as('admin')).expect(403);
    const bad = await t.http
      .get('/api/notifications?unread=yes&pageSize=1000')
      .set('Authorization', NOI_VU())
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'pageSize',
      'unread',
    ]);
  });

  it('escalates an overdue item to the office and the leadership, and warns the lead unit', async () => {
    const other = await t.http
      .post('/api/items')
      .set('Authorization', OFFICE())
      .send({ kind: 'directive', title: 'Quá hạn lâu', occurredAt: '2026-01-05T02:00:00Z' })
      .expect(201);
    await write(`/api/items/${other.body.id}/assign`, OFFICE(), {
      leadUnit: 'so-y-te',
      deadline: { type: 'date', date: '2026-01-19' },
      occurredAt: '2026-01-05T03:00:00Z',
    });
    await inbox(OFFICE());
    await t.app.get(ReminderEngine).tick(new Date('2026-12-03T02:00:00Z'));
    position = (await t.store.headPosition()).toString();
    const kindsFor = async (token: string) =>
      (await inbox(token)).items.filter((n) => n.itemId === other.body.id).map((n) => n.kind);
    expect(await kindsFor(Y_TE())).toEqual(['overdue', 'assigned']);
    expect(await kindsFor(OFFICE())).toEqual(['escalated']);
    expect(await kindsFor(as('leader'))).toEqual(['escalated']);
  });

  it('gives the same notifications and read marks after the read models are rebuilt', async () => {
    const before = await inbox(NOI_VU());
    await t.close({ removeData: false });
    rmSync(join(t.dataDir, 'read-models'), { recursive: true, force: true });
    t = await startTestApp({ dataDir: t.dataDir, env: { REMINDER_INTERVAL_MS: '0' } });
    position = (await t.store.headPosition()).toString();
    expect(await inbox(NOI_VU())).toEqual(before);
  });
});
