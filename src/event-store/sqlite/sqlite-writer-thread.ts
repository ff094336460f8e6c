import { Logger } from '@nestjs/common';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../shared/start-worker';
import { WorkerRequests } from '../../shared/worker-requests';
import { StoreUnavailableError } from '../event-store.port';
import { receiveOutcome, type AppendOutcome, type AppendRequest } from './batch-commit';
import {
  packAppends,
  type WriterReply,
  type WriterRequest,
  type WriterWorkerData,
} from './sqlite-writer.protocol';

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
  private readonly requests = new WorkerRequests();

  constructor(private readonly file: string) {}

  commit(appends: AppendRequest[]): Promise<AppendOutcome[]> {
    const worker = (this.worker ??= this.spawn());
    const packed = packAppends(appends);
    return this.requests.send(
      worker,
      (id) => ({ type: 'commit', id, appends: packed }) satisfies WriterRequest,
    );
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
      if (reply.ok) {
        this.requests.resolve(reply.id, reply.outcomes.map(receiveOutcome));
      } else {
        const error = new StoreUnavailableError(
          'The SQLite event store could not commit',
          reply.error,
        );
        this.requests.reject(reply.id, error);
      }
    });
    worker.on('error', (error) =>
      this.logger.error(`SQLite writer thread failed: ${error.message}`),
    );
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.requests.rejectAll(
        new StoreUnavailableError(
          'The SQLite writer thread ended; the append may not have been committed',
        ),
      );
    });
    return worker;
  }
}
