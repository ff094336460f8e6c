/**
 * Child process of rebuild-files.e2e-spec.ts: a rebuild, as `npm run cli -- rebuild` runs it, that
 * kills itself with SIGKILL half-way, leaving its unfinished `building-*.db` behind.
 *
 * argv: <data dir> <killAt (events)>
 */
import { join } from 'node:path';
import { SQLITE_FILE } from '../../src/event-store/event-store.module';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { rebuildReadModels } from '../../src/read-side/rebuild/rebuild-read-models';

const [dataDir, killAt] = process.argv.slice(2);
const store = new SqliteEventStore(join(dataDir, SQLITE_FILE));
void rebuildReadModels(store, dataDir, {
  batchSize: 10,
  onProgress: ({ eventsDone }) => {
    if (eventsDone >= Number(killAt)) process.kill(process.pid, 'SIGKILL');
  },
}).then(() => {
  console.log('finished without being killed');
  process.exit(3);
});
