import { startFakeEsdb, type FakeEsdb } from '../support/fake-esdb/fake-esdb';
import { describeWorkflow } from './workflow.suite';

/**
 * The same workflow suite with `EVENT_STORE=esdb`: the whole app on EventStoreDB, spoken to through
 * the real `@eventstore/db-client` over gRPC — the in-process test server, or a live server when
 * `EVENTSTORE_CONNECTION_STRING` is set.
 */
let fake: FakeEsdb | undefined;
const live = process.env.EVENTSTORE_CONNECTION_STRING;

describeWorkflow(live ? 'EventStoreDB, live server' : 'EventStoreDB over gRPC, test server', {
  async start() {
    if (!live) fake = await startFakeEsdb();
  },
  env: () => ({
    EVENT_STORE: 'esdb',
    EVENTSTORE_CONNECTION_STRING: live ?? fake!.connectionString,
  }),
  async stop() {
    await fake?.stop();
  },
});
