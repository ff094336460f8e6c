import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The real server as a child process (as `npm start` runs it), for benchmarks and crash tests. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Peak resident memory of the server so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/**
 * Starts `src/main.ts` through ts-node (tests: no build step), or with `compiled` the built
 * `dist/main.js` exactly as `npm start` runs it (benchmarks: no compiler in the measured process).
 */
export async function startServerProcess(
  env: NodeJS.ProcessEnv,
  port: number,
  options: { compiled?: boolean } = {},
): Promise<ServerProcess> {
  const entry = options.compiled
    ? [join(ROOT, 'dist', 'main.js')]
    : ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'main.ts')];
  const child = spawn(
    process.execPath,
    [
      // SERVER_NODE_ARGS: extra flags for the server's node, e.g. --cpu-prof when profiling a bench.
      ...(process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ...entry,
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        // Nothing appends on its own unless the caller turns the reminder engine on.
        REMINDER_INTERVAL_MS: '0',
        DELIVERY_INTERVAL_MS: '0',
        ...env,
        PORT: String(port),
        TS_NODE_TRANSPILE_ONLY: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  // SERVER_OUTPUT: a file that also gets the server's output, e.g. with --trace-gc in a bench.
  const keep = (chunk: Buffer) => {
    output += chunk;
    if (process.env.SERVER_OUTPUT) appendFileSync(process.env.SERVER_OUTPUT, chunk);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // Not left running: an orphan would keep its port and hold the test runner open.
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    url,
    peakRssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}

/** A port nothing listens on now (the OS picks it), for a server process started next. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
