import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../http/problem';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { IS_PUBLIC } from './public.decorator';
import { ALLOWED_ROLES } from './roles.decorator';
import type { Principal, Role } from '../shared/principal';
import { InvalidTokenError, TokenService } from './token.service';
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
    @Inject(TokenService) private readonly tokens: TokenService,
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
    this.failures.assertNotBlocked(client);
    const token = bearerTokenOf(request.headers.authorization);
    if (!token) {
      await this.failures.recordFailure(client);
      throw unauthorized('Send a bearer token in the Authorization header');
    }
    try {
      request.principal = this.tokens.verify(token);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      // An expired token is no attack: the user signs in again; it does not count as a failure.
      if (error.expired) throw unauthorized('The token has expired', 'AUTH.TOKEN_EXPIRED');
      await this.failures.recordFailure(client);
      throw unauthorized('The token is invalid');
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
