import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The audience the test provider puts in its access tokens (the API's AUTH_AUDIENCE). */
export const TEST_AUDIENCE = 'urn:follow-up:api';

export interface TestProvider {
  issuer: string;
  port: number;
  /**
   * An access token the provider signed (client credentials), carrying `claims` beside its own;
   * for `audience` instead of the API, or issued on a clock `clockOffsetS` off ours.
   */
  token(
    claims: Record<string, unknown>,
    options?: { audience?: string; clockOffsetS?: number },
  ): Promise<string>;
  /** A new signing key, used from now on; the old one stays published. Answers the new kid. */
  rotate(alg?: 'ES256' | 'RS256'): Promise<string>;
  /** Publishes only the newest key. */
  retire(): Promise<void>;
  /** How often discovery and the JWKS were read. */
  stats(): Promise<{ discovery: number; jwks: number }>;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (for a provider started after the app that points at it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real OpenID Connect provider (`oidc-provider`, an ES module, so in a child process of its own:
 * jest runs this code as CommonJS) on 127.0.0.1, issuing JWT access tokens for TEST_AUDIENCE.
 */
export async function startTestProvider(
  options: {
    port?: number;
    redirectUri?: string;
    postLogoutRedirectUri?: string;
    accessTokenTtl?: number;
    alg?: 'ES256' | 'RS256';
  } = {},
): Promise<TestProvider> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(__dirname, 'oidc', 'provider.mjs'),
      JSON.stringify({
        port,
        audience: TEST_AUDIENCE,
        redirectUri: options.redirectUri ?? 'http://127.0.0.1:1/',
        postLogoutRedirectUri: options.postLogoutRedirectUri ?? 'http://127.0.0.1:1/',
        accessTokenTtl: options.accessTokenTtl ?? 600,
        alg: options.alg ?? 'ES256',
      }),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
  );
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { issuer: string }).issuer));
    child.once('exit', (code) => reject(new Error(`test provider exited ${code}: ${errors}`)));
  });
  const control = async (path: string, method = 'POST', body?: unknown) => {
    const response = await fetch(`${issuer}/__control/${path}`, {
      method,
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  return {
    issuer,
    port,
    async token(claims, { audience, clockOffsetS } = {}) {
      await control('claims', 'POST', { claims, audience, clockOffsetS });
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from('service:service-secret').toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          scope: 'api',
        }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (!response.ok || !body.access_token) {
        throw new Error(`token: ${response.status} ${JSON.stringify(body)}`);
      }
      return body.access_token;
    },
    rotate: async (alg) => (await control(`rotate${alg ? `?alg=${alg}` : ''}`)).kid as string,
    retire: async () => void (await control('retire')),
    stats: async () => (await control('stats', 'GET')) as { discovery: number; jwks: number },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
