import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { MIN_POSITION_WAIT_MS, notCaughtUp } from '../read-models/min-position';
import type { ConsumerEngineStatus } from '../event-sourcing/consumer-engine';
import {
  Checkpoints,
  READ_MODEL_SCHEMA_VERSION,
  logIdentityIn,
  openReadModelDb,
  schemaVersionOf,
} from '../read-models/read-model-db';
import { logIdentityOf } from '../event-sourcing/consumer';
import { ReadModelFiles } from './read-model-files';
import { openReadModelSet, type ReadModelSet } from './read-model-set';

/** How often the server looks whether a rebuild published a new read-model file. */
const POINTER_POLL_MS = 1_000;

/**
 * The read models of this instance: the current read-model file, its projections, and the
 * projector that keeps them following the store. Queries ask it for the current set at the moment
 * they run (never keep it across an await: a rebuild may switch files in between).
 *
 * Switching: a rebuild (`rebuildReadModels`, any process) publishes a new file; this service
 * notices within a second, opens the new file (loading its report index), stops the old projector
 * and starts the new one from the new file's checkpoint, then deletes the old file. Queries keep
 * being answered throughout, from the old file and then from the new one. While it runs, a
 * `following-<pid>` file tells a rebuild in another process to leave the old file to it.
 */
@Injectable()
export class ReadModels implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModels');
  private readonly files: ReadModelFiles;
  private set?: ReadModelSet;
  private poll?: NodeJS.Timeout;
  private switching?: Promise<void>;
  private unfollow?: () => void;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.files = new ReadModelFiles(config.dataDir);
  }

  async onModuleInit(): Promise<void> {
    // Before reading the pointer: a rebuild that publishes after this sees that a server follows
    // and leaves the old generation to it; one that published before is what we open.
    this.unfollow = this.files.follow();
    this.files.removeAbandonedBuilds();
    this.set = this.open(await this.usableFile());
    this.set.projector.start();
    this.files.removeOlderGenerations(this.set.file);
    this.poll = setInterval(() => void this.refresh(), POINTER_POLL_MS);
    this.poll.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.poll);
    await this.switching;
    this.unfollow?.();
    const set = this.set;
    this.set = undefined;
    if (!set) return;
    await set.projector.stop();
    this.close(set);
  }

  /** The read models in use right now. */
  get current(): ReadModelSet {
    if (!this.set) throw new Error('The read models are not open');
    return this.set;
  }

  status(): ConsumerEngineStatus & { file: string } {
    return { ...this.current.projector.status(), file: this.current.file };
  }

  /**
   * Read-your-writes: resolves once the named projections have applied `position`, waiting up to
   * 5 s (across a switch to a rebuilt file too); otherwise throws the 503 of API.md.
   */
  async caughtUp(position: bigint | undefined, projections: readonly string[]): Promise<void> {
    if (position === undefined) return;
    const deadline = Date.now() + MIN_POSITION_WAIT_MS;
    for (;;) {
      const set = this.current;
      const left = deadline - Date.now();
      if (left <= 0) throw notCaughtUp(position);
      if (await set.projector.waitFor(position, projections, left)) return;
      if (set === this.set) throw notCaughtUp(position);
    }
  }

  /** Switches to the file the pointer names, if a rebuild published a new one. */
  refresh(): Promise<void> {
    this.switching ??= this.switchIfPublished().finally(() => (this.switching = undefined));
    return this.switching;
  }

  private async switchIfPublished(): Promise<void> {
    const published = this.files.current();
    const old = this.set;
    if (!old || !published || published === old.file) return;
    try {
      const next = this.open(published);
      await old.projector.stop();
      this.set = next;
      next.projector.start();
      old.db.close();
      // The old file is deleted first: flushing it to disk for its mark would be wasted.
      this.files.removeOlderGenerations(next.file);
      this.files.markClosed(old.file);
      this.logger.log(`Switched to rebuilt read models ${published}`);
    } catch (error) {
      this.logger.error(`Could not switch to ${published}: ${(error as Error).message}`);
    }
  }

  /** Opens a file for this server to write: without fsync where a reboot can be detected. */
  private open(file: string): ReadModelSet {
    this.files.markOpen(file);
    return openReadModelSet(this.store, file, { fsync: !this.files.detectsReboots });
  }

  private close(set: ReadModelSet): void {
    set.db.close();
    this.files.markClosed(set.file);
  }

  /**
   * The current file when it can be trusted, has this code's schema and was built from this log;
   * otherwise a fresh one, built from the log.
   */
  private async usableFile(): Promise<string> {
    const file = this.files.current();
    if (file && this.files.lostInReboot(file)) {
      this.logger.warn(
        `Read models in ${file} were being written when the machine went down; rebuilding from the log`,
      );
      this.files.discard(file);
    } else if (file) {
      const db = openReadModelDb(file);
      const version = schemaVersionOf(db);
      const bound = logIdentityIn(db);
      const highest = new Checkpoints(db).highest();
      db.close();
      const unusable =
        version === READ_MODEL_SCHEMA_VERSION
          ? await this.outlivedItsLog(bound, highest)
          : `have schema ${version}`;
      if (!unusable) return file;
      this.logger.warn(`Read models in ${file} ${unusable}; rebuilding from the log`);
    }
    return this.files.publish(this.files.newGenerationFile());
  }

  /**
   * Why a file's checkpoints do not count in the store's log, if they do not: the EventStoreDB
   * volume was reset or restored from another backup, or `EVENT_STORE` switched with the same
   * `DATA_DIR`. Resuming would skip the new log's events up to the old checkpoints, or wait for
   * positions it may never reach. When the store cannot be asked, the file is kept (the projector
   * retries as before) and the check waits for the next start.
   */
  private async outlivedItsLog(bound: string | undefined, highest: bigint) {
    if (highest < 0n) return undefined;
    if (bound === undefined) return 'do not say which log they were built from';
    try {
      const [first] = await this.store.readAll({ limit: 1 });
      if (!first) return 'were built from a log that is now empty';
      if (logIdentityOf(first) !== bound) {
        return `were built from another log (its first event: ${bound}; now: ${logIdentityOf(first)})`;
      }
      const head = await this.store.headPosition();
      if (highest > head) return `are ahead of the log (checkpoint ${highest}, head ${head})`;
      return undefined;
    } catch (error) {
      this.logger.warn(`Could not check which log the read models follow: ${String(error)}`);
      return undefined;
    }
  }
}
