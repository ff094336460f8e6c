import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { EVENT_REGISTRY } from '../../event-registry';
import { ConsumerEngine } from '../../event-sourcing/consumer-engine';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { MemoryEventStore } from '../../event-store/memory/memory-event-store';
import { SqliteConsumerStorage } from '../../read-models/read-model-db';
import { FollowUpScenario } from '../../../test/support/read-models/follow-up-scenario';
import { silentLogger } from '../../../test/support/read-models/project';
import { itemDecider } from '../item.decider';
import { itemEvents } from '../item.events';
import type { Item } from '../item.state';
import { TransferConsumer } from './transfer.consumer';
import { TransferRunner } from './transfer-runner';
import { openTransfersDb } from './transfers-db';

const RAISE = '2026-01-05T02:00:00.000Z';
const MERGED_ON = '2026-02-02T03:00:00.000Z';

/** The transfer engine as the server runs it, over one file that survives "crashes". */
class Engine {
  readonly db: Database;
  readonly engine: ConsumerEngine<Database>;
  readonly runner: TransferRunner;

  constructor(
    readonly store: MemoryEventStore,
    file: string,
  ) {
    this.db = openTransfersDb(file);
    this.engine = new ConsumerEngine(
      store,
      new SqliteConsumerStorage(this.db),
      [new TransferConsumer()],
      { registry: EVENT_REGISTRY, logger: silentLogger, batchSize: 3 },
    );
    this.runner = new TransferRunner(this.db, store, { batch: 2, concurrency: 3 });
  }

  async run(): Promise<number> {
    await this.engine.catchUp();
    let recorded = 0;
    while (this.runner.pending() > 0) recorded += (await this.runner.round()).recorded;
    return recorded;
  }

  close(): void {
    this.db.close();
  }
}

async function streamOf(store: MemoryEventStore, itemId: string): Promise<RecordedEvent[]> {
  for (const kind of ['directive', 'recommendation']) {
    const events = await store.readStream(`${kind}-${itemId}`);
    if (events.length > 0) return events;
  }
  return [];
}

async function itemOf(store: MemoryEventStore, itemId: string): Promise<Item> {
  const events = await streamOf(store, itemId);
  return events.reduce(
    (s, e) => itemDecider.evolve(s, itemEvents.decode(e)),
    itemDecider.initialState(),
  ) as Item;
}

const transfersIn = async (store: MemoryEventStore, itemId: string) =>
  (await streamOf(store, itemId))
    .filter((e) => e.type === 'ItemTransferred')
    .map((e) => e as RecordedEvent & { data: { from: string; to: string } });

describe('items follow their unit through mergers, exactly once', () => {
  let dir: string;
  let store: MemoryEventStore;
  let scenario: FollowUpScenario;
  const ids: Record<string, string> = {};

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'transfers-'));
    store = new MemoryEventStore();
    scenario = new FollowUpScenario(store);
    await scenario.registerUnits([
      { id: 'so-a', name: 'Sở A', kind: 'department' },
      { id: 'so-b', name: 'Sở B', kind: 'department' },
      { id: 'xa-a', name: 'Xã A', kind: 'commune' },
      { id: 'xa-b', name: 'Xã B', kind: 'commune' },
    ]);
    ids.leads = await scenario.raise(RAISE, { kind: 'directive' });
    await scenario.act(ids.leads, RAISE, {
      type: 'AssignItem',
      data: { itemId: ids.leads, leadUnit: 'xa-a', deadline: { type: 'date', date: '2026-03-31' } },
    });
    ids.concerns = await scenario.raise(RAISE, {
      kind: 'recommendation',
      originUnit: 'xa-a',
      communes: ['xa-a', 'xa-b'],
    });
    ids.supports = await scenario.raise(RAISE, { kind: 'directive' });
    await scenario.act(ids.supports, RAISE, {
      type: 'AssignItem',
      data: { itemId: ids.supports, leadUnit: 'so-a', supportingUnits: ['xa-a'] },
    });
    ids.closed = await scenario.raise(RAISE, { kind: 'directive' });
    await scenario.act(ids.closed, RAISE, {
      type: 'AssignItem',
      data: { itemId: ids.closed, leadUnit: 'xa-a' },
    });
    await scenario.act(ids.closed, RAISE, {
      type: 'ResolveItem',
      data: { itemId: ids.closed, outcome: 'completed', note: 'Xong' },
    });
    ids.other = await scenario.raise(RAISE, { kind: 'directive', communes: ['xa-b'] });
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const mergeAIntoNew = () =>
    scenario.changeUnits(MERGED_ON, {
      type: 'MergeUnits',
      from: ['xa-a', 'xa-b'],
      into: { id: 'xa-moi', name: 'Xã Mới', kind: 'commune' },
      effectiveOn: '2026-02-01',
      reference: 'NQ 1/2026',
    });

  it('carries over every item a merged unit leads, supports or concerns, closed ones too', async () => {
    await mergeAIntoNew();
    const engine = new Engine(store, join(dir, 'transfers.db'));
    // xa-a and xa-b: leads, concerns (twice: origin and listed xa-a, listed xa-b), supports,
    // closed, other (xa-b).
    expect(await engine.run()).toBe(6);
    engine.close();

    expect(await itemOf(store, ids.leads)).toMatchObject({
      leadUnit: 'xa-moi',
      formerUnits: ['xa-a'],
      // Dated at the start of the effective day, in the item's business-time order.
      lastActAt: '2026-01-31T17:00:00.001Z',
    });
    expect(await itemOf(store, ids.concerns)).toMatchObject({
      originUnit: 'xa-moi',
      communes: ['xa-moi'],
      formerUnits: ['xa-a', 'xa-b'],
    });
    expect(await itemOf(store, ids.supports)).toMatchObject({
      leadUnit: 'so-a',
      supportingUnits: ['xa-moi'],
    });
    expect(await itemOf(store, ids.closed)).toMatchObject({
      status: 'resolved',
      leadUnit: 'xa-moi',
    });
    const [transfer] = await transfersIn(store, ids.leads);
    expect(transfer.data).toMatchObject({
      from: 'xa-a',
      to: 'xa-moi',
      reason: 'merger',
      reference: 'NQ 1/2026',
      effectiveOn: '2026-02-01',
      roles: ['lead'],
    });
    expect(transfer.metadata).toMatchObject({
      actor: { sub: 'transfer-engine', role: 'system' },
      occurredAt: '2026-01-31T17:00:00.001Z',
    });
  });

  it('records each transfer once when the marks are lost, or the whole file, after a crash', async () => {
    await mergeAIntoNew();
    const file = join(dir, 'transfers.db');
    const first = new Engine(store, file);
    expect(await first.run()).toBe(6);
    // A crash between the appends and their "recorded" marks: all pending again.
    first.db.exec("UPDATE transfers SET status = 'pending'");
    first.close();
    const restarted = new Engine(store, file);
    expect(await restarted.run()).toBe(0);
    restarted.close();
    // The file lost altogether: planned again from the log, under the same keys.
    const fresh = new Engine(store, join(dir, 'fresh.db'));
    expect(await fresh.run()).toBe(0);
    expect(fresh.runner.pending()).toBe(0);
    fresh.close();
    for (const id of Object.values(ids)) {
      const transfers = await transfersIn(store, id);
      const pairs = transfers.map((e) => `${String(e.data.from)}>${String(e.data.to)}`);
      expect(new Set(pairs).size).toBe(pairs.length);
    }
  });

  it('plans from where it stopped: a merger after a restart, chained to the one before', async () => {
    const file = join(dir, 'transfers.db');
    await mergeAIntoNew();
    const first = new Engine(store, file);
    await first.run();
    first.close();
    await scenario.changeUnits('2026-03-02T03:00:00.000Z', {
      type: 'MergeUnits',
      from: ['xa-moi'],
      into: { id: 'xa-lon', name: 'Xã Lớn', kind: 'commune' },
      effectiveOn: '2026-03-01',
    });
    const second = new Engine(store, file);
    // Everything xa-a and xa-b had is xa-moi's, so it all moves again.
    expect(await second.run()).toBe(5);
    second.close();
    const item = await itemOf(store, ids.leads);
    expect(item).toMatchObject({ leadUnit: 'xa-lon', formerUnits: ['xa-a', 'xa-moi'] });
    expect((await transfersIn(store, ids.leads)).map((e) => e.data.to)).toEqual([
      'xa-moi',
      'xa-lon',
    ]);
  });

  it('carries over an item given to the unit by a command decided just before the merger', async () => {
    const planned = new Engine(store, join(dir, 'transfers.db'));
    await mergeAIntoNew();
    await planned.run();
    // Appended after the merger (its registry check read the units before it).
    await scenario.act(ids.other, MERGED_ON, {
      type: 'AssignItem',
      data: { itemId: ids.other, leadUnit: 'xa-b' },
    });
    expect(await planned.run()).toBe(1);
    planned.close();
    expect(await itemOf(store, ids.other)).toMatchObject({ leadUnit: 'xa-moi' });
  });

  it('leaves the items of a unit dissolved without a successor where they are', async () => {
    await scenario.changeUnits(MERGED_ON, {
      type: 'DissolveUnit',
      unitId: 'xa-a',
      effectiveOn: '2026-02-01',
    });
    const engine = new Engine(store, join(dir, 'transfers.db'));
    expect(await engine.run()).toBe(0);
    engine.close();
    expect(await itemOf(store, ids.leads)).toMatchObject({ leadUnit: 'xa-a' });
  });
});
