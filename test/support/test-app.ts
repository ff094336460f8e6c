import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { Role } from '../../src/shared/principal';
import { TokenService } from '../../src/auth/token.service';
import { createApp } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { seedDemo } from '../../src/demo/seed-demo';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { OpenApiValidator, reportMismatch, type OpenApiDocument } from './openapi-validator';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  store: EventStore;
  dataDir: string;
  config: AppConfig;
  token(role: Role, unit?: string, sub?: string): string;
  /** Stops the app; keeps the data directory unless `removeData`. */
  close(options?: { removeData?: boolean }): Promise<void>;
}

/**
 * The real application on a temporary SQLite file, as `npm start` builds it (no demo data unless
 * asked). Pass `dataDir` to reopen an earlier one, as a restart would.
 */
export async function startTestApp(
  options: { dataDir?: string; demo?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'follow-up-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    AUTH_SECRET: TEST_SECRET,
    DEMO: 'false',
    // No reminder fires on its own during a test (it would append to the log between two reads);
    // reminder tests drive the engine's ticks themselves.
    REMINDER_INTERVAL_MS: '0',
    DELIVERY_INTERVAL_MS: '0',
    ...options.env,
  });
  const app = await createApp(config, { logger: false });
  if (options.demo) await seedDemo(app);
  const tokens = new TokenService(TEST_SECRET);
  return {
    app,
    http: await validatedHttp(app),
    store: app.get<EventStore>(EVENT_STORE),
    dataDir,
    config,
    token: (role, unit, sub) =>
      tokens.sign({
        sub: sub ?? `${role}-${unit ?? 'user'}`,
        name: `${role} ${unit ?? ''}`.trim(),
        role,
        ...(unit ? { unit } : {}),
      }),
    async close({ removeData = true } = {}) {
      await app.close();
      if (removeData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let validator: OpenApiValidator | undefined;

/**
 * A supertest agent whose every response is checked against the OpenAPI document the app serves
 * (see `OpenApiValidator`): a test that meets an undocumented status, content type or shape fails.
 * The document is read once per test process (every app serves the same one).
 */
export async function validatedHttp(app: INestApplication): Promise<ReturnType<typeof request>> {
  const http = request(app.getHttpServer());
  if (!validator) {
    const served = await http.get('/docs-json').expect(200);
    validator = new OpenApiValidator(served.body as OpenApiDocument);
  }
  const checker = validator;
  return new Proxy(http, {
    get(target, method: string) {
      const make = target[method as keyof typeof target];
      if (typeof make !== 'function') return make;
      return (url: string) =>
        (make as (url: string) => request.Test)(url).expect((response) => {
          const mismatch = checker.check(method, url, response);
          if (mismatch) reportMismatch(mismatch);
        });
    },
  });
}

/** Units most tests need: two departments and two communes. */
export const TEST_UNITS = [
  { id: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department' },
  { id: 'so-y-te', name: 'Sở Y tế', kind: 'department' },
  { id: 'xa-thanh-ba', name: 'Xã Thanh Ba', kind: 'commune', code: '08152' },
  { id: 'xa-quang-yen', name: 'Xã Quảng Yên', kind: 'commune', code: '08173' },
] as const;

export async function registerTestUnits(t: TestApp): Promise<void> {
  for (const unit of TEST_UNITS) {
    await t.http
      .post('/api/units')
      .set('Authorization', `Bearer ${t.token('admin')}`)
      .send(unit)
      .expect(201);
  }
}

/** Whether a `/health` answer reports a missing calendar year (which degrades it by itself). */
export function calendarMissing(health: { calendar?: { warnings?: { code: string }[] } }): boolean {
  return (health.calendar?.warnings ?? []).some((w) => w.code === 'CALENDAR.YEAR_MISSING');
}
