import type { EventStore } from '../../../src/event-store/event-store.port';
import type { ProjectorOptions } from '../../../src/read-side/read-model-set';
import { openReadModelSet, type ReadModelSet } from '../../../src/read-side/read-model-set';

/** Read models of `store` in a `:memory:` SQLite file, caught up to the head. */
export async function projectToHead(
  store: EventStore,
  file = ':memory:',
  options: ProjectorOptions & { itemCacheSize?: number } = {},
): Promise<ReadModelSet> {
  const set = openReadModelSet(store, file, { logger: silentLogger, ...options });
  await set.projector.catchUp();
  return set;
}

/** For specs that provoke failures on purpose: errors are asserted, not printed. */
export const silentLogger = { log: () => {}, warn: () => {}, error: () => {} };
