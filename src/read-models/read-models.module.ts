import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { OrganisationModule } from '../organisation/organisation.module';
import { ReferenceDataService } from '../organisation/application/reference-data.service';
import { ReadModels } from './read-models.service';
import { READ_SIDE } from './read-side/read-side';
import { ReadSideQueries } from './read-side/read-side-queries';
import { WorkerReadSide } from './read-side/worker-read-side';

/**
 * Read models (item list, overdue report) kept by a checkpointed projector in a local SQLite file.
 * The query handlers of items and reports ask them through `READ_SIDE`: to a worker thread, or (with
 * `READ_MODELS_THREAD=main`) to `ReadModels` in this thread. Needs the global `EVENT_STORE` and
 * `APP_CONFIG` providers.
 */
@Module({})
export class ReadModelsModule {
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
    return {
      module: ReadModelsModule,
      // READ_SIDE is asked for by the health check too.
      global: true,
      imports: [OrganisationModule],
      providers,
      exports: [READ_SIDE],
    };
  }
}
