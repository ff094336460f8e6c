import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { AuthGuard } from './auth.guard';
import { resolveAuthSecret, type AuthSecret } from './auth-secret';
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
    ThrottlerStorageService,
    AuthFailureLimiter,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService, AUTH_SECRET],
})
export class AuthModule {}
