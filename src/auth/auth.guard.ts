import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../http/problem';
import { AuthFailureLimiter, tooManyFailures } from './auth-failure-limiter';
import { IS_PUBLIC } from './public.decorator';
import { ALLOWED_ROLES } from './roles.decorator';
import type { Principal, Role } from '../shared/principal';
import { AccessTokenVerifier } from './access-token-verifier';
import { ProviderUnavailableError } from './identity-provider';
import { NotPermittedError } from './provider-claims';
import { InvalidTokenError } from './token.service';
import { bearerTokenOf } from './bearer-token';

/**
 * Global guard: every route needs a valid bearer token unless marked `@Public()`;
 * `@Roles(...)` then narrows who may call it. Unit scoping on items is decided per item
 * (see `item-access.ts`), since it depends on the item's state.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AccessTokenVerifier) private readonly tokens: AccessTokenVerifier,
    private readonly failures: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{
      ip?: string;
      headers: Record<string, string | undefined>;
      principal?: Principal;
    }>();
    const client = request.ip ?? 'unknown';
    // A client refused for bad tokens is still let in with a good one: one misconfigured client
    // behind a commune's NAT must not lock out its neighbours. What a refused client costs is
    // kept small instead: no key reads from the provider, no counting, no log.
    const blockedForMs = this.failures.blockedForMs(client);
    const token = bearerTokenOf(request.headers.authorization);
    try {
      if (!token) throw new InvalidTokenError('no bearer token');
      request.principal = await this.tokens.verify(token, { mayReadKeys: blockedForMs === 0 });
    } catch (error) {
      if (error instanceof ProviderUnavailableError) {
        throw new ProblemException(503, 'AUTH.PROVIDER_UNAVAILABLE', error.message, undefined, {
          'Retry-After': String(error.retryAfterSeconds),
        });
      }
      if (error instanceof NotPermittedError)
        throw new ProblemException(403, error.code, error.message);
      if (!(error instanceof InvalidTokenError)) throw error;
      // An expired token is no attack: the user signs in again; it does not count as a failure.
      if (error.expired) throw unauthorized('The token has expired', 'AUTH.TOKEN_EXPIRED');
      if (blockedForMs > 0) throw tooManyFailures(blockedForMs);
      await this.failures.recordFailure(client);
      throw unauthorized(
        token ? 'The token is invalid' : 'Send a bearer token in the Authorization header',
      );
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(request.principal.role)) {
      throw new ProblemException(
        403,
        'AUTH.FORBIDDEN',
        `The ${request.principal.role} role may not do this`,
      );
    }
    return true;
  }
}

/** 401: `AUTH.TOKEN_EXPIRED` for a good token whose time is up, else `AUTH.UNAUTHENTICATED`. */
function unauthorized(detail: string, code = 'AUTH.UNAUTHENTICATED'): ProblemException {
  const error = code === 'AUTH.TOKEN_EXPIRED' ? ', error="invalid_token"' : '';
  return new ProblemException(401, code, detail, undefined, {
    'WWW-Authenticate': `Bearer${error}`,
  });
}
