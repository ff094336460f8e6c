import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLITE_FILE } from '../../src/event-store/event-store.module';
import { chainEvents, EMPTY_CHAIN } from '../../src/event-sourcing/hash-chain';
import { MemoryEventStore } from '../../src/event-store/memory/memory-event-store';
import type { EventStore } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { rebuildReadModels } from '../../src/read-side/rebuild/rebuild-read-models';
import { FollowUpScenario } from '../support/read-models/follow-up-scenario';
import { silentLogger } from '../support/read-models/project';
import { removeDir, startApp } from './app-harness';

/** Appends an ItemRaised that lacks `communes`: the items projection cannot fold it. */
async function appendBrokenRaise(store: EventStore): Promise<void> {
  const streamId = `directive-${randomUUID()}`;
  const [event] = chainEvents(streamId, EMPTY_CHAIN, [
    {
      id: randomUUID(),
      type: 'ItemRaised',
      data: {
        itemId: streamId.slice(10),
        kind: 'directive',
        title: 'Broken',
        originUnit: null,
        occurredAt: '2026-03-02T02:00:00.000Z',
      },
      metadata: {
        actor: { sub: 'x', role: 'office' },
        occurredAt: '2026-03-02T02:00:00.000Z',
        correlationId: randomUUID(),
        causationId: null,
        commandId: randomUUID(),
        schemaVersion: 1,
      },
    },
  ]);
  await store.appendToStream(streamId, [event], { expectedRevision: 'no-stream' });
}

describe('a projection that cannot apply an event', () => {
  it('stops there, keeps the others going, and says so on /health', async () => {
    const h = await startApp();
    const store = new SqliteEventStore(join(h.dataDir, SQLITE_FILE));
    try {
      const scenario = new FollowUpScenario(store);
      await scenario.raise('2026-03-02T02:00:00Z', { kind: 'directive' });
      await appendBrokenRaise(store);
      await scenario.raise('2026-03-02T02:00:00Z', { kind: 'directive' });
      const position = (await store.headPosition()).toString();

      // The report is unaffected and reaches the head; the item list does not.
      await h.http
        .get('/api/reports/overdue')
        .query({ minPosition: position })
        .set('Authorization', h.token('leader'))
        .expect(200);
      const health = await h.http.get('/health').set('Authorization', h.token('admin')).expect(200);
      expect(health.body.status).toBe('degraded');
      expect(health.body.projector.projections).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'items',
            status: 'failed',
            checkpoint: '1',
            failure: expect.objectContaining({ position: '2', eventType: 'ItemRaised' }),
          }),
          expect.objectContaining({ name: 'overdue-report', status: 'running', checkpoint: '3' }),
        ]),
      );
      expect(health.body.projector.lag).toBe(2);
    } finally {
      await store.close();
      await h.close();
      removeDir(h.dataDir);
    }
  });

  it('makes a rebuild give up without publishing anything', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'read-models-failed-rebuild-'));
    const store = new MemoryEventStore();
    await new FollowUpScenario(store).raise('2026-03-02T02:00:00Z', { kind: 'directive' });
    await appendBrokenRaise(store);
    await expect(rebuildReadModels(store, dataDir, { logger: silentLogger })).rejects.toThrow(
      /projection items failed at position 2 \(ItemRaised\)/,
    );
    expect(readdirSync(join(dataDir, 'read-models'))).toEqual([]);
    removeDir(dataDir);
  });
});
