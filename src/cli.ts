import { parseArgs } from 'node:util';
import { readAuthSecret } from './auth/auth-secret';
import { isRole } from './shared/principal';
import { TokenService } from './auth/token.service';
import { createApp } from './app.factory';
import { loadConfig } from './config/app-config';
import { seedDemo } from './demo/seed-demo';
import { openEventStore } from './event-store/event-store.module';
import { exportToFile, verifyStore } from './audit/export/export-to-file';
import { rebuildWithProgressBar } from './read-side/rebuild/rebuild-with-progress-bar';

const USAGE = `Usage: npm run cli -- <command> [options]

  token --role <leader|office|unit|auditor|admin> [--unit <unit-id>] [--sub <id>] [--name <name>] [--expires <12h>]
        Print a signed bearer token (AUTH_SECRET, or the secret kept in DATA_DIR).
  seed-demo
        Load the demo session into the configured store (safe to repeat).
  verify
        Check every stream's hash chain and every audit checkpoint; exit code 1 on any break.
  export --out <file.zip> [--from <position>] [--to <position>]
        Write the audit bundle (events, checkpoints, public key, signed manifest, verify.mjs).
  rebuild
        Rebuild every read model from the start of the log beside the live ones, then switch over.
        A running server keeps answering and picks up the new read models within a second.
`;

/** A mistake of the caller's: told in one line, without a stack trace. */
class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'token': {
      let values;
      try {
        ({ values } = parseArgs({
          args: rest,
          options: {
            role: { type: 'string' },
            unit: { type: 'string' },
            sub: { type: 'string' },
            name: { type: 'string' },
            expires: { type: 'string', default: '12h' },
          },
        }));
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      if (!isRole(values.role))
        throw new UsageError('--role must be leader, office, unit, auditor or admin');
      if (values.role === 'unit' && !values.unit)
        throw new UsageError('--unit is required for --role unit');
      let secret: string;
      try {
        secret = readAuthSecret(config.authSecret, config.dataDir);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const sub = values.sub ?? (values.role === 'unit' ? `${values.unit}-user` : values.role);
      const token = new TokenService(secret).sign(
        {
          sub,
          name: values.name ?? sub,
          role: values.role,
          ...(values.role === 'unit' ? { unit: values.unit } : {}),
        },
        { expiresIn: values.expires as never },
      );
      process.stdout.write(`${token}\n`);
      return 0;
    }
    case 'seed-demo': {
      const app = await createApp(config, { logger: ['error', 'warn'] });
      const { items } = await seedDemo(app);
      await app.close();
      console.log(
        `Demo session loaded (${items} items; already present ones were left as they were).`,
      );
      return 0;
    }
    case 'verify': {
      const store = await openEventStore(config);
      const report = await verifyStore(store, config.dataDir).finally(() => store.close());
      console.log(JSON.stringify(report, null, 2));
      return report.ok ? 0 : 1;
    }
    case 'export': {
      let values;
      try {
        ({ values } = parseArgs({
          args: rest,
          options: {
            out: { type: 'string' },
            from: { type: 'string' },
            to: { type: 'string' },
          },
        }));
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      if (!values.out) throw new UsageError('--out <file.zip> is required');
      const position = (name: string, value: string | undefined) => {
        if (value === undefined) return undefined;
        if (!/^\d{1,19}$/.test(value)) throw new UsageError(`--${name} must be a log position`);
        return BigInt(value);
      };
      const range = { from: position('from', values.from), to: position('to', values.to) };
      if (range.from !== undefined && range.to !== undefined && range.from > range.to)
        throw new UsageError('--to must not be before --from');
      const store = await openEventStore(config);
      try {
        await exportToFile(store, {
          dataDir: config.dataDir,
          signingKey: config.auditSigningKey,
          out: values.out,
          range,
        });
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'rebuild': {
      const store = await openEventStore(config);
      try {
        await rebuildWithProgressBar(store, config.dataDir);
      } finally {
        await store.close();
      }
      return 0;
    }
    default:
      process.stderr.write(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
