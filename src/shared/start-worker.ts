import { extname, join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts the worker thread whose entry is `<dir>/<name>` beside the calling module: `.js` when
 * built, `.ts` under ts-node or jest, where the thread (which jest does not transform) compiles
 * itself through ts-node.
 */
export function startWorker(
  callerFile: string,
  name: string,
  workerData: unknown,
  resourceLimits?: ResourceLimits,
): Worker {
  const extension = extname(callerFile);
  return new Worker(join(callerFile, '..', `${name}${extension}`), {
    workerData,
    resourceLimits,
    // Profiling flags carry over (a bench run with --cpu-prof profiles every thread); V8 heap
    // flags such as --max-old-space-size must not: a worker refuses them.
    execArgv: [
      ...process.execArgv.filter((flag) => flag.startsWith('--cpu-prof')),
      ...(extension === '.ts' ? ['-r', 'ts-node/register/transpile-only'] : []),
    ],
  });
}
