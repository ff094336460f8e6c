import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

describeEventStoreContract('sqlite (:memory:)', async () => ({
  store: new SqliteEventStore(':memory:'),
}));

// The durable configuration as deployed: a WAL file with synchronous = FULL.
describeEventStoreContract('sqlite (file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-contract-'));
  return {
    store: new SqliteEventStore(join(dir, 'events.db')),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

// As the server runs it: commits in a writer thread, reads on this one.
describeEventStoreContract('sqlite (file, writer thread)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-contract-'));
  return {
    store: new SqliteEventStore(join(dir, 'events.db'), { writerThread: true }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
