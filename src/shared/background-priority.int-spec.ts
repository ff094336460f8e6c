import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** The calling thread's nice value (field 19 of its stat). */
const NICE_OF_THIS_THREAD = `() => Number(require('node:fs').readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ')[16])`;
const niceOfThisThread = () =>
  Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ')[16]);

const onLinux = existsSync('/proc/thread-self');

describe('lowerThisThreadsPriority', () => {
  (onLinux ? it : it.skip)(
    'lowers the worker thread that calls it, and no other thread',
    async () => {
      const mainBefore = niceOfThisThread();
      const worker = new Worker(
        `const { parentPort } = require('node:worker_threads');
       const { lowerThisThreadsPriority } = require(${JSON.stringify(join(__dirname, 'background-priority.ts'))});
       const nice = ${NICE_OF_THIS_THREAD};
       const before = nice();
       const lowered = lowerThisThreadsPriority();
       parentPort.postMessage({ before, lowered, after: nice() });`,
        { eval: true, execArgv: ['-r', 'ts-node/register/transpile-only'] },
      );
      const answer = await new Promise<{ before: number; lowered: boolean; after: number }>(
        (resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        },
      );
      await worker.terminate();

      expect(answer.lowered).toBe(true);
      expect(answer.after).toBe(Math.max(answer.before, 10));
      expect(niceOfThisThread()).toBe(mainBefore);
    },
  );
});
