import type { Database } from 'better-sqlite3';
import type { EventStore } from '../event-store/event-store.port';
import { ItemsProjection } from '../items/read-model/items.projection';
import { ReportProjection } from '../reports/overdue/report.projection';
import { ConsumerEngine, type ConsumerEngineOptions } from '../event-sourcing/consumer-engine';
import { EVENT_REGISTRY } from '../event-registry';
import { openReadModelDb, SqliteConsumerStorage } from '../read-models/read-model-db';
import { UnitsProjection } from '../organisation/read-model/units.projection';
import { InboxProjection } from '../notifications/read-model/inbox.projection';
import { ReminderAgendaProjection } from '../reminders/read-model/reminder-agenda.projection';

/** Names of the projections, for `minPosition` waits. */
export const PROJECTIONS = {
  units: 'units',
  items: 'items',
  report: 'overdue-report',
  reminderAgenda: 'reminder-agenda',
  inbox: 'inbox',
} as const;

/** How the read models' engine runs; every event type's upcasters come from the registry. */
export type ProjectorOptions = Omit<ConsumerEngineOptions, 'registry'>;

/** One read-model file with its projections and the engine (projector) that feeds them. */
export interface ReadModelSet {
  file: string;
  db: Database;
  projector: ConsumerEngine<Database>;
  items: ItemsProjection;
  report: ReportProjection;
  units: UnitsProjection;
  reminderAgenda: ReminderAgendaProjection;
  inbox: InboxProjection;
}

/**
 * Opens a read-model file with every projection bound to it (tables created, the report index
 * loaded). The projector is not started: `projector.start()` follows the log, `catchUp()` only
 * reads to the head (a rebuild).
 */
export function openReadModelSet(
  store: EventStore,
  file: string,
  options: ProjectorOptions & { itemCacheSize?: number; building?: boolean; fsync?: boolean } = {},
): ReadModelSet {
  const db = openReadModelDb(file, { building: options.building, fsync: options.fsync });
  const units = new UnitsProjection();
  const items = new ItemsProjection(options.itemCacheSize);
  const report = new ReportProjection();
  // After the items: it plans from the states they have just folded.
  const reminderAgenda = new ReminderAgendaProjection(items);
  const inbox = new InboxProjection();
  const projector = new ConsumerEngine(
    store,
    new SqliteConsumerStorage(db),
    [units, items, report, reminderAgenda, inbox],
    { ...options, registry: EVENT_REGISTRY },
  );
  return { file, db, projector, items, report, units, reminderAgenda, inbox };
}
