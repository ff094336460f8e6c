/** A worker for `startWorker`'s spec: answers each message with it and the flags it runs with. */
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (message: unknown) => {
  parentPort!.postMessage({ echo: message, execArgv: process.execArgv });
});
