import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Starts the worker thread whose entry is `<dir>/<name>` beside the calling module: `.js` when
 * built, `.ts` under ts-node or jest, where the thread (which jest does not transform) compiles
 * itself through ts-node.
 */
export function startWorker(callerFile: string, name: string, workerData: unknown): Worker {
  const extension = extname(callerFile);
  return new Worker(join(callerFile, '..', `${name}${extension}`), {
    workerData,
    // The process's own flags too (e.g. --cpu-prof when profiling a bench), as Node's default.
    execArgv:
      extension === '.ts'
        ? [...process.execArgv, '-r', 'ts-node/register/transpile-only']
        : process.execArgv,
  });
}
