import { Logger, type INestApplication, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError } from 'fastify';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { BODY_LIMIT_BYTES, registerJsonBody } from './http/json-body';
import type { HttpReply } from './http/http-types';
import { problem } from './http/problem';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { sendProblem } from './http/problem-reply';
import { registerSecurityHeaders } from './http/security-headers';
import { DtoValidationPipe } from './http/validation';
import { findAssetsRoot, serveDashboard } from './web/dashboard-assets';

/** The identity provider's origin, which the dashboard reads discovery from and exchanges codes with. */
function providerOrigins(config: AppConfig): string[] {
  if (!config.oidc) return [];
  try {
    return [new URL(config.oidc.issuer).origin];
  } catch {
    return []; // A malformed AUTH_ISSUER: logged by the identity provider, nothing to allow.
  }
}

/**
 * Builds and initialises the whole application (used by `main.ts`, the CLI and the e2e tests
 * alike; `listen` is left to the caller), on Fastify:
 * under load its routing and replies cost about half of Express's on the event loop that also runs
 * every command (README, "Performance").
 */
export async function createApp(
  config: AppConfig,
  options: { logger?: LoggerService | LogLevel[] | false } = {},
): Promise<INestApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // Behind a balancer, clients are told apart by X-Forwarded-For (see AppConfig.trustProxy).
    trustProxy: trustProxySetting(config.trustProxy),
    // The router's own refusals (a path segment over 100 characters, a malformed URL) come
    // before Nest and its filters: answered as problem documents here.
    frameworkErrors: (error: FastifyError, _request: unknown, reply: HttpReply) => {
      const status = error.statusCode ?? 400;
      sendProblem(reply, problem(status, `HTTP.${status}`, error.message));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, { logging: options.logger !== false }),
    adapter,
    { bodyParser: false, logger: options.logger },
  );
  const fastify = app.getHttpAdapter().getInstance();
  registerSecurityHeaders(fastify, providerOrigins(config));
  registerJsonBody(fastify);
  const assets = findAssetsRoot();
  if (assets) await serveDashboard(fastify, assets);
  else new Logger('Web').warn('Dashboard assets (src/web/assets) not found: serving the API only');
  if (config.corsOrigins.length > 0) app.enableCors({ origin: config.corsOrigins });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(new DtoValidationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Follow-up engine')
      .setDescription('Directives and recommendations, from raise to resolve. See API.md.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  // Routes are registered by init; Fastify answers (even through supertest) only once ready.
  await app.init();
  await fastify.ready();
  return app;
}

/** TRUST_PROXY as Fastify takes it: a number of hops, or addresses / names such as `loopback`. */
function trustProxySetting(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  return /^\d+$/.test(value) ? Number(value) : value;
}
