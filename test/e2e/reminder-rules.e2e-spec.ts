import type { Role } from '../../src/shared/principal';
import { DEFAULT_REMINDER_RULES } from '../../src/reminders/reminder-rules';
import { REMINDER_RULES_STREAM } from '../../src/reminders/reminder-rules.registry';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Reminder rules are reference data: API.md's defaults until an admin replaces them with a
 * recorded `ReminderRulesSet`; a refused set records nothing.
 */

interface Problem {
  status: number;
  code: string;
  errors?: { field: string; message: string }[];
}

const RULES = {
  rules: [
    { id: 'before-due-2', when: 'before-due', workingDays: 2, notify: ['lead-unit'] },
    { id: 'overdue-0', when: 'overdue', workingDays: 0, notify: ['lead-unit', 'supporting-units'] },
    { id: 'overdue-10', when: 'overdue', workingDays: 10, notify: ['office', 'leader'] },
    { id: 'awaiting-review-1', when: 'awaiting-review', workingDays: 1, notify: ['office'] },
  ],
  sendWindow: { from: '08:00', to: '16:30' },
};

/** RULES with its first rule changed (a field set to undefined is left out of the JSON). */
const withRule = (patch: Record<string, unknown>) => ({
  ...RULES,
  rules: [{ ...RULES.rules[0], ...patch }, ...RULES.rules.slice(1)],
});
const withWindow = (sendWindow: unknown) => ({ ...RULES, sendWindow });

describe('reminder rules', () => {
  let t: TestApp;
  const bearer = (role: Role, unit?: string) => `Bearer ${t.token(role, unit)}`;
  const get = (role: Role = 'office', unit?: string) =>
    t.http.get('/api/reminder-rules').set('Authorization', bearer(role, unit));
  const put = (body: unknown, role: Role = 'admin', unit?: string) =>
    t.http
      .put('/api/reminder-rules')
      .set('Authorization', bearer(role, unit))
      .send(body as object);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("answers API.md's defaults on a fresh store, to the leadership, office, admin and auditors", async () => {
    for (const role of ['leader', 'office', 'admin', 'auditor'] as const) {
      const res = await get(role).expect(200);
      expect(res.body).toEqual({ ...DEFAULT_REMINDER_RULES, revision: null });
      expect(res.headers.etag).toBeUndefined();
    }
    const unit = await get('unit', 'so-noi-vu');
    expect(unit.status).toBe(403);
    expect(unit.headers['content-type']).toMatch(/^application\/problem\+json/);
    await t.http.get('/api/reminder-rules').expect(401);
  });

  it('refuses bad rules with 400 naming the field, and records nothing', async () => {
    const head = await t.store.headPosition();
    const tooMany = Array.from({ length: 51 }, (_, i) => ({
      id: `overdue-${i}`,
      when: 'overdue',
      workingDays: i,
      notify: ['office'],
    }));
    const bad: [string, unknown, string][] = [
      ['an unknown when', withRule({ when: 'someday' }), 'rules.0.when'],
      ['an unknown recipient', withRule({ notify: ['lead-unit', 'mayor'] }), 'rules.0.notify'],
      ['a recipient twice', withRule({ notify: ['office', 'office'] }), 'rules.0.notify'],
      ['no recipient', withRule({ notify: [] }), 'rules.0.notify'],
      ['notify not a list', withRule({ notify: 'office' }), 'rules.0.notify'],
      ['fractional working days', withRule({ workingDays: 1.5 }), 'rules.0.workingDays'],
      ['negative working days', withRule({ workingDays: -1 }), 'rules.0.workingDays'],
      ['over 60 working days', withRule({ workingDays: 61 }), 'rules.0.workingDays'],
      ['working days as text', withRule({ workingDays: '3' }), 'rules.0.workingDays'],
      ['no working days', withRule({ workingDays: undefined }), 'rules.0.workingDays'],
      ['before-due 0', withRule({ workingDays: 0 }), 'rules.0.workingDays'],
      ['an upper-case id', withRule({ id: 'Before-Due-2' }), 'rules.0.id'],
      ['an id starting with a hyphen', withRule({ id: '-due' }), 'rules.0.id'],
      ['an id with an underscore', withRule({ id: 'due_2' }), 'rules.0.id'],
      ['an id of 41 characters', withRule({ id: 'a'.repeat(41) }), 'rules.0.id'],
      ['an empty id', withRule({ id: '' }), 'rules.0.id'],
      ['a numeric id', withRule({ id: 42 }), 'rules.0.id'],
      ['a duplicate id', withRule({ id: 'overdue-10' }), 'rules.2.id'],
      ['51 rules', { ...RULES, rules: tooMany }, 'rules'],
      ['rules not a list', { ...RULES, rules: { id: 'x' } }, 'rules'],
      ['a rule that is not an object', { ...RULES, rules: ['overdue-0'] }, 'rules.0'],
      ['no rules', { sendWindow: RULES.sendWindow }, 'rules'],
      [
        'a time without its leading zero',
        withWindow({ from: '8:00', to: '16:30' }),
        'sendWindow.from',
      ],
      ['24:00', withWindow({ from: '08:00', to: '24:00' }), 'sendWindow.to'],
      ['minute 60', withWindow({ from: '08:60', to: '16:30' }), 'sendWindow.from'],
      ['seconds', withWindow({ from: '08:00', to: '16:30:00' }), 'sendWindow.to'],
      [
        'a window ending when it starts',
        withWindow({ from: '08:00', to: '08:00' }),
        'sendWindow.to',
      ],
      [
        'a window ending before it starts',
        withWindow({ from: '22:00', to: '06:00' }),
        'sendWindow.to',
      ],
      ['a window without its end', withWindow({ from: '08:00' }), 'sendWindow.to'],
      ['a window that is text', withWindow('07:30-17:00'), 'sendWindow'],
      ['no sendWindow', { rules: RULES.rules }, 'sendWindow'],
      ['an unknown field', { ...RULES, enabled: true }, 'enabled'],
      ['an unknown field in a rule', withRule({ colour: 'red' }), 'rules.0.colour'],
      [
        'an unknown field in the window',
        withWindow({ ...RULES.sendWindow, zone: 'UTC' }),
        'sendWindow.zone',
      ],
    ];
    for (const [what, body, field] of bad) {
      const res = await put(body);
      expect({ what, status: res.status }).toEqual({ what, status: 400 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.body as Problem;
      expect(problem).toMatchObject({ status: 400, code: 'VALIDATION' });
      expect({ what, fields: problem.errors?.map((e) => e.field) }).toEqual({
        what,
        fields: expect.arrayContaining([field]),
      });
    }
    expect(await t.store.headPosition()).toBe(head);
    expect((await get().expect(200)).body).toEqual({ ...DEFAULT_REMINDER_RULES, revision: null });
  });

  it('lets only an admin set the rules', async () => {
    const head = await t.store.headPosition();
    for (const role of ['leader', 'office', 'auditor'] as const) {
      const res = await put(RULES, role);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ status: 403, code: 'AUTH.FORBIDDEN' });
    }
    expect((await put(RULES, 'unit', 'so-noi-vu')).status).toBe(403);
    await t.http.put('/api/reminder-rules').send(RULES).expect(401);
    expect(await t.store.headPosition()).toBe(head);
  });

  it("puts an admin's rules in force, recorded as one ReminderRulesSet", async () => {
    const res = await put(RULES).expect(200);
    expect(res.body).toEqual({ id: 'reminder-rules', revision: '0', position: expect.any(String) });
    expect(res.headers.etag).toBe('"0"');
    expect(await t.store.headPosition()).toBe(BigInt(res.body.position));

    for (const role of ['leader', 'auditor'] as const) {
      const after = await get(role).expect(200);
      expect(after.body).toEqual({ ...RULES, revision: '0' });
      expect(after.headers.etag).toBe('"0"');
    }

    const [event] = await t.store.readStream(REMINDER_RULES_STREAM);
    expect(event).toMatchObject({
      type: 'ReminderRulesSet',
      data: RULES,
      metadata: { schemaVersion: 1, actor: { role: 'admin' } },
    });

    // No window sends at any time; an empty list sends nothing.
    const quiet = { rules: [], sendWindow: null };
    await put(quiet).set('If-Match', '"0"').expect(200);
    expect((await get().expect(200)).body).toEqual({ ...quiet, revision: '1' });
  });

  it('refuses a write pinned to a stale revision with 412', async () => {
    const head = await t.store.headPosition();
    const res = await put(RULES).set('If-Match', '"0"');
    expect(res.status).toBe(412);
    expect(await t.store.headPosition()).toBe(head);
  });

  it('answers a retry with the same Idempotency-Key as the first time, recording nothing more', async () => {
    const first = await put(RULES).set('Idempotency-Key', 'rules-2026-12').expect(200);
    const head = await t.store.headPosition();
    const retry = await put(RULES).set('Idempotency-Key', 'rules-2026-12').expect(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(await t.store.headPosition()).toBe(head);

    const other = await put(withRule({ workingDays: 4 })).set('Idempotency-Key', 'rules-2026-12');
    expect(other.status).toBe(422);
    expect(await t.store.headPosition()).toBe(head);
    expect((await get().expect(200)).body).toEqual({ ...RULES, revision: first.body.revision });
  });

  it('documents both routes in OpenAPI', async () => {
    const { body } = await t.http.get('/docs-json').expect(200);
    const path = body.paths['/api/reminder-rules'];
    expect(path.get.summary).toBeTruthy();
    expect(path.put.summary).toBeTruthy();
    expect(path.get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ReminderRulesInForceDto',
    });
    expect(path.put.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/SetReminderRulesDto',
    });
    expect(path.put.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/WriteResult',
    });
    const schemas = body.components.schemas;
    expect(schemas.ReminderRuleDto.properties.when.enum).toEqual([
      'before-due',
      'overdue',
      'awaiting-review',
      'unassigned',
      'extension-pending',
    ]);
  });
});
