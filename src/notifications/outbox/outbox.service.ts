import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { EVENT_REGISTRY } from '../../event-registry';
import { ConsumerEngine } from '../../event-sourcing/consumer-engine';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { ensurePrivateDir } from '../../shared/private-files';
import { ReferenceDataService } from '../../organisation/application/reference-data.service';
import { SqliteConsumerStorage } from '../../read-models/read-model-db';
import { ReminderRulesService } from '../../reminders/application/reminder-rules.service';
import { inSendWindow } from '../../reminders/reminder-schedule';
import { EmailChannel } from '../channels/email.channel';
import { WebhookChannel } from '../channels/webhook.channel';
import { openOutboxDb } from './outbox-db';
import { OutboxConsumer } from './outbox.consumer';
import { OutboxSender, type SweepResult, type UnitChannels } from './outbox-sender';

/** Injection token of the directory the outbox asks for a unit's channels (its contacts). */
export const UNIT_CHANNELS = Symbol('UNIT_CHANNELS');

export interface UnitChannelsDirectory {
  contactsOf(unitId: string): Promise<UnitChannels | undefined>;
}

/**
 * The outbox in this process: a consumer of the log planning deliveries into `DATA_DIR/outbox.db`,
 * and a sender every `DELIVERY_INTERVAL_MS` inside the send window of the reminder rules.
 *
 * With several instances on one EventStoreDB, each keeps its own outbox: a notification may then
 * leave once per instance, under the same id (at least once; receivers drop duplicates by it).
 */
@Injectable()
export class Outbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private db?: Database;
  private engine?: ConsumerEngine<Database>;
  private sender?: OutboxSender;
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<SweepResult>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(UNIT_CHANNELS) private readonly channels: UnitChannelsDirectory,
    private readonly rules: ReminderRulesService,
    private readonly referenceData: ReferenceDataService,
  ) {}

  onApplicationBootstrap(): void {
    ensurePrivateDir(this.config.dataDir);
    this.db = openOutboxDb(join(this.config.dataDir, 'outbox.db'));
    this.engine = new ConsumerEngine(
      this.store,
      new SqliteConsumerStorage(this.db),
      [new OutboxConsumer()],
      { registry: EVENT_REGISTRY, logger: this.logger },
    );
    this.engine.start();
    this.sender = new OutboxSender({
      db: this.db,
      contactsOf: (unitId) => this.channels.contactsOf(unitId),
      email: this.config.smtpUrl
        ? new EmailChannel({ smtpUrl: this.config.smtpUrl, from: this.config.mailFrom })
        : undefined,
      webhook: new WebhookChannel(),
      maySend: async (now) =>
        inSendWindow(
          now.getTime(),
          (await this.rules.current()).sendWindow,
          await this.referenceData.calendar(),
        ),
      dashboardUrl: this.config.dashboardUrl,
    });
    if (this.config.deliveryIntervalMs > 0) {
      this.timer = setInterval(() => void this.sweep(), this.config.deliveryIntervalMs);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
    await this.engine?.stop();
    this.db?.close();
  }

  /** Resolves once the outbox has planned every event up to `position` (false after 5 s). */
  planned(position: bigint): Promise<boolean> {
    return this.engine!.waitFor(position, ['outbox'], 5_000);
  }

  /** Sends what is due at `now`; one sweep at a time. */
  sweep(now = new Date()): Promise<SweepResult> {
    this.sweeping ??= this.sender!.sweep(now)
      .catch((error: unknown) => {
        this.logger.error(`Sweep failed: ${(error as Error).message}`);
        return { sent: 0, retrying: 0, failed: 0 };
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  deliveries(status: 'pending' | 'sent' | 'failed' | undefined, page: number, pageSize: number) {
    return this.sender!.list(status, pageSize, (page - 1) * pageSize);
  }
}
