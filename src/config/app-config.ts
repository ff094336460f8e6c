import { resolve } from 'node:path';

/** Settings read once from the environment at start-up (see README, "Configuration"). */
export interface AppConfig {
  port: number;
  /** Folder for the SQLite file (events, read models, checkpoints) and the generated auth secret. */
  dataDir: string;
  eventStore: 'sqlite' | 'esdb';
  eventStoreConnectionString?: string;
  /** HS256 signing secret; when unset, one is generated and kept in `dataDir`. */
  authSecret?: string;
  /**
   * The province's identity provider (API.md, "Sign-in through the province's identity provider"):
   * with `AUTH_ISSUER` set, bearer tokens are its access tokens; unset, HS256 tokens only.
   */
  oidc?: OidcConfig;
  /** Key of the units' webhook secrets, 64 hex characters; when unset, one is generated in `dataDir`. */
  contactsKey?: string;
  /**
   * Load the demo session into an empty store on first start. Default: outside production only,
   * since whatever a first start writes stays in the append-only log for good.
   */
  demo: boolean;
  /** Origins allowed by CORS; empty means CORS is closed. */
  corsOrigins: string[];
  /** Bad tokens a client may present per minute before it is refused for a minute (429). */
  authFailuresPerMinute: number;
  /**
   * Fastify's `trustProxy` (e.g. `1` for one load balancer): behind a proxy, clients are told apart
   * by X-Forwarded-For, so one client's bad tokens do not lock out everyone behind the same proxy.
   */
  trustProxy?: string;
  /**
   * Where the read models (projector and queries) run: `worker`, a worker thread of their own (the
   * default: commands are then answered on one core while projecting and reporting use the other),
   * or `main`, the event loop that answers HTTP (one thread; tests that look inside the files).
   */
  readModelsThread: 'worker' | 'main';
  /** How often the reminder engine looks for due rules, ms; 0 turns the engine off. */
  reminderIntervalMs: number;
  /** How often the outbox sends what is due, ms; 0 turns sending off. */
  deliveryIntervalMs: number;
  /** `SMTP_URL` (`smtp://host:port`); without it, nothing is emailed. */
  smtpUrl?: string;
  /** `MAIL_FROM`: the sender of notification emails. */
  mailFrom: string;
  /** `DASHBOARD_URL`: where links in emails point (default http://localhost:<port>). */
  dashboardUrl: string;
  /** `AUDIT_SIGNING_KEY`: Ed25519 private key (PEM) of the checkpoints; else generated in `dataDir`. */
  auditSigningKey?: string;
  /** `AUDIT_CHECKPOINT_EVENTS`: a checkpoint after this many new events (default 1000). */
  auditCheckpointEvents: number;
  /** `AUDIT_CHECKPOINT_SECONDS`: or this long after the first event it would cover (default 60). */
  auditCheckpointSeconds: number;
  /**
   * `LATE_ENTRY_WORKING_DAYS`: a completion recorded more than this many working days after the
   * date it states is shown to the reviewing office as entered late (default 3).
   */
  lateEntryWorkingDays: number;
}

/** `AUTH_ISSUER` and the settings that go with it (README, "Sign-in through the province's identity provider"). */
export interface OidcConfig {
  /** `AUTH_ISSUER`: the issuer URL, compared exactly with the tokens' `iss` and discovery's `issuer`. */
  issuer: string;
  /** `AUTH_AUDIENCE`: the `aud` this API's access tokens carry. */
  audience: string;
  /** `AUTH_DISCOVERY_URL`: where to read the discovery document, when not `<issuer>/.well-known/openid-configuration`. */
  discoveryUrl?: string;
  /** `AUTH_ROLE_CLAIM` (default `role`): a role or a list of roles; a dotted path reaches into objects. */
  roleClaim: string;
  /** `AUTH_UNIT_CLAIM` (default `unit`): a unit user's unit id. */
  unitClaim: string;
  /** `AUTH_CLIENT_ID`: the dashboard's public client (authorization code with PKCE); unset, no provider sign-in page. */
  clientId?: string;
  /** `AUTH_SCOPE` (default `openid profile`): what the dashboard asks for. */
  scope: string;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const eventStore = (env.EVENT_STORE ?? 'sqlite').toLowerCase();
  if (eventStore !== 'sqlite' && eventStore !== 'esdb') {
    throw new Error(`EVENT_STORE must be "sqlite" or "esdb", not "${env.EVENT_STORE}"`);
  }
  if (eventStore === 'esdb' && !env.EVENTSTORE_CONNECTION_STRING) {
    throw new Error('EVENT_STORE=esdb needs EVENTSTORE_CONNECTION_STRING');
  }
  // A generated secret opens demo sign-in to anyone who reaches the server: never in production.
  // With an identity provider there is no demo sign-in, and no HS256 token without AUTH_SECRET.
  if (env.NODE_ENV === 'production' && !env.AUTH_SECRET && !env.AUTH_ISSUER) {
    throw new Error(
      'AUTH_SECRET is required when NODE_ENV=production (at least 32 characters), unless AUTH_ISSUER is set',
    );
  }
  const oidc = oidcConfig(env);
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  }
  const authFailuresPerMinute = Number(env.AUTH_FAILURES_PER_MINUTE ?? 30);
  if (!Number.isInteger(authFailuresPerMinute) || authFailuresPerMinute < 1) {
    throw new Error(
      `AUTH_FAILURES_PER_MINUTE must be a positive whole number, not "${env.AUTH_FAILURES_PER_MINUTE}"`,
    );
  }
  const readModelsThread = (env.READ_MODELS_THREAD ?? 'worker').toLowerCase();
  if (readModelsThread !== 'worker' && readModelsThread !== 'main') {
    throw new Error(
      `READ_MODELS_THREAD must be "worker" or "main", not "${env.READ_MODELS_THREAD}"`,
    );
  }
  const reminderIntervalMs = Number(env.REMINDER_INTERVAL_MS ?? 60_000);
  if (!Number.isInteger(reminderIntervalMs) || reminderIntervalMs < 0) {
    throw new Error(
      `REMINDER_INTERVAL_MS must be a whole number of milliseconds (0: off), not "${env.REMINDER_INTERVAL_MS}"`,
    );
  }
  const deliveryIntervalMs = Number(env.DELIVERY_INTERVAL_MS ?? 15_000);
  if (!Number.isInteger(deliveryIntervalMs) || deliveryIntervalMs < 0) {
    throw new Error(
      `DELIVERY_INTERVAL_MS must be a whole number of milliseconds (0: off), not "${env.DELIVERY_INTERVAL_MS}"`,
    );
  }
  const lateEntryWorkingDays = Number(env.LATE_ENTRY_WORKING_DAYS ?? 3);
  if (!Number.isInteger(lateEntryWorkingDays) || lateEntryWorkingDays < 0) {
    throw new Error(
      `LATE_ENTRY_WORKING_DAYS must be a whole number of working days, not "${env.LATE_ENTRY_WORKING_DAYS}"`,
    );
  }
  const auditCheckpointEvents = Number(env.AUDIT_CHECKPOINT_EVENTS ?? 1000);
  const auditCheckpointSeconds = Number(env.AUDIT_CHECKPOINT_SECONDS ?? 60);
  for (const [name, value] of [
    ['AUDIT_CHECKPOINT_EVENTS', auditCheckpointEvents],
    ['AUDIT_CHECKPOINT_SECONDS', auditCheckpointSeconds],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`${name} must be a whole number of at least 1, not "${env[name]}"`);
    }
  }
  return {
    port,
    auditSigningKey: env.AUDIT_SIGNING_KEY || undefined,
    auditCheckpointEvents,
    auditCheckpointSeconds,
    lateEntryWorkingDays,
    reminderIntervalMs,
    deliveryIntervalMs,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Theo doi chi dao <theodoi@localhost>',
    dashboardUrl: (env.DASHBOARD_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    readModelsThread,
    authFailuresPerMinute,
    trustProxy: env.TRUST_PROXY || undefined,
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    eventStore,
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING,
    authSecret: env.AUTH_SECRET || undefined,
    ...(oidc ? { oidc } : {}),
    contactsKey: env.CONTACTS_KEY || undefined,
    demo: parseFlag('DEMO', env.DEMO, env.NODE_ENV !== 'production'),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  };
}

/**
 * The identity provider's settings, or undefined without `AUTH_ISSUER`. The issuer URL itself is
 * not judged here: a malformed one, like a provider that is down, leaves the server up answering
 * 503 on `/api` and saying why in its log (issue 21).
 */
function oidcConfig(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuer = env.AUTH_ISSUER?.trim();
  if (!issuer) return undefined;
  const audience = env.AUTH_AUDIENCE?.trim();
  if (!audience) throw new Error("AUTH_ISSUER needs AUTH_AUDIENCE (the aud of this API's tokens)");
  return {
    issuer,
    audience,
    discoveryUrl: env.AUTH_DISCOVERY_URL?.trim() || undefined,
    roleClaim: env.AUTH_ROLE_CLAIM?.trim() || 'role',
    unitClaim: env.AUTH_UNIT_CLAIM?.trim() || 'unit',
    clientId: env.AUTH_CLIENT_ID?.trim() || undefined,
    scope: env.AUTH_SCOPE?.trim() || 'openid profile',
  };
}

/** `true`/`1`/`yes`/`on` or `false`/`0`/`no`/`off` (any case); unset or empty is `fallback`. */
function parseFlag(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  if (/^(true|1|yes|on)$/i.test(value.trim())) return true;
  if (/^(false|0|no|off)$/i.test(value.trim())) return false;
  throw new Error(`${name} must be "true" or "false", not "${value}"`);
}
