import { startTestApp, type TestApp } from '../support/test-app';

describe('operations and security basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves /health without a token', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toMatchObject({ store: { status: 'up' } });
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
