import { startFakeEsdb, type FakeEsdb } from '../../../test/support/fake-esdb/fake-esdb';
import { describeEventStoreContract } from '../event-store.contract';
import { EsdbEventStore } from './esdb-event-store';

/*
 * The contract against the in-process fake server, always. It shares one fake (and its log) for
 * the whole suite, as a real server would be shared: the contract never assumes an empty log.
 */
describe('EsdbEventStore on the fake EventStoreDB', () => {
  let fake: FakeEsdb;

  beforeAll(async () => {
    fake = await startFakeEsdb();
  });

  afterAll(async () => {
    await fake.stop();
  });

  describeEventStoreContract('esdb (fake server)', async () => ({
    store: new EsdbEventStore(fake.connectionString),
  }));
});

/*
 * And against a real EventStoreDB / KurrentDB when one is configured, e.g.
 * EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false' npx jest src/event-store/esdb
 * (docker/docker-compose.yml starts one).
 */
const live = process.env.EVENTSTORE_CONNECTION_STRING;

(live ? describe : describe.skip)('EsdbEventStore on a live EventStoreDB', () => {
  describeEventStoreContract('esdb (live server)', async () => ({
    store: new EsdbEventStore(live ?? ''),
  }));
});
