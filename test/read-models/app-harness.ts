import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { TokenService } from '../../src/auth/token.service';
import type { Principal, Role } from '../../src/shared/principal';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { validatedHttp } from '../support/test-app';

/** The real application on a temporary data directory (SQLite store), with signed tokens. */
export interface AppHarness {
  app: INestApplication;
  dataDir: string;
  http: ReturnType<typeof request>;
  token(role: Role, unit?: string): string;
  close(): Promise<void>;
}

export async function startApp(
  dataDir = mkdtempSync(join(tmpdir(), 'read-models-')),
  env: NodeJS.ProcessEnv = {},
): Promise<AppHarness> {
  // Through loadConfig, so settings added later get their defaults.
  const config: AppConfig = loadConfig({
    DATA_DIR: dataDir,
    EVENT_STORE: 'sqlite',
    AUTH_SECRET: 'read-models-e2e-secret-0123456789abcdef',
    DEMO: 'false',
    REMINDER_INTERVAL_MS: '0',
    ...env,
  });
  const app = await createApp(config, { logger: false });
  const tokens = app.get(TokenService);
  return {
    app,
    dataDir,
    http: await validatedHttp(app),
    token(role, unit) {
      const principal: Principal = {
        sub: `${role}-1`,
        name: role,
        role,
        ...(unit ? { unit } : {}),
      };
      return `Bearer ${tokens.sign(principal)}`;
    },
    async close() {
      await app.close();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
