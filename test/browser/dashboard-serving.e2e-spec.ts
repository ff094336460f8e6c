import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TokenService } from '../../src/auth/token.service';
import { findAssetsRoot } from '../../src/web/dashboard-assets';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * How the dashboard is served, without a browser: the static files under the app's security
 * headers, and demo sign-in existing only on a development server.
 */

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('Dashboard serving and demo sign-in', () => {
  describe('with a configured AUTH_SECRET (production)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('has no demo sign-in: 404 before any validation', async () => {
      const users = await t.http.get('/auth/demo-users').expect(404);
      expect(users.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(users.body.code).toBe('AUTH.DEMO_SIGN_IN_DISABLED');
      await t.http.post('/auth/demo-token').send({ user: 'leader' }).expect(404);
      await t.http.post('/auth/demo-token').send({ user: 'x', extra: true }).expect(404);
    });

    it('serves the dashboard at / under the Content-Security-Policy, and leaves the API alone', async () => {
      const index = await t.http.get('/').expect(200);
      expect(index.headers['content-type']).toMatch(/^text\/html/);
      expect(index.headers['content-security-policy']).toContain("script-src 'self'");
      expect(index.text).toContain('<script type="module" src="/js/main.js">');

      const chart = await t.http.get('/vendor/chart.umd.min.js').expect(200);
      expect(chart.headers['content-type']).toMatch(/javascript/);
      await t.http
        .get('/js/main.js')
        .expect(200)
        .expect('content-type', /javascript/);
      await t.http.get('/app.css').expect(200).expect('content-type', /css/);

      const missing = await t.http.get('/no-such-file.js').expect(404);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      await t.http.get('/api/units').expect(401);
      await t.http.get('/health').expect(200);
    });
  });

  describe('with a generated secret (development)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { AUTH_SECRET: '' } });
    });
    afterAll(() => t.close());

    it('lists a leader, the office, a department, a commune and an auditor', async () => {
      const { body } = await t.http.get('/auth/demo-users').expect(200);
      const ids = body.map((u: { id: string }) => u.id);
      expect(ids).toEqual(
        expect.arrayContaining(['leader', 'office', 'so-noi-vu', 'xa-thanh-ba', 'auditor']),
      );
      expect(body.find((u: { id: string }) => u.id === 'xa-thanh-ba')).toMatchObject({
        role: 'unit',
        unit: 'xa-thanh-ba',
      });
    });

    it('signs a token for a demo user with the server secret, and refuses anyone else', async () => {
      const { body } = await t.http
        .post('/auth/demo-token')
        .send({ user: 'xa-thanh-ba' })
        .expect(200);
      const principal = t.app.get(TokenService).verify(body.token);
      expect(principal).toMatchObject({ role: 'unit', unit: 'xa-thanh-ba' });
      await t.http.get('/api/units').set('Authorization', `Bearer ${body.token}`).expect(200);

      const unknown = await t.http.post('/auth/demo-token').send({ user: 'admin' }).expect(400);
      expect(unknown.body.errors).toEqual([
        { field: 'user', message: 'user must be one of the demo users' },
      ]);
      await t.http.post('/auth/demo-token').send({ user: 'office', role: 'admin' }).expect(400);
    });
  });

  describe('the assets themselves', () => {
    const root = findAssetsRoot()!;
    const files = filesUnder(root);

    it('has no inline script or event handler (the CSP would block it)', () => {
      for (const file of files.filter((f) => f.endsWith('.html'))) {
        const html = readFileSync(file, 'utf8');
        for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc="/);
        expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      }
    });

    it('never writes markup from strings: text goes in as text', () => {
      for (const file of files.filter((f) => f.endsWith('.js'))) {
        const code = readFileSync(file, 'utf8');
        expect({
          file,
          uses: code.match(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/g),
        }).toEqual({
          file,
          uses: null,
        });
      }
    });
  });
});
