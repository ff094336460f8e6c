import { Logger } from '@nestjs/common';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../shared/start-worker';
import { StoreUnavailableError } from '../event-store.port';
import { receiveOutcome, type AppendOutcome, type AppendRequest } from './batch-commit';
import {
  packAppends,
  type WriterReply,
  type WriterRequest,
  type WriterWorkerData,
} from './sqlite-writer.protocol';

interface Pending {
  resolve(outcomes: AppendOutcome[]): void;
  reject(error: unknown): void;
}

/**
 * The SQLite store's writer in a worker thread: batches of appends go to it as messages and come
 * back as outcomes once COMMIT has returned (durable). The thread opens its own connection to the
 * file; the store's connection keeps reading in this thread, and sees each batch once it is told
 * it committed (WAL).
 *
 * A batch that was sent when the thread died may or may not have been committed: its appends fail
 * with `StoreUnavailableError`, as after a crash, and a retry with the same idempotency key is safe.
 * The next batch starts a new thread.
 */
export class SqliteWriterThread {
  private readonly logger = new Logger('SqliteWriter');
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly file: string) {}

  commit(appends: AppendRequest[]): Promise<AppendOutcome[]> {
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({
        type: 'commit',
        id,
        appends: packAppends(appends),
      } satisfies WriterRequest);
    });
  }

  /** Ends the thread once it has answered every batch it was sent. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ type: 'close' } satisfies WriterRequest);
    await exited;
  }

  private spawn(): Worker {
    const worker = startWorker(__filename, 'sqlite-writer.worker', {
      file: this.file,
    } satisfies WriterWorkerData);
    worker.on('message', (reply: WriterReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (reply.ok) {
        pending.resolve(reply.outcomes.map(receiveOutcome));
      } else {
        pending.reject(
          new StoreUnavailableError('The SQLite event store could not commit', reply.error),
        );
      }
    });
    worker.on('error', (error) =>
      this.logger.error(`SQLite writer thread failed: ${error.message}`),
    );
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      const lost = new StoreUnavailableError(
        'The SQLite writer thread ended; the append may not have been committed',
      );
      for (const pending of this.pending.values()) pending.reject(lost);
      this.pending.clear();
    });
    return worker;
  }
}
