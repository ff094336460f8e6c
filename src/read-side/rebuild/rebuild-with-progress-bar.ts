import { SingleBar, Presets } from 'cli-progress';
import type { EventStore } from '../../event-store/event-store.port';
import { rebuildReadModels, type RebuildResult } from './rebuild-read-models';

/**
 * `npm run cli -- rebuild`: the rebuild with a progress bar on stderr (events done, events/s, time
 * left), then one summary line.
 */
export async function rebuildWithProgressBar(
  store: EventStore,
  dataDir: string,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<RebuildResult> {
  const bar = new SingleBar(
    {
      format:
        'Rebuilding read models |{bar}| {percentage}% | {eventsDone} events | {rate} events/s | {left} left',
      stream,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(1000, 0, { eventsDone: 0, rate: 0, left: '?' });
  try {
    const result = await rebuildReadModels(store, dataDir, {
      onProgress: (p) =>
        bar.update(Math.round(p.fraction * 1000), {
          eventsDone: p.eventsDone.toLocaleString('en'),
          rate: Math.round(p.eventsPerSecond).toLocaleString('en'),
          left: p.secondsLeft === null ? '?' : `${Math.ceil(p.secondsLeft)}s`,
        }),
    });
    bar.update(1000);
    bar.stop();
    stream.write(
      `Rebuilt ${result.events.toLocaleString('en')} events in ${result.seconds.toFixed(1)} s ` +
        `(${Math.round(result.eventsPerSecond).toLocaleString('en')} events/s) into ${result.file}\n`,
    );
    return result;
  } catch (error) {
    bar.stop();
    throw error;
  }
}
