import { readFileSync } from 'node:fs';
import {
  freePort,
  startServerProcess,
  type ServerProcess,
} from '../../test/support/server-process';

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
    private readonly server: ServerProcess,
    readonly port: number,
  ) {}

  static async start(dataDir: string, env: NodeJS.ProcessEnv): Promise<BuiltServer> {
    const port = await freePort();
    const server = await startServerProcess({ ...env, DATA_DIR: dataDir, DEMO: 'false' }, port, {
      compiled: true,
    });
    return new BuiltServer(server, port);
  }

  /** Resident set now and at its highest (VmRSS, VmHWM), in MB. */
  memory(): { rssMb: number; peakRssMb: number } {
    const status = readFileSync(`/proc/${this.server.child.pid}/status`, 'utf8');
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

  stop(): Promise<void> {
    return this.server.stop();
  }
}
