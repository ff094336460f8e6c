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
import { SqliteConsumerStorage } from '../../read-models/read-model-db';
import { ensurePrivateDir } from '../../shared/private-files';
import { TransferConsumer } from './transfer.consumer';
import { TransferRunner, type RoundResult } from './transfer-runner';
import { openTransfersDb, TRANSFERS_DB_FILE } from './transfers-db';

/** Pause after a round that could not record everything (the store away). */
const RETRY_DELAY_MS = 1_000;

/**
 * Carries items over when units are merged or dissolved: a consumer of the log (the one consumer
 * engine, with its own file `DATA_DIR/transfers.db` and checkpoint) plans one transfer per item
 * and unit change, and a runner records them in the items' streams as soon as they are planned.
 * A restart resumes both from the file: planned transfers not yet marked recorded are recorded
 * again, which the items' idempotency keys turn into nothing.
 */
@Injectable()
export class TransferEngine implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TransferEngine');
  private db?: Database;
  private engine?: ConsumerEngine<Database>;
  private runner?: TransferRunner;
  private running?: Promise<void>;
  private again = false;
  private stopping = false;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onApplicationBootstrap(): void {
    ensurePrivateDir(this.config.dataDir);
    this.db = openTransfersDb(join(this.config.dataDir, TRANSFERS_DB_FILE));
    this.runner = new TransferRunner(this.db, this.store);
    this.engine = new ConsumerEngine(
      this.store,
      new SqliteConsumerStorage(this.db),
      [new TransferConsumer(() => this.wake())],
      { registry: EVENT_REGISTRY, logger: this.logger },
    );
    this.engine.start();
    // Transfers planned before a crash or a stop are recorded now.
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    await this.engine?.stop();
    await this.running;
    this.db?.close();
  }

  /**
   * Resolves once every event up to `position` is planned and every planned transfer recorded
   * (false after `timeoutMs`): for tests and the benchmark.
   */
  async settled(position: bigint, timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    if (!(await this.engine!.waitFor(position, ['unit-transfers'], timeoutMs))) return false;
    while (this.runner!.pending() > 0 || this.running) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }

  /** Planned transfers by status, for operators and tests. */
  counts(): Record<'pending' | 'recorded' | 'failed', number> {
    const rows = this.db!.prepare(
      'SELECT status, COUNT(*) AS n FROM transfers GROUP BY status',
    ).all() as { status: 'pending' | 'recorded' | 'failed'; n: number }[];
    const counts = { pending: 0, recorded: 0, failed: 0 };
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  private wake(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    while (!this.stopping) {
      let result: RoundResult;
      try {
        result = await this.runner!.round();
      } catch (error) {
        this.logger.error(`Transfers interrupted: ${(error as Error).message}`);
        this.retryLater();
        return;
      }
      if (result.failed > 0)
        this.logger.error(`${result.failed} transfers refused; see transfers.db`);
      if (result.retrying > 0) {
        this.retryLater();
        return;
      }
      if (result.recorded + result.unchanged + result.failed === 0) return;
      // Let requests run between rounds: a merger of 10,000 items is many rounds.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private retryLater(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.wake(), RETRY_DELAY_MS);
    this.retryTimer.unref();
  }
}
