import { startFakeEsdb, type FakeEsdb } from '../../../test/support/fake-esdb/fake-esdb';
import { describeEventStoreContract } from '../event-store.contract';
import { EsdbEventStore } from './esdb-event-store';
describe('append path', () => {
  let fake: FakeEsdb;
  beforeAll(async () => { fake = await startFakeEsdb({ batchAppend: false }); });
  afterAll(async () => { await fake.stop(); });
  describeEventStoreContract('esdb append', async () => ({ store: new EsdbEventStore(fake.connectionString) }));
});
describe('no system events', () => {
  let fake: FakeEsdb;
  beforeAll(async () => { fake = await startFakeEsdb({ systemEvents: false }); });
  afterAll(async () => { await fake.stop(); });
  describeEventStoreContract('esdb nosys', async () => ({ store: new EsdbEventStore(fake.connectionString) }));
});
