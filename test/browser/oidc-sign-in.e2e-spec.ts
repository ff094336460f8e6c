import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  freePort,
  startTestProvider,
  TEST_AUDIENCE,
  type TestProvider,
} from '../support/oidc-provider';
import { startTestApp, type TestApp } from '../support/test-app';
import { launchChromium, newPage, rendered, screenshot } from './support/browser';

/**
 * Issue 21 in Chromium: the dashboard signs in through a real OpenID Connect provider
 * (oidc-provider, authorization code with PKCE), calls the API with its access token, renews it
 * with the refresh token before it ends, and signs out through the provider's end-session page.
 */
describe('dashboard sign-in through the identity provider', () => {
  let provider: TestProvider;
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let baseUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // Access tokens live 20 s, so renewal (half-way) is seen within the test.
    provider = await startTestProvider({
      redirectUri: `${baseUrl}/`,
      postLogoutRedirectUri: `${baseUrl}/`,
      accessTokenTtl: 20,
    });
    t = await startTestApp({
      demo: true,
      env: {
        AUTH_ISSUER: provider.issuer,
        AUTH_AUDIENCE: TEST_AUDIENCE,
        AUTH_CLIENT_ID: 'dashboard',
        AUTH_SECRET: '',
      },
    });
    await t.app.listen(port, '127.0.0.1');
    browser = await launchChromium();
    ({ context, page, problems } = await newPage(browser, baseUrl));
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
    await provider?.close();
  });
  afterEach(() => expect(problems).toEqual([]));

  const storedToken = () =>
    page.evaluate<string | null>("sessionStorage.getItem('follow-up.token')");

  /** At the provider: its login form (any password), then its consent page. */
  async function signInAtProvider(login: string, shot?: string) {
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('mat-khau');
    if (shot) await screenshot(page, shot);
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();
  }

  it('signs in with PKCE, calls the API with the access token, without demo users', async () => {
    await rendered(page, () => page.goto('/#/items'));
    await page.locator('#provider-sign-in').waitFor();
    expect(await page.locator('button.demo-user').count()).toBe(0);
    await screenshot(page, 'oidc-01-sign-in-page');
    await page.locator('#provider-sign-in').click();
    await page.waitForURL(`${provider.issuer}/**`);
    await signInAtProvider('office', 'oidc-02-provider-login');
    await page.waitForURL(`${baseUrl}/#/items`);
    await page.locator('#app-user .user-name').waitFor();
    await page.locator('main h1').waitFor();
    // The code left the address; the token is the provider's (ES256), read by the server as office.
    expect(page.url()).toBe(`${baseUrl}/#/items`);
    const token = (await storedToken())!;
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toMatchObject({
      alg: 'ES256',
    });
    expect(await page.locator('#app-user .user-name').textContent()).toContain('Người dùng office');
    // The list came from the API with that token.
    await page.locator('main table, main .item-list, main .empty').first().waitFor();
    await screenshot(page, 'oidc-03-signed-in');
  });

  it('renews the access token half-way through its life, and the pages go on working', async () => {
    const before = await storedToken();
    // Runs in the page; this project's TypeScript has no DOM types, hence the narrow shape.
    await page.waitForFunction(
      (old) =>
        (globalThis as unknown as { sessionStorage: PageStorage }).sessionStorage.getItem(
          'follow-up.token',
        ) !== old,
      before,
      { timeout: 30_000 },
    );
    const after = (await storedToken())!;
    expect(after).not.toBe(before);
    const res = await t.http.get('/api/me').set('Authorization', `Bearer ${after}`).expect(200);
    expect(res.body.role).toBe('office');
    await rendered(page, () => page.goto('/#/'));
    expect(await page.locator('#session-warning').isHidden()).toBe(true);
    expect(await page.locator('#app-user .user-name').count()).toBe(1);
  });

  it('signs out through the provider and comes back to the sign-in page', async () => {
    await page.locator('#sign-out').click();
    await page.waitForURL(`${provider.issuer}/**`);
    await screenshot(page, 'oidc-04-provider-sign-out');
    await page.locator('button[name="logout"]').click();
    await page.waitForURL(`${baseUrl}/**`);
    await page.locator('#provider-sign-in').waitFor();
    expect(await storedToken()).toBeNull();
  });

  it('tells a user without a role of this application to ask the administrator', async () => {
    await page.locator('#provider-sign-in').click();
    await page.waitForURL(`${provider.issuer}/**`);
    await signInAtProvider('none');
    await page.waitForURL(`${baseUrl}/**`);
    await page.locator('#flash.flash-error').waitFor();
    expect(await page.locator('#flash').textContent()).toContain('chưa được cấp vai trò');
    expect(await storedToken()).toBeNull();
    await screenshot(page, 'oidc-05-no-role');
  });
});

/** What the renewal test reads in the page. */
interface PageStorage {
  getItem(key: string): string | null;
}
