import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The production entry point, as `npm start` runs it. */
const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/**
 * The server as it runs in production (`node dist/main.js`, built by `npm run build`), watched
 * from outside: its memory is read from /proc, so no benchmark code, no ts-node and no TypeScript
 * compiler sit in its heap or in its worker threads (under ts-node each worker thread loads the
 * compiler, a hundred megabytes that production never holds).
 */
export class BuiltServer {
  private sampler?: NodeJS.Timeout;
  private sampledMb = 0;

  private constructor(
    private readonly process: ChildProcess,
    readonly port: number,
  ) {}

  static async start(
    dataDir: string,
    env: Record<string, string | undefined>,
  ): Promise<BuiltServer> {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, ...env, DATA_DIR: dataDir, PORT: String(port), DEMO: 'false' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const server = new BuiltServer(child, port);
    await server.ready();
    return server;
  }

  /** Resident set now and at its highest (VmRSS, VmHWM), in MB. */
  memory(): { rssMb: number; peakRssMb: number } {
    const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  }

  /** Starts sampling the resident set every 50 ms; returns it now. */
  sampleStart(): number {
    this.sampledMb = this.memory().rssMb;
    this.sampler = setInterval(() => {
      this.sampledMb = Math.max(this.sampledMb, this.memory().rssMb);
    }, 50);
    return this.sampledMb;
  }

  /** The highest resident set since `sampleStart`. */
  sampleStop(): number {
    clearInterval(this.sampler);
    return Math.max(this.sampledMb, this.memory().rssMb);
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGTERM');
    await exited;
  }

  /** Waits for `/health` to answer (the read models loaded), or for the server to fail. */
  private async ready(): Promise<void> {
    const deadline = Date.now() + 10 * 60_000;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) {
        throw new Error(`dist/main.js exited with ${this.process.exitCode}`);
      }
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('dist/main.js did not become ready in 10 minutes');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
