import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpRequest } from '../../src/http/http-types';
import { requestFingerprint } from '../../src/http/command-metadata';
import { UnitContactsService } from '../../src/organisation/contacts/application/unit-contacts.service';
import { CONTACTS_STREAM } from '../../src/organisation/contacts/unit-contacts.registry';
import type { Principal, Role } from '../../src/shared/principal';
import { registerTestUnits, startTestApp, type TestApp } from '../support/test-app';

/**
 * A unit's contacts (API.md, "Follow-up actions") are reference data recorded as
 * `UnitContactsSet` in one stream; the webhook secret is sealed before it reaches the log, which
 * auditors read whole, and only the application opens it again.
 */

interface Problem {
  status: number;
  code: string;
  errors?: { field: string; message: string }[];
}

const SECRET = 'whsec-NoiVu-2026-0123456789';
const CONTACTS = {
  emails: ['vanthu@noivu.phutho.gov.vn', 'chanhvanphong@noivu.phutho.gov.vn'],
  webhook: { url: 'https://hooks.noivu.phutho.gov.vn/follow-up', secret: SECRET },
};
const PATH = '/api/units/so-noi-vu/contacts';

const withWebhook = (patch: Record<string, unknown>) => ({
  ...CONTACTS,
  webhook: { ...CONTACTS.webhook, ...patch },
});

describe('unit contacts', () => {
  let t: TestApp;
  const bearer = (role: Role, unit?: string) => `Bearer ${t.token(role, unit)}`;
  const get = (path = PATH, role: Role = 'admin', unit?: string) =>
    t.http.get(path).set('Authorization', bearer(role, unit));
  const put = (body: unknown, path = PATH, role: Role = 'admin', unit?: string) =>
    t.http
      .put(path)
      .set('Authorization', bearer(role, unit))
      .send(body as object);
  const service = () => t.app.get(UnitContactsService);

  beforeAll(async () => {
    t = await startTestApp();
    await registerTestUnits(t);
  });
  afterAll(() => t.close());

  it('answers a unit without contacts as no addresses and no webhook', async () => {
    const res = await get().expect(200);
    expect(res.body).toEqual({ unitId: 'so-noi-vu', emails: [], webhook: null });
    expect(res.headers.etag).toBeUndefined();
    expect(await service().contactsOf('so-noi-vu')).toBeUndefined();
  });

  it('refuses bad contacts with 400 naming the field, and records nothing', async () => {
    const head = await t.store.headPosition();
    const many = Array.from({ length: 21 }, (_, i) => `vanthu${i}@noivu.phutho.gov.vn`);
    const bad: [string, unknown, string][] = [
      ['no emails', { webhook: CONTACTS.webhook }, 'emails'],
      ['emails not a list', { emails: 'vanthu@noivu.phutho.gov.vn' }, 'emails'],
      ['an address without a domain', { emails: ['vanthu'] }, 'emails'],
      ['an address with a display name', { emails: ['Văn thư <vt@noivu.gov.vn>'] }, 'emails'],
      ['an address with a space', { emails: ['van thu@noivu.gov.vn'] }, 'emails'],
      ['an address that is a number', { emails: [42] }, 'emails'],
      ['21 addresses', { emails: many }, 'emails'],
      ['an address twice', { emails: ['a@noivu.gov.vn', 'a@noivu.gov.vn'] }, 'emails.1'],
      [
        'an address twice in two cases',
        { emails: ['a@noivu.gov.vn', 'A@NoiVu.gov.vn'] },
        'emails.1',
      ],
      ['an http URL elsewhere', withWebhook({ url: 'http://hooks.noivu.gov.vn/x' }), 'webhook.url'],
      ['an ftp URL', withWebhook({ url: 'ftp://hooks.noivu.gov.vn/x' }), 'webhook.url'],
      ['not a URL', withWebhook({ url: 'hooks.noivu.gov.vn/x' }), 'webhook.url'],
      ['credentials in the URL', withWebhook({ url: 'https://u:p@hooks.gov.vn/' }), 'webhook.url'],
      ['a URL that is a number', withWebhook({ url: 443 }), 'webhook.url'],
      ['no URL', withWebhook({ url: undefined }), 'webhook.url'],
      ['a secret of 15 characters', withWebhook({ secret: 'x'.repeat(15) }), 'webhook.secret'],
      ['a secret of 201 characters', withWebhook({ secret: 'x'.repeat(201) }), 'webhook.secret'],
      ['a secret that is a number', withWebhook({ secret: 1234567890123456 }), 'webhook.secret'],
      ['no secret', withWebhook({ secret: undefined }), 'webhook.secret'],
      ['a webhook that is text', { ...CONTACTS, webhook: 'https://hooks.gov.vn/' }, 'webhook'],
      ['a webhook that is a list', { ...CONTACTS, webhook: [CONTACTS.webhook] }, 'webhook'],
      ['an unknown field', { ...CONTACTS, phone: '0210 3846 111' }, 'phone'],
      ['an unknown field in the webhook', withWebhook({ events: ['overdue'] }), 'webhook.events'],
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
      // A refusal does not echo the secret either.
      expect(JSON.stringify(res.body)).not.toContain(SECRET);
    }
    expect(await t.store.headPosition()).toBe(head);
    expect(await t.store.readStream(CONTACTS_STREAM)).toEqual([]);
  });

  it('lets only an admin read or set contacts', async () => {
    const head = await t.store.headPosition();
    for (const role of ['leader', 'office', 'auditor'] as const) {
      expect((await put(CONTACTS, PATH, role)).body).toMatchObject({
        status: 403,
        code: 'AUTH.FORBIDDEN',
      });
      expect((await get(PATH, role)).status).toBe(403);
    }
    // Not even the unit itself.
    expect((await put(CONTACTS, PATH, 'unit', 'so-noi-vu')).status).toBe(403);
    expect((await get(PATH, 'unit', 'so-noi-vu')).status).toBe(403);
    await t.http.put(PATH).send(CONTACTS).expect(401);
    await t.http.get(PATH).expect(401);
    expect(await t.store.headPosition()).toBe(head);
  });

  it('answers 404 UNIT.NOT_FOUND for a unit that does not exist, recording nothing', async () => {
    const head = await t.store.headPosition();
    for (const res of [
      await put(CONTACTS, '/api/units/so-khong-co/contacts'),
      await get('/api/units/so-khong-co/contacts'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ status: 404, code: 'UNIT.NOT_FOUND' });
    }
    expect(await t.store.headPosition()).toBe(head);
  });

  it("records an admin's contacts as UnitContactsSet and answers them without the secret", async () => {
    const res = await put(CONTACTS).expect(200);
    expect(res.body).toEqual({ id: 'so-noi-vu', revision: '0', position: expect.any(String) });
    expect(res.headers.etag).toBe('"0"');
    expect(await t.store.headPosition()).toBe(BigInt(res.body.position));

    const after = await get().expect(200);
    expect(after.body).toEqual({
      unitId: 'so-noi-vu',
      emails: CONTACTS.emails,
      webhook: { url: CONTACTS.webhook.url, secretSet: true },
    });
    expect(after.headers.etag).toBe('"0"');
    expect(after.text).not.toContain(SECRET);

    // Other units keep theirs (none); http is allowed to this machine.
    expect((await get('/api/units/so-y-te/contacts').expect(200)).body).toEqual({
      unitId: 'so-y-te',
      emails: [],
      webhook: null,
    });
    const local = { emails: [], webhook: { url: 'http://127.0.0.1:8080/hook', secret: SECRET } };
    await put(local, '/api/units/so-y-te/contacts').set('If-Match', '"0"').expect(200);
  });

  it('keeps the secret out of the log: sealed in the event, absent from what auditors read', async () => {
    const [event] = await t.store.readStream(CONTACTS_STREAM);
    expect(event).toMatchObject({
      type: 'UnitContactsSet',
      data: {
        unitId: 'so-noi-vu',
        emails: CONTACTS.emails,
        webhook: {
          url: CONTACTS.webhook.url,
          secret: {
            v: 1,
            iv: expect.any(String),
            tag: expect.any(String),
            data: expect.any(String),
          },
        },
      },
      metadata: { schemaVersion: 1, actor: { role: 'admin' } },
    });
    expect(Object.keys(event.data as object).sort()).toEqual(['emails', 'unitId', 'webhook']);
    const encodings = [
      SECRET,
      Buffer.from(SECRET).toString('base64'),
      Buffer.from(SECRET).toString('hex'),
    ];
    const stored = JSON.stringify(await t.store.readStream(CONTACTS_STREAM), (_, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v,
    );
    const audited = await t.http
      .get('/api/audit/events?limit=1000')
      .set('Authorization', bearer('auditor'))
      .expect(200);
    expect(audited.text).toContain('UnitContactsSet');
    for (const text of encodings) {
      expect(stored).not.toContain(text);
      expect(audited.text).not.toContain(text);
    }
    await t.http
      .get('/api/audit/verify')
      .set('Authorization', bearer('auditor'))
      .expect(200)
      .expect(({ body }) => expect(body).toMatchObject({ ok: true }));
  });

  it('gives the application the secret, opened', async () => {
    expect(await service().contactsOf('so-noi-vu')).toEqual({
      emails: CONTACTS.emails,
      webhook: { url: CONTACTS.webhook.url, secret: SECRET },
    });
    expect(await service().contactsOf('so-y-te')).toEqual({
      emails: [],
      webhook: { url: 'http://127.0.0.1:8080/hook', secret: SECRET },
    });
    expect(await service().contactsOf('xa-thanh-ba')).toBeUndefined();
    expect(await service().allContacts()).toEqual([
      { unitId: 'so-noi-vu', ...(await service().contactsOf('so-noi-vu')) },
      { unitId: 'so-y-te', ...(await service().contactsOf('so-y-te')) },
    ]);
  });

  it('records a unit without a webhook as webhook null, replacing the earlier one', async () => {
    const res = await put({ emails: ['vanthu@noivu.phutho.gov.vn'] }).expect(200);
    const events = await t.store.readStream(CONTACTS_STREAM);
    expect(events[events.length - 1].data).toEqual({
      unitId: 'so-noi-vu',
      emails: ['vanthu@noivu.phutho.gov.vn'],
      webhook: null,
    });
    expect((await get().expect(200)).body).toEqual({
      unitId: 'so-noi-vu',
      emails: ['vanthu@noivu.phutho.gov.vn'],
      webhook: null,
    });
    expect(await service().contactsOf('so-noi-vu')).toEqual({
      emails: ['vanthu@noivu.phutho.gov.vn'],
      webhook: null,
    });
    // Null says the same as absent.
    const again = await put({ emails: [], webhook: null }).set(
      'If-Match',
      `"${res.body.revision}"`,
    );
    expect(again.status).toBe(200);
  });

  it('refuses a write pinned to a stale revision with 412', async () => {
    const head = await t.store.headPosition();
    expect((await put(CONTACTS).set('If-Match', '"0"')).status).toBe(412);
    expect(await t.store.headPosition()).toBe(head);
  });

  it('answers a retry with the same Idempotency-Key as the first time, fingerprinted with a key', async () => {
    const first = await put(CONTACTS).set('Idempotency-Key', 'contacts-noi-vu-1').expect(200);
    const head = await t.store.headPosition();
    const retry = await put(CONTACTS).set('Idempotency-Key', 'contacts-noi-vu-1').expect(200);
    expect(retry.body).toEqual(first.body);
    expect(await t.store.headPosition()).toBe(head);

    // Another secret under the same key is another request.
    const other = await put(withWebhook({ secret: `${SECRET}-2` })).set(
      'Idempotency-Key',
      'contacts-noi-vu-1',
    );
    expect(other.status).toBe(422);
    expect(await t.store.headPosition()).toBe(head);

    // The fingerprint of a body holding the secret would let a reader of the log test guesses
    // of it: what is stored is keyed, not the plain SHA-256 of the request.
    const events = await t.store.readStream(CONTACTS_STREAM);
    const { metadata } = events[events.length - 1];
    const plain = requestFingerprint(
      { method: 'PUT', url: PATH, body: CONTACTS } as HttpRequest,
      { sub: 'admin-user' } as Principal,
    );
    expect(metadata).toMatchObject({
      idempotencyKey: 'contacts-noi-vu-1',
      requestHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(metadata.requestHash).not.toBe(plain);
  });

  it('documents both routes in OpenAPI, the secret write-only', async () => {
    const { body } = await t.http.get('/docs-json').expect(200);
    const path = body.paths['/api/units/{id}/contacts'];
    expect(path.get.summary).toBeTruthy();
    expect(path.put.summary).toBeTruthy();
    expect(path.put.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/SetUnitContactsDto',
    });
    expect(path.put.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/WriteResult',
    });
    expect(body.components.schemas.WebhookDto.properties.secret.writeOnly).toBe(true);
  });
});

describe('unit contacts across restarts', () => {
  it('opens the secrets with the key kept in the data directory, and not with another key', async () => {
    let t = await startTestApp();
    const { dataDir } = t;
    try {
      await registerTestUnits(t);
      await t.http
        .put(PATH)
        .set('Authorization', `Bearer ${t.token('admin')}`)
        .send(CONTACTS)
        .expect(200);
      expect(statSync(join(dataDir, 'contacts-key')).mode & 0o777).toBe(0o600);
      await t.close({ removeData: false });

      t = await startTestApp({ dataDir });
      expect((await t.app.get(UnitContactsService).contactsOf('so-noi-vu'))?.webhook).toEqual(
        CONTACTS.webhook,
      );
      await t.close({ removeData: false });

      t = await startTestApp({ dataDir, env: { CONTACTS_KEY: 'ab'.repeat(32) } });
      await expect(t.app.get(UnitContactsService).contactsOf('so-noi-vu')).rejects.toThrow(
        /webhook secret of unit so-noi-vu cannot be opened/,
      );
      // What admins see needs no key.
      await t.http
        .get(PATH)
        .set('Authorization', `Bearer ${t.token('admin')}`)
        .expect(200)
        .expect(({ body }) =>
          expect(body.webhook).toEqual({ url: CONTACTS.webhook.url, secretSet: true }),
        );
    } finally {
      await t.close();
    }
  });
});
