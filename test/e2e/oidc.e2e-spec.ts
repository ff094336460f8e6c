import { createHmac, randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  freePort,
  startTestProvider,
  TEST_AUDIENCE,
  type TestProvider,
} from '../support/oidc-provider';

/**
 * Issue 21: access tokens of a real OpenID Connect provider (oidc-provider in a child process),
 * verified against its JWKS; everything else that claims to be a token is 401 (or 429), never 5xx.
 */
const providerEnv = (provider: { issuer: string }, extra: NodeJS.ProcessEnv = {}) => ({
  AUTH_ISSUER: provider.issuer,
  AUTH_AUDIENCE: TEST_AUDIENCE,
  AUTH_CLIENT_ID: 'dashboard',
  ...extra,
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('sign-in through an OpenID Connect provider', () => {
  let provider: TestProvider;
  let t: TestApp;

  beforeAll(async () => {
    provider = await startTestProvider();
    t = await startTestApp({ env: providerEnv(provider, { AUTH_FAILURES_PER_MINUTE: '100000' }) });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  const call = (token: string, path = '/api/units') =>
    t.http.get(path).set('Authorization', `Bearer ${token}`);

  it('discovers the provider and takes its access tokens, role and unit read from claims', async () => {
    const office = await provider.token({ role: 'office', name: 'Văn phòng' });
    await call(office).expect(200);
    const me = await call(office, '/api/me').expect(200);
    expect(me.body).toEqual({ sub: 'service', name: 'Văn phòng', role: 'office' });
    const unit = await provider.token({ role: ['offline_access', 'unit'], unit: 'so-noi-vu' });
    const unitMe = await call(unit, '/api/me').expect(200);
    expect(unitMe.body).toMatchObject({ role: 'unit', unit: 'so-noi-vu' });
    // The dashboard learns where to sign in.
    const settings = await t.http.get('/auth/provider').expect(200);
    expect(settings.body).toEqual({
      issuer: provider.issuer,
      clientId: 'dashboard',
      scope: 'openid profile',
    });
    // ...and is allowed to talk to the provider from the page.
    expect(settings.headers['content-security-policy']).toContain(
      `connect-src 'self' ${provider.issuer}`,
    );
  });

  it("shows /health's details to an admin signed in through the provider, not to an office", async () => {
    const admin = await provider.token({ role: 'admin' });
    const office = await provider.token({ role: 'office' });
    const detailed = await t.http.get('/health').set('Authorization', `Bearer ${admin}`);
    expect(detailed.body).toHaveProperty('store');
    const short = await t.http.get('/health').set('Authorization', `Bearer ${office}`);
    expect(Object.keys(short.body)).toEqual(['status']);
  });

  it('answers 403 with a clear code to a verified user without exactly one role of ours', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'AUTH.NO_ROLE'],
      [{ role: ['offline_access', 'uma_authorization'] }, 'AUTH.NO_ROLE'],
      [{ role: ['office', 'auditor'] }, 'AUTH.ROLE_AMBIGUOUS'],
      [{ role: 'unit' }, 'AUTH.NO_UNIT'],
    ];
    for (const [claims, code] of cases) {
      const res = await call(await provider.token(claims));
      expect([res.status, res.body.code]).toEqual([403, code]);
    }
  });

  it('refuses claims of the wrong type with 401, never 5xx', async () => {
    for (const claims of [
      { role: 5 },
      { role: { office: true } },
      { role: ['office', 7] },
      { role: 'unit', unit: { id: 'so-noi-vu' } },
      { role: 'unit', unit: ['a', 'b'] },
      { role: 'office', name: 12 },
    ]) {
      const res = await call(await provider.token(claims));
      expect([JSON.stringify(claims), res.status, res.body.code]).toEqual([
        JSON.stringify(claims),
        401,
        'AUTH.UNAUTHENTICATED',
      ]);
    }
  });

  it('says a token of a provider whose clock ran an hour behind has expired', async () => {
    const stale = await provider.token({ role: 'office' }, { clockOffsetS: -3600 });
    const res = await call(stale).expect(401);
    expect(res.body.code).toBe('AUTH.TOKEN_EXPIRED');
    // A few seconds of skew are tolerated: the provider's clock 10 s ahead still works.
    await call(await provider.token({ role: 'office' }, { clockOffsetS: 10 })).expect(200);
  });

  it('refuses a token for another audience and a token from another issuer', async () => {
    const elsewhere = await provider.token({ role: 'office' }, { audience: 'urn:other:api' });
    await call(elsewhere).expect(401);
    const other = await startTestProvider();
    try {
      // Same kid names, another key and another issuer: 401 either way.
      await call(await other.token({ role: 'office' })).expect(401);
    } finally {
      await other.close();
    }
  });

  it("refuses alg none and HS256 signed with the provider's public key", async () => {
    const good = await provider.token({ role: 'office' });
    const [, payload] = good.split('.');
    await call(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`).expect(401);
    const jwks = (await (await fetch(`${provider.issuer}/jwks`)).json()) as {
      keys: { kid: string }[];
    };
    const key = jwks.keys[0];
    for (const secret of [JSON.stringify(key), JSON.stringify(jwks)]) {
      const header = b64({ alg: 'HS256', typ: 'at+jwt', kid: key.kid });
      const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
      const res = await call(`${header}.${payload}.${signature.toString('base64url')}`);
      expect(res.status).toBe(401);
    }
    // HS256 with the configured AUTH_SECRET stays for service accounts and the CLI.
    await call(t.token('office')).expect(200);
  });

  it('follows a key rotation at the provider (ES256 to RS256), old tokens still good', async () => {
    const before = await provider.token({ role: 'office' });
    const kid = await provider.rotate('RS256');
    const after = await provider.token({ role: 'office' });
    expect(JSON.parse(Buffer.from(after.split('.')[0], 'base64url').toString())).toMatchObject({
      alg: 'RS256',
      kid,
    });
    await call(after).expect(200);
    await call(before).expect(200);
  });

  it('asks the provider for keys once for a flood of unknown kids, and answers 401', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const start = await provider.stats();
    const statuses = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const forged = await new SignJWT({ role: 'office' })
          .setProtectedHeader({ alg: 'ES256', kid: randomUUID() })
          .setIssuer(provider.issuer)
          .setAudience(TEST_AUDIENCE)
          .setSubject('mallory')
          .setExpirationTime('10m')
          .sign(privateKey);
        return (await call(forged)).status;
      }),
    );
    expect(new Set(statuses)).toEqual(new Set([401]));
    const end = await provider.stats();
    // All waited for one shared read (at most one per 5 s cooldown).
    expect(end.jwks - start.jwks).toBeLessThanOrEqual(1);
    expect(end.discovery).toBe(start.discovery);
  });

  it('refuses huge tokens unread, with 401 or a 4xx of the HTTP server, never 5xx', async () => {
    const res = await call('a'.repeat(15 * 1024));
    expect(res.status).toBe(401);
    const bigger = await call(`${'a'.repeat(9 * 1024)}.${'b'.repeat(9 * 1024)}.c`).catch(() => ({
      status: 431,
    }));
    expect([401, 431]).toContain(bigger.status);
  });
});

describe('the bad-token limiter and valid users behind one address', () => {
  it('never refuses a valid token, while bad ones from the same address get 429', async () => {
    const provider = await startTestProvider();
    const t = await startTestApp({ env: providerEnv(provider, { AUTH_FAILURES_PER_MINUTE: '3' }) });
    try {
      const good = await provider.token({ role: 'office' });
      const statuses: string[] = [];
      for (let i = 0; i < 8; i++) {
        const bad = await t.http.get('/api/units').set('Authorization', 'Bearer forged.token.x');
        const ok = await t.http.get('/api/units').set('Authorization', `Bearer ${good}`);
        const hs = await t.http
          .get('/api/units')
          .set('Authorization', `Bearer ${t.token('unit', 'so-noi-vu')}`);
        statuses.push(`${bad.status}/${ok.status}/${hs.status}`);
      }
      expect(statuses).toEqual([
        '401/200/200',
        '401/200/200',
        '401/200/200',
        ...Array(5).fill('429/200/200'),
      ]);
    } finally {
      await t.close();
      await provider.close();
    }
  });
});

describe('a provider that cannot be reached at start', () => {
  it('starts, answers 503 on /api, and signs users in once discovery succeeds', async () => {
    const port = await freePort();
    const t = await startTestApp({ env: providerEnv({ issuer: `http://127.0.0.1:${port}` }) });
    let provider: TestProvider | undefined;
    try {
      await t.http.get('/health').expect(200);
      const down = await t.http.get('/api/units').set('Authorization', `Bearer ${fakeToken()}`);
      expect(down.status).toBe(503);
      expect(down.body.code).toBe('AUTH.PROVIDER_UNAVAILABLE');
      expect(Number(down.headers['retry-after'])).toBeGreaterThan(0);
      // A service account's HS256 token does not depend on the provider.
      await t.http
        .get('/api/units')
        .set('Authorization', `Bearer ${t.token('office')}`)
        .expect(200);
      provider = await startTestProvider({ port });
      const token = await provider.token({ role: 'leader' });
      // Discovery is retried with backoff (1, 2, 4 s…): wait for it, not for a set time.
      let status = 0;
      for (let i = 0; i < 60 && status !== 200; i++) {
        status = (await t.http.get('/api/units').set('Authorization', `Bearer ${token}`)).status;
        if (status !== 200) {
          expect(status).toBe(503);
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
      expect(status).toBe(200);
    } finally {
      await t.close();
      await provider?.close();
    }
  });

  it('starts with a malformed issuer URL and answers 503 saying why', async () => {
    const t = await startTestApp({ env: providerEnv({ issuer: 'not a url' }) });
    try {
      const res = await t.http.get('/api/units').set('Authorization', `Bearer ${fakeToken()}`);
      expect(res.status).toBe(503);
      expect(res.body.detail).toMatch(/not an http\(s\) URL/);
    } finally {
      await t.close();
    }
  });
});

describe('HS256 tokens once a provider is configured', () => {
  it('are refused when AUTH_SECRET is not configured, and demo sign-in is closed', async () => {
    const provider = await startTestProvider();
    const t = await startTestApp({ env: providerEnv(provider, { AUTH_SECRET: '' }) });
    try {
      // t.token signs with the test secret, which this server does not have; the generated one
      // is not accepted either, so no HS256 token is.
      await t.http
        .get('/api/units')
        .set('Authorization', `Bearer ${t.token('office')}`)
        .expect(401);
      await t.http.get('/auth/demo-users').expect(404);
      await t.http
        .get('/api/units')
        .set('Authorization', `Bearer ${await provider.token({ role: 'office' })}`)
        .expect(200);
    } finally {
      await t.close();
      await provider.close();
    }
  });
});

/** An ES256 token no provider signed, well formed enough to reach the provider check. */
function fakeToken(): string {
  return `${b64({ alg: 'ES256', kid: 'x' })}.${b64({ sub: 'x', exp: 9e9 })}.${'A'.repeat(86)}`;
}
