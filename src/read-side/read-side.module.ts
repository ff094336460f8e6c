import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { OrganisationModule } from '../organisation/organisation.module';
import { ReferenceDataService } from '../organisation/application/reference-data.service';
import { ITEM_LIST_READER } from '../items/application/item-list-reader';
import { READ_SIDE_STATUS } from '../read-models/read-side-status';
import { OVERDUE_REPORT_READER } from '../reports/overdue/overdue-report-reader';
import { PERIOD_REPORT_READER } from '../reports/period/period-report-reader';
import { RATINGS_READER } from '../reports/ratings/ratings-reader';
import { INBOX_READER } from '../notifications/application/inbox-reader';
import { REMINDER_AGENDA_READER } from '../reminders/application/reminder-agenda-reader';
import { CALENDAR_EFFECTS_READER } from '../reminders/application/calendar-effects-reader';
import { ReadModels } from './read-models.service';
import { READ_SIDE } from './read-side';
import { ReadSideQueries } from './read-side-queries';
import { WorkerReadSide } from './worker-read-side';

/**
 * Read models (item list, overdue report) kept by a checkpointed projector in a local SQLite file.
 * `READ_SIDE` answers their queries: in a worker thread, or (with `READ_MODELS_THREAD=main`) in this
 * thread. Each feature asks for it under the token of its own port (items, reports, health), so no
 * feature depends on this module or on the others'. Needs the global `EVENT_STORE` and
 * `APP_CONFIG` providers.
 */
@Module({})
export class ReadSideModule {
  static forRoot(config: AppConfig, options: { logging: boolean }): DynamicModule {
    const providers: Provider[] =
      config.readModelsThread === 'worker'
        ? [
            {
              provide: READ_SIDE,
              inject: [APP_CONFIG, EVENT_STORE],
              useFactory: (appConfig: AppConfig, store: EventStore) =>
                new WorkerReadSide(appConfig, store, options.logging),
            },
          ]
        : [
            ReadModels,
            {
              provide: READ_SIDE,
              inject: [ReadModels, ReferenceDataService],
              useFactory: (readModels: ReadModels, referenceData: ReferenceDataService) =>
                new ReadSideQueries(readModels, referenceData),
            },
          ];
    const ports = [
      ITEM_LIST_READER,
      OVERDUE_REPORT_READER,
      PERIOD_REPORT_READER,
      RATINGS_READER,
      REMINDER_AGENDA_READER,
      CALENDAR_EFFECTS_READER,
      INBOX_READER,
      READ_SIDE_STATUS,
    ];
    return {
      module: ReadSideModule,
      global: true,
      imports: [OrganisationModule],
      providers: [
        ...providers,
        ...ports.map((port) => ({ provide: port, useExisting: READ_SIDE })),
      ],
      exports: [READ_SIDE, ...ports],
    };
  }
}
