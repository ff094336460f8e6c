import { performance } from 'node:perf_hooks';
import type { EventStore } from '../../event-store/event-store.port';
import type { ProjectorOptions } from '../read-model-set';
import { Checkpoints } from '../../read-models/read-model-db';
import { ReadModelFiles } from '../read-model-files';
import { openReadModelSet } from '../read-model-set';

export interface RebuildProgress {
  /** Events applied so far. */
  eventsDone: number;
  /** Position of the last event applied. */
  position: bigint;
  /** Head of the log when the rebuild started. */
  headPosition: bigint;
  /** Share of the log done, 0..1, by position (events on SQLite; commit offsets elsewhere). */
  fraction: number;
  eventsPerSecond: number;
  /** Estimated from the rate so far; null until there is a rate. */
  secondsLeft: number | null;
}

export interface RebuildResult {
  /** The new current read-model file. */
  file: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Position the new read models reached; the server's projector continues from it. */
  checkpoint: string;
}

export interface RebuildOptions {
  onProgress?: (progress: RebuildProgress) => void;
  /**
   * Events per page read from the log (default 1,000). Small pages rebuild faster: less of a page
   * is still in use when the young generation is collected, so less of it is copied and promoted.
   */
  batchSize?: number;
  logger?: ProjectorOptions['logger'];
}

/**
 * Rebuilds every read model from the start of the log into a new file beside the live one, then
 * publishes it (an atomic rename of the `CURRENT` pointer). Works from any process: a server
 * running on the same data directory keeps answering from its current file throughout, notices the
 * new one within a second, switches to it and continues from its checkpoint. Without a running
 * server, the next start opens the new file, and the old one is deleted at once. A build left
 * behind by a rebuild that was killed is deleted first.
 *
 * The new file is built in one transaction (see `Projector.buildAtomically`): it is complete or
 * it is deleted. Nothing is published when a projection fails: the live read models stay in use,
 * and the error names the event's position.
 */
export async function rebuildReadModels(
  store: EventStore,
  dataDir: string,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const files = new ReadModelFiles(dataDir);
  files.removeAbandonedBuilds();
  const file = files.newBuildFile();
  const { db, projector } = openReadModelSet(store, file, {
    batchSize: options.batchSize ?? 1_000,
    logger: options.logger,
    building: true,
    deferIndexes: true,
  });
  const headPosition = await store.headPosition();
  const started = performance.now();
  let eventsDone = 0;
  try {
    await projector.buildAtomically(({ events, position }) => {
      eventsDone += events;
      const seconds = (performance.now() - started) / 1000;
      const fraction =
        headPosition <= 0n ? 1 : Math.min(1, Number(position) / Number(headPosition));
      const eventsPerSecond = seconds > 0 ? eventsDone / seconds : 0;
      options.onProgress?.({
        eventsDone,
        position,
        headPosition,
        fraction,
        eventsPerSecond,
        secondsLeft: fraction > 0 ? (seconds * (1 - fraction)) / fraction : null,
      });
    });
    // No -wal or journal file is left beside the finished file, so it can be renamed safely.
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    db.close();
    files.discard(file);
    const failed = projector.status().projections.find((p) => p.status === 'failed');
    if (failed?.failure) {
      throw new Error(
        `Rebuild abandoned: projection ${failed.name} failed at position ` +
          `${failed.failure.position} (${failed.failure.eventType}): ${failed.failure.error}`,
      );
    }
    throw error;
  }
  const checkpoint = new Checkpoints(db).lowest();
  db.close();
  const generation = files.publish(file);
  // A server following the pointer switches and deletes the old file itself; with none, nobody
  // has it open and it would stay behind.
  if (!files.hasFollowers()) files.removeOlderGenerations();
  const seconds = (performance.now() - started) / 1000;
  return {
    file: generation,
    events: eventsDone,
    seconds,
    eventsPerSecond: seconds > 0 ? eventsDone / seconds : 0,
    checkpoint: checkpoint.toString(),
  };
}
