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
import { ConsumerEngine, type ConsumerStatus } from '../../event-sourcing/consumer-engine';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { EventRegistry } from '../../shared/event-schema';
import { ensurePrivateDir } from '../../shared/private-files';
import type { Checkpoint } from './checkpoint-chain';
import {
  CHECKPOINT_DB_FILE,
  CheckpointRecords,
  CheckpointStorage,
  openCheckpointDb,
} from './checkpoint-db';
import { CheckpointConsumer } from './checkpoint.consumer';
import { loadSigningKey, type SigningKey } from './signing-key';

/** No upcasters: the checkpoints seal the events as stored, never an upcast copy. */
const AS_STORED = new EventRegistry([]);

/** How often the timer looks for a checkpoint due by age (the policy's seconds bound it). */
const AGE_CHECK_MS = 1_000;

export interface CheckpointsStatus {
  state: string;
  latest: { seq: number; position: string; events: number; createdAt: string } | null;
  /** Events applied but not yet covered by a checkpoint. */
  uncovered: number;
  consumer?: ConsumerStatus;
  /** What last interrupted the checkpoints (the store away, a full disk); they retry. */
  lastError?: { error: string; at: string };
  /** The outcome of the latest verify this process ran (API or dashboard), if any. */
  lastVerify: { at: string; ok: boolean; events: number; breaks: number } | null;
}

/**
 * The checkpoints of this process: a consumer of the log (its own engine, its own file
 * `DATA_DIR/audit-checkpoints.db`, not disposable) that signs a checkpoint every
 * `AUDIT_CHECKPOINT_EVENTS` events or `AUDIT_CHECKPOINT_SECONDS` after the first event not yet
 * covered. It follows any adapter's log, EventStoreDB's included; each instance keeps its own.
 */
@Injectable()
export class CheckpointsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  private db?: Database;
  private storage?: CheckpointStorage;
  private engine?: ConsumerEngine<Database>;
  private consumer?: CheckpointConsumer;
  private records?: CheckpointRecords;
  private timer?: NodeJS.Timeout;
  private lastVerify: CheckpointsStatus['lastVerify'] = null;
  readonly key: SigningKey;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.key = loadSigningKey(config.auditSigningKey, config.dataDir);
  }

  onApplicationBootstrap(): void {
    ensurePrivateDir(this.config.dataDir);
    this.db = openCheckpointDb(join(this.config.dataDir, CHECKPOINT_DB_FILE));
    this.storage = new CheckpointStorage(this.db);
    this.consumer = new CheckpointConsumer(this.key, {
      events: this.config.auditCheckpointEvents,
      seconds: this.config.auditCheckpointSeconds,
    });
    this.engine = new ConsumerEngine(this.store, this.storage, [this.consumer], {
      registry: AS_STORED,
      logger: this.logger,
    });
    this.records = new CheckpointRecords(this.db);
    this.engine.start();
    this.timer = setInterval(
      () => this.sealIfDue(),
      Math.min(AGE_CHECK_MS, this.config.auditCheckpointSeconds * 1000),
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.engine?.stop();
    this.db?.close();
  }

  /** Signs a checkpoint now if one is due by age; the timer calls it every second. */
  sealIfDue(): Checkpoint | undefined {
    const consumer = this.consumer!;
    let sealed: Checkpoint | undefined;
    try {
      // Synchronous, so no batch of the engine can run in between.
      this.storage!.transaction(() => (sealed = consumer.sealIfDue()));
    } catch (error) {
      consumer.rolledBack();
      this.logger.error(`Checkpoint not sealed: ${(error as Error).message}`);
      return undefined;
    }
    consumer.committed();
    return sealed;
  }

  /** Resolves once every event up to `position` is folded into the running root (false after 5 s). */
  caughtUp(position: bigint, timeoutMs = 5_000): Promise<boolean> {
    return this.engine!.waitFor(position, [this.consumer!.name], timeoutMs);
  }

  list(afterSeq: number, limit: number): Checkpoint[] {
    return this.records!.list(afterSeq, limit);
  }

  checkpoints(): CheckpointRecords {
    return this.records!;
  }

  status(): CheckpointsStatus {
    const engine = this.engine!.status();
    const { latest, uncovered } = this.consumer!.status();
    return {
      state: engine.state,
      latest: latest && {
        seq: latest.seq,
        position: latest.position,
        events: latest.events,
        createdAt: latest.createdAt,
      },
      uncovered,
      consumer: engine.projections[0],
      ...(engine.lastError ? { lastError: engine.lastError } : {}),
      lastVerify: this.lastVerify,
    };
  }

  /** Keeps the outcome of a verify for `/health` and the dashboard. */
  rememberVerify(outcome: { ok: boolean; events: number; breaks: number }): void {
    this.lastVerify = { at: new Date().toISOString(), ...outcome };
  }
}
