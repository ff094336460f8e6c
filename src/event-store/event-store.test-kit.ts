import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent } from './event-store.port';

/**
 * Events for store-level tests (the contract suite and adapter specs). The hash chain is another
 * layer's concern, so `prevHash`/`hash` are placeholders here.
 */
export function testMetadata(): EventMetadata {
  return {
    actor: { sub: 'user-1', role: 'office', unit: null, name: 'Contract Tester' },
    occurredAt: '2025-03-31T09:00:00.000Z',
    correlationId: randomUUID(),
    causationId: null,
    commandId: randomUUID(),
    schemaVersion: 1,
    prevHash: null,
    hash: 'x',
  };
}

export function testEvent(type = 'ContractTested', data: unknown = { n: 1 }): NewEvent {
  return { id: randomUUID(), type, data, metadata: testMetadata() };
}
