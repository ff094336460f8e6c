import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { AuditController } from './audit/audit.controller';
import { ItemsListController } from './items/items-list.controller';
import { OverdueReportController } from './overdue-report/overdue-report.controller';
import { ReadModels } from './read-models.service';

/**
 * Read models (item list, overdue report) kept by a checkpointed projector in a local SQLite file,
 * plus the audit endpoints. Needs the global `EVENT_STORE` and `APP_CONFIG` providers.
 */
@Module({
  imports: [OrganisationModule],
  controllers: [ItemsListController, OverdueReportController, AuditController],
  providers: [ReadModels],
  exports: [ReadModels],
})
export class ReadModelsModule {}
