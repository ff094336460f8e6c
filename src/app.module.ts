import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { EventStoreModule } from './event-store/event-store.module';
import { ItemsModule } from './items/items.module';
import { AuditModule } from './audit/audit.module';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrganisationModule } from './organisation/organisation.module';
import { RemindersModule } from './reminders/reminders.module';
import { ReadSideModule } from './read-side/read-side.module';
import { ReportsModule } from './reports/reports.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: { logging: boolean }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(),
        AuthModule,
        OrganisationModule,
        RemindersModule,
        ItemsModule,
        ReadSideModule.forRoot(config, options),
        ReportsModule,
        AuditModule,
        NotificationsModule,
        HealthModule,
        WebModule,
      ],
    };
  }
}
