import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const onLinux = existsSync('/proc/thread-self');
const MODULE = JSON.stringify(join(__dirname, 'background-priority.ts'));

/**
 * In a fresh process, so that the worker is the first to use libuv's thread pool: the pool's
 * threads would otherwise be started, and keep, the nice value of a thread that already lowered
 * it. Prints whether the worker lowered itself and every thread's nice value afterwards.
 */
const PROBE = `
  const { Worker } = require('node:worker_threads');
  const fs = require('node:fs');
  const worker = new Worker(\`
    const { parentPort } = require('node:worker_threads');
    require(${MODULE.replace(/\\/g, '\\\\')}).lowerThisThreadsPriority().then((lowered) =>
      require('node:fs').stat('.', () => parentPort.postMessage(lowered)));
  \`, { eval: true, execArgv: ['-r', 'ts-node/register/transpile-only'] });
  worker.once('message', (lowered) => {
    const nice = fs.readdirSync('/proc/self/task').map((task) =>
      Number(fs.readFileSync('/proc/self/task/' + task + '/stat', 'utf8').split(') ')[1].split(' ')[16]));
    console.log(JSON.stringify({ lowered, nice }));
    process.exit(0);
  });
`;

describe('lowerThisThreadsPriority', () => {
  (onLinux ? it : it.skip)(
    'lowers the worker thread that calls it, and neither the process nor the thread pool',
    () => {
      const { lowered, nice } = JSON.parse(
        execFileSync(process.execPath, ['-e', PROBE], { encoding: 'utf8' }),
      ) as { lowered: boolean; nice: number[] };
      const base = Math.min(...nice);

      expect(lowered).toBe(true);
      // main, V8's helpers, the four pool threads... all as they were; the worker alone lowered.
      expect(nice.length).toBeGreaterThan(5);
      expect(nice.filter((value) => value === Math.max(base, 10))).toHaveLength(1);
      expect(nice.filter((value) => value === base)).toHaveLength(nice.length - 1);
    },
  );
});
