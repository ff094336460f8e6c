import type { Worker } from 'node:worker_threads';

/**
 * The requests a thread has sent to a worker and not yet had answered. Each message carries an id;
 * the worker's reply names it, and settles the request sent with it. Used by the SQLite writer
 * thread and the read-side thread alike.
 */
export class WorkerRequests {
  private readonly pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: unknown): void }
  >();
  private nextId = 1;

  /** Posts `message(id)` to `worker`; resolves with what `resolve(id, …)` is later given. */
  send<T>(worker: Worker, message: (id: number) => unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage(message(id));
    });
  }

  resolve(id: number, value: unknown): void {
    const request = this.take(id);
    request?.resolve(value);
  }

  reject(id: number, error: unknown): void {
    const request = this.take(id);
    request?.reject(error);
  }

  /** Fails every request still waiting: the worker ended before it answered them. */
  rejectAll(error: unknown): void {
    for (const request of this.pending.values()) request.reject(error);
    this.pending.clear();
  }

  private take(id: number) {
    const request = this.pending.get(id);
    this.pending.delete(id);
    return request;
  }
}
