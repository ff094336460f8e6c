import { Module } from '@nestjs/common';
import { DemoSignInController, DevelopmentSecretGuard } from './demo-sign-in.controller';

/**
 * The development-only demo sign-in at `/auth/demo-*`. The dashboard's files at `/` are served by
 * the HTTP platform itself (`serveDashboard`, registered in `createApp`).
 */
@Module({
  controllers: [DemoSignInController],
  providers: [DevelopmentSecretGuard],
})
export class WebModule {}
