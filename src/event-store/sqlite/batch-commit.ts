import type { Database } from 'better-sqlite3';
import {
  ConcurrencyError,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
} from '../event-store.port';
import { assertExpectedRevision, NO_STREAM_REVISION } from '../expected-revision';
import type { SerializedEvent, Statements } from './statements';

/** One append as the batch commit takes it: events already serialised. */
export interface AppendRequest {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: SerializedEvent[];
}

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

export function serializeEvent(event: NewEvent): SerializedEvent {
  return {
    id: event.id,
    type: event.type,
    data: JSON.stringify(event.data ?? null),
    metadata: JSON.stringify(event.metadata),
    schemaVersion: event.metadata.schemaVersion,
  };
}

/**
 * Runs a batch of appends as one transaction (one fsync), each in its own SAVEPOINT: its
 * expected-revision check sees the appends before it in the batch, and an append that fails rolls
 * back alone. Throws when BEGIN or COMMIT fails: then nothing of the batch was committed.
 */
export function commitBatch(
  db: Database,
  statements: Statements,
  batch: readonly AppendRequest[],
): AppendOutcome[] {
  const { begin, commit, rollback, savepoint, release, rollbackToSavepoint } = statements;
  // IMMEDIATE takes the write lock up front, so another process cannot make us fail half-way.
  begin.run();
  try {
    const recordedAt = new Date().toISOString();
    const outcomes = batch.map((append): AppendOutcome => {
      savepoint.run();
      try {
        const result = applyAppend(statements, append, recordedAt);
        release.run();
        return { ok: true, result };
      } catch (error) {
        rollbackToSavepoint.run();
        release.run();
        return { ok: false, error };
      }
    });
    commit.run();
    return outcomes;
  } catch (error) {
    // SQLite may already have rolled back on its own (I/O error, disk full).
    if (db.inTransaction) rollback.run();
    throw error;
  }
}

/** Checks the expected revision and inserts the events; runs inside the append's savepoint. */
function applyAppend(
  statements: Statements,
  append: AppendRequest,
  recordedAt: string,
): AppendResult {
  const { streamId, events } = append;
  const head = statements.streamHead.get(streamId) as
    { revision: bigint; position: bigint } | undefined;
  let revision = head?.revision ?? NO_STREAM_REVISION;
  let position = head?.position ?? -1n;
  assertExpectedRevision(streamId, append.expectedRevision, revision);
  for (const event of events) {
    revision += 1n;
    const info = statements.insert.run(
      streamId,
      revision,
      event.id,
      event.type,
      event.data,
      event.metadata,
      recordedAt,
      event.schemaVersion,
    );
    position = info.lastInsertRowid as bigint;
  }
  return { nextRevision: revision, position };
}

/** An outcome as it crosses between threads: errors lose their class in a structured clone. */
export type TransferredOutcome =
  | { ok: true; result: AppendResult }
  | {
      ok: false;
      error:
        | {
            kind: 'concurrency';
            streamId: string;
            expected: ExpectedRevision;
            actual?: bigint | 'no-stream';
          }
        | { kind: 'other'; name: string; message: string; code?: string };
    };

export function transferOutcome(outcome: AppendOutcome): TransferredOutcome {
  if (outcome.ok) return outcome;
  const error = outcome.error;
  if (error instanceof ConcurrencyError) {
    const { streamId, expected, actual } = error;
    return { ok: false, error: { kind: 'concurrency', streamId, expected, actual } };
  }
  const plain = error instanceof Error ? error : new Error(String(error));
  const code = (plain as { code?: unknown }).code;
  return {
    ok: false,
    error: {
      kind: 'other',
      name: plain.name,
      message: plain.message,
      ...(typeof code === 'string' ? { code } : {}),
    },
  };
}

export function receiveOutcome(outcome: TransferredOutcome): AppendOutcome {
  if (outcome.ok) return outcome;
  const error = outcome.error;
  if (error.kind === 'concurrency') {
    return { ok: false, error: new ConcurrencyError(error.streamId, error.expected, error.actual) };
  }
  const rebuilt = Object.assign(new Error(error.message), { name: error.name, code: error.code });
  return { ok: false, error: rebuilt };
}
