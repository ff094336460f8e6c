import { spawn } from 'node:child_process';
import {
  accessSync,
  constants as fsConstants,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
} from 'node:fs';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { brotliDecompress, createBrotliDecompress } from 'node:zlib';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { TokenService } from '../../../src/auth/token.service';
import type { Principal } from '../../../src/shared/principal';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The browser the tests drive, when set: a path to a Chromium or Chrome executable, or `bundled`
 * for the one shipped in the npm package (what a machine without a system Chromium runs). Unset,
 * a system Chromium is preferred (SYSTEM_CHROMIUMS) and the npm-shipped one is the fallback.
 */
export const CHROMIUM_PATH: string | undefined = process.env.CHROMIUM_PATH?.trim() || undefined;

/** Where a system Chromium or Chrome is looked for, in this order. */
export const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/**
 * The npm package (a devDependency) that ships a Linux x64 Chromium headless shell, brotli
 * compressed, with the few libraries a bare Debian lacks (NSS, NSPR, expat) and a font: it arrives
 * with `npm ci`, nothing is downloaded.
 */
export const BUNDLED_CHROMIUM_PACKAGE = '@sparticuz/chromium';

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

interface ChromiumCandidate {
  /** What the error message calls it. */
  label: string;
  /** The executable, and the environment it needs beside the tests' own. */
  prepare(): Promise<{ executablePath: string; env?: Record<string, string> }>;
}

/**
 * Launches Chromium: CHROMIUM_PATH if set, else the first system Chromium that starts, else the
 * npm-shipped one. When none starts, fails the suite with each reason and the fix in the message: a
 * missing browser must never turn into silently skipped tests.
 */
export async function launchChromium(): Promise<Browser> {
  const failures: string[] = [];
  for (const candidate of chromiumCandidates()) {
    try {
      const { executablePath, env } = await candidate.prepare();
      return await chromium.launch({
        executablePath,
        args: CHROMIUM_ARGS,
        ...(env ? { env: { ...process.env, ...env } } : {}),
      });
    } catch (error) {
      failures.push(`${candidate.label}: ${firstLines(error)}`);
    }
  }
  throw new Error(
    `No Chromium could be started for the browser tests:\n${failures.map((f) => `  - ${f}`).join('\n')}\n` +
      `The npm-shipped one (${BUNDLED_CHROMIUM_PACKAGE}, Linux x64) arrives with \`npm ci\`; ` +
      'elsewhere install Chromium or Chrome, or set CHROMIUM_PATH to its executable.',
  );
}

function chromiumCandidates(): ChromiumCandidate[] {
  const bundled: ChromiumCandidate = {
    label: `the npm-shipped Chromium (${BUNDLED_CHROMIUM_PACKAGE})`,
    prepare: bundledChromium,
  };
  if (CHROMIUM_PATH === 'bundled') return [bundled];
  if (CHROMIUM_PATH) {
    const path = CHROMIUM_PATH;
    return [
      {
        label: `CHROMIUM_PATH=${path}`,
        prepare: async () => {
          accessSync(path, fsConstants.X_OK); // "ENOENT … access '<path>'" says it plainly
          return { executablePath: path };
        },
      },
    ];
  }
  const system = SYSTEM_CHROMIUMS.filter((path) => existsSync(path)).map(
    (path): ChromiumCandidate => ({
      label: `system Chromium ${path}`,
      prepare: async () => ({ executablePath: path }),
    }),
  );
  return [...system, bundled];
}

/** The start of an error's message: Playwright's launch errors carry a long browser log. */
function firstLines(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n');
  return lines.length > 12 ? `${lines.slice(0, 12).join('\n')}\n    …` : text;
}

let bundled: Promise<{ executablePath: string; env: Record<string, string> }> | undefined;

/**
 * The npm-shipped Chromium, unpacked once per version and user into the temporary directory
 * (`follow-up-chromium-<version>-<uid>`: about 200 MB, a second or two) and reused by every later
 * suite and run. Unpacking goes to a private directory renamed into place when complete, so jest
 * workers or runs unpacking at the same time never see, or write into, each other's half-written
 * files: the first rename wins and the others drop theirs. (The package's own `executablePath()`
 * writes straight to /tmp/chromium and returns any file already there, half-written or of another
 * version, hence not used.)
 */
function bundledChromium(): Promise<{ executablePath: string; env: Record<string, string> }> {
  bundled ??= (async () => {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      throw new Error(`it is built for Linux x64 only, not ${process.platform} ${process.arch}`);
    }
    const { bin, version } = bundledPackage();
    const dir = join(tmpdir(), `follow-up-chromium-${version}-${process.getuid?.() ?? 0}`);
    if (!unpacked(dir)) await unpack(bin, dir);
    return {
      executablePath: join(dir, 'chromium'),
      env: {
        // Its own NSS, NSPR and expat, which a bare Debian does not have.
        LD_LIBRARY_PATH: [join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
        // The system's fonts when there is a fontconfig, and the shipped Open Sans in any case.
        FONTCONFIG_FILE: join(dir, 'fonts.conf'),
      },
    };
  })();
  // A failure is not cached: the next suite tries again (and says why again).
  bundled.catch(() => (bundled = undefined));
  return bundled;
}

/** The package's `bin` folder (the compressed files) and version. */
function bundledPackage(): { bin: string; version: string } {
  let entry: string;
  try {
    entry = require.resolve(BUNDLED_CHROMIUM_PACKAGE);
  } catch {
    throw new Error(`${BUNDLED_CHROMIUM_PACKAGE} is not installed: run \`npm ci\``);
  }
  // Its "exports" hide package.json, so walk up from the entry point to the package's folder.
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      name?: string;
      version?: string;
    };
    if (name === BUNDLED_CHROMIUM_PACKAGE && version) return { bin: join(dir, 'bin'), version };
  }
  throw new Error(`the folder of ${BUNDLED_CHROMIUM_PACKAGE} was not found from ${entry}`);
}

const UNPACKED_FILES = [
  'chromium',
  'lib/libnss3.so',
  'lib/libnspr4.so',
  'lib/libexpat.so.1',
  'fonts.conf',
];

function unpacked(dir: string): boolean {
  return UNPACKED_FILES.every((file) => existsSync(join(dir, file)));
}

async function unpack(bin: string, dir: string): Promise<void> {
  if (existsSync(dir)) {
    // Incomplete: something cleaned the temporary directory under it. Set it aside, then unpack.
    const stale = `${dir}.stale-${process.pid}-${Date.now()}`;
    await rename(dir, stale).then(
      () => rm(stale, { recursive: true, force: true }),
      () => undefined, // another process set it aside first
    );
  }
  const staging = await mkdtemp(`${dir}.unpacking-`);
  try {
    await Promise.all([
      pipeline(
        createReadStream(join(bin, 'chromium.br')),
        createBrotliDecompress(),
        createWriteStream(join(staging, 'chromium'), { mode: 0o755 }),
      ),
      untar(join(bin, 'al2023.tar.br'), staging), // lib/: libnss3, libnspr4, libexpat…
      untar(join(bin, 'fonts.tar.br'), join(staging, 'fonts')), // fonts/Open_Sans/*.ttf
    ]);
    await writeFile(
      join(staging, 'fonts.conf'),
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        '<fontconfig>',
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
        `  <dir>${join(dir, 'fonts')}</dir>`,
        `  <cachedir>${join(dir, 'fontconfig-cache')}</cachedir>`,
        '</fontconfig>',
        '',
      ].join('\n'),
    );
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another process renamed its complete copy into place first: use that one.
    if (unpacked(dir)) return;
    throw new Error(`unpacking it into ${dir} failed: ${(error as Error).message}`);
  }
}

/**
 * Extracts a brotli-compressed tar (small: fonts, libraries) with the system's tar. Its stdin may
 * close before the last zero blocks are written (tar stops at the end-of-archive marker), so a
 * write error there is ignored: tar's exit code is the verdict.
 */
async function untar(archive: string, into: string): Promise<void> {
  const data = await promisify(brotliDecompress)(await readFile(archive));
  mkdirSync(into, { recursive: true });
  const tar = spawn('tar', ['-x', '--no-same-owner', '-f', '-', '-C', into], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  tar.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  tar.stdin.on('error', () => undefined);
  tar.stdin.end(data);
  await new Promise<void>((resolve, reject) => {
    tar.once('error', reject); // no tar at all
    tar.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`tar ${archive}: exit ${code} ${stderr.trim()}`)),
    );
  });
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
export async function startDashboardApp(env: NodeJS.ProcessEnv = {}): Promise<DashboardApp> {
  const t = await startTestApp({ demo: true, env: { ...env, AUTH_SECRET: '' } });
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

/** What a dashboard suite's hooks hand to its tests: the app and browser, and a fresh page per test. */
export interface DashboardSuite {
  app: DashboardApp;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/**
 * Registers the hooks every dashboard suite needs: the app and Chromium once (a failure to start
 * either fails every test, with the reason), a new page per test, and after each test the check
 * that no uncaught error, CSP violation or alert() from hostile text happened. `use` receives the
 * suite's state whenever it changes; `env`, read when the app starts (after the suite's own
 * earlier `beforeAll`s), adds to its environment (e.g. SMTP_URL of a sink).
 */
export function useDashboardSuite(
  use: (suite: Partial<DashboardSuite>) => void,
  options: { env?: () => NodeJS.ProcessEnv } = {},
): void {
  const suite: Partial<DashboardSuite> = {};
  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([
      startDashboardApp(options.env?.()),
      launchChromium(),
    ]);
    if (started.status === 'fulfilled') suite.app = started.value;
    if (launched.status === 'fulfilled') suite.browser = launched.value;
    use(suite);
    for (const result of [launched, started]) if (result.status === 'rejected') throw result.reason;
  }, 30_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.close();
  });
  beforeEach(async () => {
    Object.assign(suite, await newPage(suite.browser!, suite.app!.baseUrl));
    use(suite);
  });
  afterEach(async () => {
    await suite.context?.close();
    expect(suite.problems).toEqual([]);
  });
}
