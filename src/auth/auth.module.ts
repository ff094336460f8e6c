import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AccessTokenVerifier } from './access-token-verifier';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { AuthGuard } from './auth.guard';
import { resolveAuthSecret, type AuthSecret } from './auth-secret';
import { IdentityProvider } from './identity-provider';
import { TokenService } from './token.service';

export const AUTH_SECRET = Symbol('AUTH_SECRET');

@Global()
@Module({
  providers: [
    {
      provide: AUTH_SECRET,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): AuthSecret =>
        resolveAuthSecret(config.authSecret, config.dataDir),
    },
    {
      provide: TokenService,
      inject: [AUTH_SECRET],
      useFactory: (secret: AuthSecret) => new TokenService(secret.value),
    },
    {
      provide: IdentityProvider,
      inject: [APP_CONFIG],
      // The first discovery attempt is awaited (bounded by its timeouts); a failure leaves the
      // server up, answering 503 on /api while discovery is retried.
      useFactory: async (config: AppConfig): Promise<IdentityProvider | null> => {
        if (!config.oidc) return null;
        const provider = new IdentityProvider(config.oidc);
        await provider.start();
        return provider;
      },
    },
    {
      provide: AccessTokenVerifier,
      inject: [AUTH_SECRET, TokenService, IdentityProvider],
      useFactory: (secret: AuthSecret, tokens: TokenService, provider: IdentityProvider | null) =>
        // With a provider, a generated secret signs nothing that is accepted (no demo sign-in).
        new AccessTokenVerifier(!provider || !secret.generated ? tokens : null, provider),
    },
    ThrottlerStorageService,
    AuthFailureLimiter,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService, AUTH_SECRET, AccessTokenVerifier, IdentityProvider],
})
export class AuthModule {}
