import { describeEventStoreContract } from '../event-store.contract';
import { MemoryEventStore } from './memory-event-store';

describeEventStoreContract('memory', async () => ({ store: new MemoryEventStore() }));

describe('MemoryEventStore', () => {
  it('starts with an empty log', async () => {
    const store = new MemoryEventStore();

    expect(await store.headPosition()).toBe(-1n);
    expect(await store.readAll({ limit: 10 })).toEqual([]);
  });
});
