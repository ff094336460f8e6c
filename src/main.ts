import { Logger, type INestApplication } from '@nestjs/common';
import { createApp } from './app.factory';
import { loadConfig } from './config/app-config';
import { seedDemoOnFirstStart } from './demo/seed-demo';

async function main(): Promise<void> {
  // Whatever else the server writes (pointer and marker files) is its own too; the stores set
  // their files' modes themselves as well, so tests and the CLI get them without this.
  process.umask(0o077);
  const config = loadConfig();
  const app = await createApp(config);
  const logger = new Logger('Main');
  // First start on an empty store: load the seed session so there is something to look at.
  const demoItems = await seedDemoOnFirstStart(app, config);
  if (demoItems > 0)
    logger.log(`Loaded the demo session: ${demoItems} items (DEMO=false skips this)`);
  await listenOnAllInterfaces(app, config.port);
  logger.log(
    `Follow-up engine on http://localhost:${config.port} (store: ${config.eventStore}, data: ${config.dataDir})`,
  );
}

/**
 * IPv6 and IPv4 on every interface, as a server in a container or on a LAN must (Fastify's default
 * is localhost only); IPv4 alone where the host has no IPv6, as Node's own default does.
 */
async function listenOnAllInterfaces(app: INestApplication, port: number): Promise<void> {
  try {
    await app.listen(port, '::');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT') throw error;
    await app.listen(port, '0.0.0.0');
  }
}

main().catch((error) => {
  // The stack too: a start-up failure is otherwise hard to place.
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
