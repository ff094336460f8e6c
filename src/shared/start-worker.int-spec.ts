import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startWorker } from './start-worker';

/** `startWorker` as the server's threads use it, with a worker from test/support. */
describe('startWorker', () => {
  const beside = join(__dirname, '..', '..', 'test', 'support', 'workers', 'caller.ts');
  let worker: Worker | undefined;

  afterEach(async () => {
    await worker?.terminate();
    process.execArgv.splice(0, process.execArgv.length, ...originalFlags);
  });
  const originalFlags = [...process.execArgv];

  function ask(message: unknown): Promise<{ echo: unknown; execArgv: string[] }> {
    return new Promise((resolve, reject) => {
      worker!.once('message', resolve);
      worker!.once('error', reject);
      worker!.postMessage(message);
    });
  }

  it('runs a TypeScript worker beside the caller (under jest, compiled by ts-node)', async () => {
    worker = startWorker(beside, 'echo.worker', undefined);
    expect((await ask({ n: 1n })).echo).toEqual({ n: 1n });
  });

  it('passes profiling flags on and leaves out heap flags a worker would refuse', async () => {
    const profiles = mkdtempSync(join(tmpdir(), 'start-worker-'));
    process.execArgv.push('--max-old-space-size=300', '--cpu-prof', `--cpu-prof-dir=${profiles}`);
    try {
      worker = startWorker(beside, 'echo.worker', undefined);
      const { execArgv } = await ask('flags?');
      expect(execArgv).toEqual(
        expect.arrayContaining(['--cpu-prof', `--cpu-prof-dir=${profiles}`]),
      );
      expect(execArgv).not.toContain('--max-old-space-size=300');
      await worker.terminate();
    } finally {
      rmSync(profiles, { recursive: true, force: true });
    }
  });
});
