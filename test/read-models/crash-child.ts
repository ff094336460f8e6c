/**
 * Child process of crash.e2e-spec.ts: projects the store into the read-model file and kills itself
 * with SIGKILL in the middle of a batch transaction, after `killAt` events of the batch in progress
 * have been applied (writes of several projections pending, checkpoint not yet written).
 *
 * argv: <store file> <read-model file> <killAt (events)> <batch size>
 */
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import type { Projection } from '../../src/read-models/projection';
import { ConsumerEngine } from '../../src/event-sourcing/consumer-engine';
import { EVENT_REGISTRY } from '../../src/event-registry';
import { openReadModelDb, SqliteConsumerStorage } from '../../src/read-models/read-model-db';
import { ItemsProjection } from '../../src/items/read-model/items.projection';
import { ReportProjection } from '../../src/reports/overdue/report.projection';
import { UnitsProjection } from '../../src/organisation/read-model/units.projection';
import { silentLogger } from '../support/read-models/project';

const [storeFile, readModelFile, killAt, batchSize] = process.argv.slice(2);
let seen = 0;
const killer: Projection = {
  name: 'killer',
  setUp: () => {},
  createIndexes: () => {},
  open: () => {},
  apply: () => {
    if (++seen === Number(killAt)) process.kill(process.pid, 'SIGKILL');
  },
  flush: () => {},
  committed: () => {},
  rolledBack: () => {},
};
const store = new SqliteEventStore(storeFile);
// As the server opens it: without fsync (a crash of the process must lose nothing all the same).
const db = openReadModelDb(readModelFile, { fsync: false });
const projector = new ConsumerEngine(
  store,
  new SqliteConsumerStorage(db),
  [new UnitsProjection(), new ItemsProjection(), new ReportProjection(), killer],
  { batchSize: Number(batchSize), logger: silentLogger, registry: EVENT_REGISTRY },
);
void projector.catchUp().then(() => {
  console.log('finished without being killed');
  process.exit(3);
});
