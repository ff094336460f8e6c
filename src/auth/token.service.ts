import { createSecretKey, type KeyObject } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { isRole, type Principal } from '../shared/principal';

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';

  /** True when the token was good but its time is up: the user only needs to sign in again. */
  constructor(
    message: string,
    readonly expired = false,
  ) {
    super(message);
  }
}

const ALGORITHM = 'HS256';
/** Verified tokens remembered; a client sends the same token with every request. */
const VERIFIED_CACHE_SIZE = 10_000;

/** Signs and verifies the API's bearer tokens (HS256 only; `none` and every other algorithm are refused). */
export class TokenService {
  /**
   * The secret as a key object, made once: given a string, jsonwebtoken first tries to parse it as
   * a public key on every call, which cost more than the rest of a request put together.
   */
  private readonly secret: KeyObject;
  /**
   * Tokens already verified, with their principal and expiry. A token's signature cannot change,
   * so only its expiry needs checking again; this saves the HMAC and JSON parsing on every request.
   */
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(secret: string) {
    this.secret = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  sign(principal: Principal, options: { expiresIn?: jwt.SignOptions['expiresIn'] } = {}): string {
    const { sub, ...claims } = principal;
    return jwt.sign(claims, this.secret, {
      algorithm: ALGORITHM,
      subject: sub,
      expiresIn: options.expiresIn ?? '12h',
    });
  }

  verify(token: string): Principal {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAtMs) return known.principal;
      this.verified.delete(token);
      throw new InvalidTokenError('jwt expired', true);
    }
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
    return this.verifySignedToken(token);
  }

  private verifySignedToken(token: string): Principal {
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, this.secret, { algorithms: [ALGORITHM] });
    } catch (error) {
      throw new InvalidTokenError((error as Error).message, error instanceof jwt.TokenExpiredError);
    }
    if (typeof payload === 'string') throw new InvalidTokenError('token payload is not an object');
    // Claims have types: an object or array `sub` would be stored as the actor and collide in ids.
    const { sub, name, role, unit: unitClaim, exp } = payload as Record<string, unknown>;
    if (typeof sub !== 'string' || sub === '') throw new InvalidTokenError('sub must be text');
    if (name !== undefined && typeof name !== 'string') {
      throw new InvalidTokenError('name must be text');
    }
    if (typeof role !== 'string' || !isRole(role)) throw new InvalidTokenError('unknown role');
    if (unitClaim !== undefined && typeof unitClaim !== 'string') {
      throw new InvalidTokenError('unit must be text');
    }
    if (typeof exp !== 'number') throw new InvalidTokenError('token has no expiry');
    const unit = unitClaim || undefined;
    if (role === 'unit' && !unit) throw new InvalidTokenError('unit token without unit');
    const principal: Principal = Object.freeze({
      sub,
      name: name ?? sub,
      role,
      ...(role === 'unit' ? { unit } : {}),
    });
    this.verified.set(token, { principal, expiresAtMs: exp * 1000 });
    return principal;
  }
}
