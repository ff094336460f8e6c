import type { Database } from 'better-sqlite3';
import type { ConsumedEvent, Consumer } from '../event-sourcing/consumer';

/**
 * A read model: a consumer of the log whose effects are rows of the read-model SQLite file (see
 * `Consumer` for the contract that makes it exactly-once). It needs no metadata, so the SQLite
 * store reads the log for it without decoding any (`EventStore.readLog`).
 */
export type Projection = Consumer<Database>;

/** What a projection sees of an event: upcast, without its id and metadata. */
export type ProjectedEvent = ConsumedEvent;
