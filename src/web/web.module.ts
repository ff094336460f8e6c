import { Module } from '@nestjs/common';
import { DemoSignInController, DevelopmentSecretGuard } from './demo-sign-in.controller';
import { ProviderSignInController } from './provider-sign-in.controller';

/**
 * The development-only demo sign-in at `/auth/demo-*`, and sign-in through the province's
 * identity provider (`/auth/provider`, `/api/me`). The dashboard's files at `/` are served by
 * the HTTP platform itself (`serveDashboard`, registered in `createApp`).
 */
@Module({
  controllers: [DemoSignInController, ProviderSignInController],
  providers: [DevelopmentSecretGuard],
})
export class WebModule {}
