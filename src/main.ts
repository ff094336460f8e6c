import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { loadConfig } from './config/app-config';
import { seedDemoOnFirstStart } from './demo/seed-demo';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  const logger = new Logger('Main');
  // First start on an empty store: load the seed session so there is something to look at.
  const demoItems = await seedDemoOnFirstStart(app, config);
  if (demoItems > 0)
    logger.log(`Loaded the demo session: ${demoItems} items (DEMO=false skips this)`);
  // All interfaces, as a server in a container or on a LAN must (Fastify's default is localhost).
  await app.listen(config.port, '0.0.0.0');
  logger.log(
    `Follow-up engine on http://localhost:${config.port} (store: ${config.eventStore}, data: ${config.dataDir})`,
  );
}

main().catch((error) => {
  // The stack too: a start-up failure is otherwise hard to place.
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
