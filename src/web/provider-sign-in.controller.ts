import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, API_PROBLEMS, S } from '../http/api-docs';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { IdentityProvider } from '../auth/identity-provider';
import { Public } from '../auth/public.decorator';
import { ProblemException } from '../http/problem';
import type { Principal } from '../shared/principal';

/**
 * What the dashboard needs to sign in through the provider (authorization code with PKCE). The
 * browser reads the endpoints from the issuer's own discovery document: the server may reach the
 * provider by another address (`AUTH_DISCOVERY_URL`, inside a compose network) than users do.
 */
export interface ProviderSignIn {
  issuer: string;
  clientId: string;
  scope: string;
}

/**
 * The dashboard's side of sign-in through the province's identity provider: which provider and
 * client to sign in with, and who the server takes the signed-in user to be (role and unit are read from
 * claims the server is configured for, which the browser cannot know).
 */
@ApiTags('auth')
@Controller()
export class ProviderSignInController {
  constructor(@Inject(IdentityProvider) private readonly provider: IdentityProvider | null) {}

  @Get('auth/provider')
  @Public()
  @ApiOperation({
    summary: 'The identity provider the dashboard signs in with',
    security: [],
    description:
      "Answers 404 (AUTH.NO_PROVIDER) unless AUTH_ISSUER and AUTH_CLIENT_ID are set. The endpoints are read from the issuer's discovery document.",
  })
  @ApiOkResponse({
    schema: S.object({ issuer: S.string(), clientId: S.string(), scope: S.string() }),
  })
  @ApiProblems(404)
  settings(): ProviderSignIn {
    const clientId = this.provider?.config.clientId;
    if (!this.provider || !clientId) {
      throw new ProblemException(
        404,
        'AUTH.NO_PROVIDER',
        'This server has no identity provider to sign in with (AUTH_ISSUER, AUTH_CLIENT_ID)',
      );
    }
    return { issuer: this.provider.config.issuer, clientId, scope: this.provider.config.scope };
  }

  @Get('api/me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The caller as the server reads the token: sub, name, role, unit' })
  @ApiOkResponse({
    schema: S.object({ sub: S.string(), name: S.string(), role: S.string(), unit: S.string() }, [
      'unit',
    ]),
  })
  @ApiProblems(...API_PROBLEMS)
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
