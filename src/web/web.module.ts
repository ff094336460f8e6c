import {
  Logger,
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { dashboardAssets, findAssetsRoot } from './dashboard-assets';
import { DemoSignInController, DevelopmentSecretGuard } from './demo-sign-in.controller';

/** The dashboard at `/` (static files) and the development-only demo sign-in at `/auth/demo-*`. */
@Module({
  controllers: [DemoSignInController],
  providers: [DevelopmentSecretGuard],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    const root = findAssetsRoot();
    if (!root) {
      new Logger('Web').warn('Dashboard assets (src/web/assets) not found: serving the API only');
      return;
    }
    consumer.apply(dashboardAssets(root)).forRoutes({ path: '{*path}', method: RequestMethod.GET });
  }
}
