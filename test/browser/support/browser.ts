import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { TokenService } from '../../../src/auth/token.service';
import type { Principal } from '../../../src/auth/roles';
import { startTestApp, type TestApp } from '../../support/test-app';

/** Debian's Chromium; CI installs it with scripts/install-chromium.sh. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const SCREENSHOTS = join(__dirname, '..', '..', 'screenshots');

/**
 * Launches Chromium, or fails the suite with the fix in the message: a missing browser must never
 * turn into silently skipped tests.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}, and the browser tests need it. ` +
        'Install it with scripts/install-chromium.sh (apt-get install chromium) and run again.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface DashboardApp {
  t: TestApp;
  baseUrl: string;
  /** Signs with the server's own (generated) secret: what a pasted token would be. */
  token(principal: Principal): string;
  /** Calls the API as `principal`, for set-up and for the figures the pages must show. */
  api<T = unknown>(
    principal: Principal,
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<T>;
  close(): Promise<void>;
}

/**
 * The real application on a temporary SQLite store with the demo session, listening on a free
 * port, signing with a generated secret (AUTH_SECRET unset) so demo sign-in is on, as on a
 * developer's machine.
 */
export async function startDashboardApp(): Promise<DashboardApp> {
  const t = await startTestApp({ demo: true, env: { AUTH_SECRET: '' } });
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const index = await fetch(`${baseUrl}/`);
  if (!index.ok || !(index.headers.get('content-type') ?? '').startsWith('text/html')) {
    await t.close();
    throw new Error(
      `GET / answered ${index.status} ${index.headers.get('content-type')}: the dashboard is not ` +
        'served. Is WebModule (src/web/web.module.ts) imported in AppModule?',
    );
  }
  const tokens = t.app.get(TokenService);
  const token = (principal: Principal) => tokens.sign(principal);
  return {
    t,
    baseUrl,
    token,
    async api<T>(
      principal: Principal,
      path: string,
      init: { method?: string; body?: unknown } = {},
    ) {
      const response = await fetch(`${baseUrl}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          Authorization: `Bearer ${token(principal)}`,
          ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
      const body = await response.json();
      if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
      return body as T;
    },
    close: () => t.close(),
  };
}

/**
 * What went wrong in the page that a user would not see: uncaught errors and Content-Security-Policy
 * violations (an inline script or handler would be one).
 */
export function watchPage(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      problems.push(`CSP: ${message.text()}`);
    }
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { problems };
}

export async function newPage(
  browser: Browser,
  baseUrl: string,
  options: { width?: number; height?: number; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: options.width ?? 1366, height: options.height ?? 900 },
    locale: options.locale ?? 'vi-VN',
    timezoneId: 'Europe/Paris', // not Asia/Ho_Chi_Minh: the pages must not rely on the browser's zone
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page, ...watchPage(page) };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in through the demo picker on the sign-in page. */
export async function demoSignIn(page: Page, user: string): Promise<void> {
  await rendered(page, () => page.goto('/'));
  await rendered(page, () => page.locator(`button.demo-user[data-user="${user}"]`).click());
}

/**
 * Runs `action` and waits until the dashboard has drawn the page it leads to: the page marks
 * `<main>` with a fresh `data-rendered` and drops `aria-busy` when a view is complete.
 */
export async function rendered(page: Page, action: () => Promise<unknown>): Promise<void> {
  const marker = "(document.getElementById('main') || {}).dataset?.rendered || ''";
  const before = await page.evaluate<string>(marker).catch(() => '');
  await action();
  await page.waitForFunction((previous) => {
    // Runs in the page; this project's TypeScript has no DOM types, hence the narrow shape.
    const main = (globalThis as unknown as PageGlobals).document.getElementById('main');
    return (
      !!main?.dataset.rendered &&
      main.dataset.rendered !== previous &&
      !main.hasAttribute('aria-busy')
    );
  }, before);
}

/** What `rendered` reads in the page. */
interface PageGlobals {
  document: {
    getElementById(id: string): {
      dataset: Record<string, string | undefined>;
      hasAttribute(name: string): boolean;
    } | null;
  };
}

/** The id of the focused element. */
export function focusedId(page: Page): Promise<string> {
  return page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');
}

/** How far the page scrolls sideways (0 when it fits the viewport). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
}

/** The value of attribute `name` on every element `locator` matches, in order. */
export function attributes(locator: Locator, name: string): Promise<(string | null)[]> {
  return locator.evaluateAll((elements, n) => elements.map((e) => e.getAttribute(n)), name);
}
