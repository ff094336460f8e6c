import { Logger } from '@nestjs/common';
import {
  createLocalJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type FlattenedJWSInput,
  type KeyLike,
} from 'jose';
import type { OidcConfig } from '../config/app-config';
import type { Principal } from '../shared/principal';
import { principalFromClaims } from './provider-claims';
import { InvalidTokenError } from './token.service';

/** The provider has not been reached yet (discovery pending, keys unreadable): 503, try later. */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** What the dashboard needs of the discovery document. */
export interface ProviderMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  endSessionEndpoint?: string;
  jwksUri: string;
}

export interface IdentityProviderOptions {
  /** The least time between two reads of the JWKS (default 5 s): a flood of unknown `kid`s costs the provider one read per period. */
  keysCooldownMs?: number;
  /** Known keys are read again in the background once this old (default 10 min), so a withdrawn key stops working. */
  keysMaxAgeMs?: number;
  logger?: Pick<Logger, 'warn' | 'log'>;
}

/** Access tokens are signed with these; `none`, HS256 and the rest are refused before any key is looked up. */
const ALGORITHMS = ['RS256', 'ES256'];
/** Seconds of disagreement between our clock and the provider's tolerated on `exp` and `nbf`. */
const CLOCK_TOLERANCE_S = 30;
const FETCH_TIMEOUT_MS = 5_000;
const MAX_DOCUMENT_BYTES = 512 * 1024;
const DISCOVERY_RETRY_MIN_MS = 1_000;
const DISCOVERY_RETRY_MAX_MS = 30_000;

/**
 * The province's OpenID Connect provider as this API sees it: discovery (retried with backoff
 * until it answers), its signing keys (read again when a token names a key we do not know, at
 * most once per cooldown, all waiting callers sharing the one read), and verification of its
 * access tokens with jose.
 */
export class IdentityProvider {
  private metadata: ProviderMetadata | null = null;
  private discoveryError = 'discovery has not finished yet';
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private keys: ReturnType<typeof createLocalJWKSet> | null = null;
  private keysReadAt = -Infinity;
  private keysRead: Promise<void> | null = null;
  private readonly keysCooldownMs: number;
  private readonly keysMaxAgeMs: number;
  private readonly logger: Pick<Logger, 'warn' | 'log'>;

  constructor(
    readonly config: OidcConfig,
    options: IdentityProviderOptions = {},
  ) {
    this.keysCooldownMs = options.keysCooldownMs ?? 5_000;
    this.keysMaxAgeMs = options.keysMaxAgeMs ?? 10 * 60_000;
    this.logger = options.logger ?? new Logger('IdentityProvider');
  }

  /** Starts discovery; resolves once the first attempt is over (the server starts either way). */
  start(): Promise<void> {
    return this.discover(DISCOVERY_RETRY_MIN_MS);
  }

  onModuleDestroy(): void {
    this.stop();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  /** The discovery document's endpoints, or ProviderUnavailableError while it is not read. */
  endpoints(): ProviderMetadata {
    if (!this.metadata) {
      throw new ProviderUnavailableError(
        `The identity provider ${this.config.issuer} has not been reached: ${this.discoveryError}`,
        5,
      );
    }
    return this.metadata;
  }

  /**
   * The caller a provider's access token names. `mayReadKeys: false` (a client refused for bad
   * tokens) verifies with the keys already known and never asks the provider.
   */
  async verify(token: string, { mayReadKeys = true } = {}): Promise<Principal> {
    this.endpoints();
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(
        token,
        (header, input) => this.keyFor(header, input, mayReadKeys),
        {
          issuer: this.config.issuer,
          audience: this.config.audience,
          algorithms: ALGORITHMS,
          clockTolerance: CLOCK_TOLERANCE_S,
          requiredClaims: ['exp', 'sub'],
        },
      ));
    } catch (error) {
      if (error instanceof ProviderUnavailableError || error instanceof InvalidTokenError) {
        throw error;
      }
      if (error instanceof errors.JWTExpired) throw new InvalidTokenError('jwt expired', true);
      if (error instanceof errors.JOSEError || error instanceof TypeError) {
        throw new InvalidTokenError(error.message);
      }
      throw error;
    }
    return principalFromClaims(payload, {
      role: this.config.roleClaim,
      unit: this.config.unitClaim,
    });
  }

  private async keyFor(
    header: JWSHeaderParameters,
    input: FlattenedJWSInput,
    mayReadKeys: boolean,
  ): Promise<KeyLike> {
    if (this.keys) {
      try {
        const key = await this.keys(header, input);
        if (mayReadKeys && Date.now() - this.keysReadAt > this.keysMaxAgeMs) {
          void this.readKeys().catch(() => undefined);
        }
        return key;
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      }
    }
    if (!mayReadKeys) throw new InvalidTokenError('no known key matches the token');
    await this.readKeys();
    if (!this.keys) {
      throw new ProviderUnavailableError("The identity provider's keys could not be read", 5);
    }
    // After a fresh read an unknown kid is simply not the provider's: 401.
    try {
      return await this.keys(header, input);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) {
        throw new InvalidTokenError('no key of the provider matches the token');
      }
      throw error;
    }
  }

  /**
   * One read of the JWKS for everyone waiting: a caller arriving within the cooldown of the last
   * read waits for the cooldown's end instead of asking the provider again. A failed read keeps
   * the keys we had.
   */
  private readKeys(): Promise<void> {
    this.keysRead ??= (async () => {
      const wait = this.keysReadAt + this.keysCooldownMs - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        const jwks = await fetchJson(this.endpoints().jwksUri);
        if (!Array.isArray((jwks as { keys?: unknown }).keys)) {
          throw new Error('the JWKS has no "keys" list');
        }
        this.keys = createLocalJWKSet(jwks as unknown as JSONWebKeySet);
      } catch (error) {
        this.logger.warn(
          `Reading the identity provider's keys failed: ${(error as Error).message}`,
        );
      } finally {
        this.keysReadAt = Date.now();
        this.keysRead = null;
      }
    })();
    return this.keysRead;
  }

  private async discover(retryMs: number): Promise<void> {
    if (this.stopped) return;
    const { issuer } = this.config;
    let url: URL;
    try {
      url = new URL(
        this.config.discoveryUrl ??
          `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
      );
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    } catch {
      // Nothing to retry: the setting itself must change. /api answers 503 saying so.
      this.discoveryError = `AUTH_ISSUER (or AUTH_DISCOVERY_URL) is not an http(s) URL: "${this.config.discoveryUrl ?? issuer}"`;
      this.logger.warn(this.discoveryError);
      return;
    }
    try {
      this.metadata = metadataOf(await fetchJson(url.href), issuer);
      this.logger.log(`Identity provider ${issuer} discovered`);
      await this.readKeys();
    } catch (error) {
      this.discoveryError = (error as Error).message;
      this.logger.warn(
        `Discovery of ${issuer} failed (${this.discoveryError}); trying again in ${retryMs / 1000} s`,
      );
      this.retryTimer = setTimeout(
        () => void this.discover(Math.min(retryMs * 2, DISCOVERY_RETRY_MAX_MS)),
        retryMs,
      );
      this.retryTimer.unref();
    }
  }
}

function metadataOf(document: unknown, issuer: string): ProviderMetadata {
  const d = document as Record<string, unknown>;
  // OpenID Connect Discovery 1.0, section 4.3: the issuer must be exactly the one asked for.
  if (d.issuer !== issuer) {
    throw new Error(`the discovery document names issuer "${String(d.issuer)}", not "${issuer}"`);
  }
  const url = (name: string, required: boolean): string | undefined => {
    const value = d[name];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || !/^https?:\/\//.test(value)) {
      throw new Error(`the discovery document has no usable ${name}`);
    }
    return value;
  };
  return {
    issuer,
    jwksUri: url('jwks_uri', true)!,
    authorizationEndpoint: url('authorization_endpoint', true)!,
    tokenEndpoint: url('token_endpoint', true)!,
    endSessionEndpoint: url('end_session_endpoint', false),
  };
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, {
    headers: { Accept: 'application/json' },
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_DOCUMENT_BYTES) throw new Error(`${url} answered more than 512 KiB`);
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object') throw new Error(`${url} is not a JSON object`);
  return value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
