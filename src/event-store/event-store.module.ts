import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { ensurePrivateDir } from '../shared/private-files';

/** File of the embedded store inside DATA_DIR. */
export const SQLITE_FILE = 'follow-up.db';

/** Opens the configured store. Only this factory knows which adapter is in use. */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStore === 'esdb') {
    // Loaded lazily so the SQLite default never loads the gRPC client.
    const { EsdbEventStore } = await import('./esdb/esdb-event-store');
    return new EsdbEventStore(config.eventStoreConnectionString!);
  }
  ensurePrivateDir(config.dataDir);
  // The writer thread keeps each batch's fsync off the event loop that answers HTTP.
  return new SqliteEventStore(join(config.dataDir, SQLITE_FILE), { writerThread: true });
}

class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

@Global()
@Module({})
export class EventStoreModule {
  static forRoot(): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        { provide: EVENT_STORE, inject: [APP_CONFIG], useFactory: openEventStore },
        EventStoreCloser,
      ],
      exports: [EVENT_STORE],
    };
  }
}
