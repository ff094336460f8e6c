import { startTestApp, type TestApp } from '../support/test-app';

describe('operations and security basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves /health without a token, saying no more than the status', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(Object.keys(res.body)).toEqual(['status']);
    expect(['ok', 'degraded']).toContain(res.body.status);
    // Other signed-in users, or a bad token, get the same short answer.
    for (const token of [t.token('office'), 'not-a-token']) {
      const other = await t.http.get('/health').set('Authorization', `Bearer ${token}`).expect(200);
      expect(other.body).toEqual({ status: res.body.status });
    }
  });

  it('gives admins and auditors the details of /health', async () => {
    for (const role of ['admin', 'auditor'] as const) {
      const res = await t.http
        .get('/health')
        .set('Authorization', `Bearer ${t.token(role)}`)
        .expect(200);
      expect(res.body).toMatchObject({
        store: { status: 'up' },
        projector: { state: expect.any(String), file: expect.any(String) },
      });
    }
  });

  it('documents every route of the API contract in /docs-json', async () => {
    const { body } = await t.http.get('/docs-json').expect(200);
    expect(body.openapi).toMatch(/^3\./);
    const routes = Object.entries(body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const writes = [
      'assign',
      'acknowledge',
      'return',
      'progress',
      'extension-request',
      'extension-decision',
      'answer',
      'complete',
      'review',
      'resolve',
      'reopen',
      'cancel',
    ];
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/items',
        'GET /api/items/{id}',
        'GET /api/items/{id}/history',
        ...writes.map((w) => `POST /api/items/{id}/${w}`),
        'GET /api/units',
        'POST /api/units',
        'GET /api/sources',
        'POST /api/sources',
        'GET /api/calendar/{year}',
        'PUT /api/calendar/{year}',
        'GET /health',
      ]),
    );
    expect(body.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('sends protective headers and keeps CORS closed by default', async () => {
    const res = await t.http.get('/health').set('Origin', 'https://evil.example');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an unknown route with a problem document', async () => {
    const res = await t.http
      .get('/api/nothing-here')
      .set('Authorization', `Bearer ${t.token('office')}`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('rate limiting of token checks', () => {
  it('refuses a client with 429 after too many bad tokens, but never a good one (issue 21)', async () => {
    const t = await startTestApp({ env: { AUTH_FAILURES_PER_MINUTE: '3' } });
    try {
      const good = t.token('office');
      await t.http.get('/api/units').set('Authorization', `Bearer ${good}`).expect(200);
      for (let i = 0; i < 3; i++) {
        await t.http
          .get('/api/units')
          .set('Authorization', 'Bearer forged.token.value')
          .expect(401);
      }
      const limited = await t.http
        .get('/api/units')
        .set('Authorization', 'Bearer forged.token.value');
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('AUTH.TOO_MANY_FAILURES');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // One misconfigured client behind a shared address must not lock out its neighbours.
      await t.http.get('/api/units').set('Authorization', `Bearer ${good}`).expect(200);
      // Public routes stay open.
      await t.http.get('/health').expect(200);
    } finally {
      await t.close();
    }
  });
});
