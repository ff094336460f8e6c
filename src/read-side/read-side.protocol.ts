import { DomainError } from '../shared/domain-error';
import { TemporarilyUnavailableError } from '../shared/temporarily-unavailable.error';
import type { AppConfig } from '../config/app-config';
import type { ReadSide } from './read-side';

/**
 * Messages between the main thread and the read-side worker. Values cross by structured clone
 * (bigints included); errors do not keep their class, so they cross as {@link SerializedError}.
 */
export type ReadSideMethod = keyof ReadSide;

export interface ReadSideWorkerData {
  config: AppConfig;
  /** False silences the worker's log, as `createApp(config, { logger: false })` does the app's. */
  logging: boolean;
}

export type MainToWorker =
  | { type: 'query'; id: number; method: ReadSideMethod; request?: unknown }
  /** This process appended to the SQLite store: the projector reads now instead of at its poll. */
  | { type: 'appended' }
  | { type: 'stop' };

export type WorkerToMain =
  | { type: 'ready' }
  | { type: 'answer'; id: number; ok: true; value: unknown }
  | { type: 'answer'; id: number; ok: false; error: SerializedError };

export type SerializedError =
  | { kind: 'unavailable'; code: string; message: string; retryAfterSeconds: number }
  | { kind: 'domain'; code: string; message: string; details?: Record<string, unknown> }
  | { kind: 'other'; name: string; message: string; stack?: string };

/** What the HTTP layer needs to answer as it would in one thread: the error's class and fields. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof TemporarilyUnavailableError) {
    const { code, message, retryAfterSeconds } = error;
    return { kind: 'unavailable', code, message, retryAfterSeconds };
  }
  if (error instanceof DomainError) {
    return { kind: 'domain', code: error.code, message: error.message, details: error.details };
  }
  const plain = error instanceof Error ? error : new Error(String(error));
  return { kind: 'other', name: plain.name, message: plain.message, stack: plain.stack };
}

export function deserializeError(error: SerializedError): Error {
  switch (error.kind) {
    case 'unavailable':
      return new TemporarilyUnavailableError(error.code, error.message, error.retryAfterSeconds);
    case 'domain':
      return new DomainError(error.code, error.message, error.details);
    case 'other': {
      const plain = new Error(`read-side worker: ${error.message}`);
      plain.name = error.name;
      if (error.stack) plain.stack = `${plain.name}: ${plain.message}\n${error.stack}`;
      return plain;
    }
  }
}
