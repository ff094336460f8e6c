/**
 * Entry point of the read-side worker thread (see {@link WorkerReadSide}): opens its own connection
 * to the event store, keeps the read models with their projector, and answers queries.
 */
import { Logger } from '@nestjs/common';
import { parentPort, workerData } from 'node:worker_threads';
import { openEventStore } from '../event-store/event-store.module';
import { ReferenceDataService } from '../organisation/application/reference-data.service';
import { ReadModels } from './read-models.service';
import type { ReadSide } from './read-side';
import { ReadSideQueries } from './read-side-queries';
import {
  serializeError,
  type MainToWorker,
  type ReadSideWorkerData,
  type WorkerToMain,
} from './read-side.protocol';

async function main(): Promise<void> {
  const port = parentPort!;
  const { config, logging } = workerData as ReadSideWorkerData;
  if (!logging) Logger.overrideLogger(false);
  const store = await openEventStore(config);
  const readModels = new ReadModels(store, config);
  await readModels.onModuleInit();
  const queries: ReadSide = new ReadSideQueries(readModels, new ReferenceDataService(store));
  const send = (message: WorkerToMain) => port.postMessage(message);

  port.on('message', (message: MainToWorker) => {
    switch (message.type) {
      case 'appended':
        store.wake?.();
        return;
      case 'stop':
        port.removeAllListeners('message');
        void readModels
          .onApplicationShutdown()
          .then(() => store.close())
          .finally(() => port.close());
        return;
      case 'query': {
        const method = queries[message.method] as (request: unknown) => Promise<unknown>;
        method.call(queries, message.request).then(
          (value) => send({ type: 'answer', id: message.id, ok: true, value }),
          (error: unknown) =>
            send({ type: 'answer', id: message.id, ok: false, error: serializeError(error) }),
        );
        return;
      }
    }
  });
  send({ type: 'ready' });
}

// A failure to open ends the worker as an unhandled rejection: the main thread gets it as 'error'.
void main();
