import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Where the dashboard's files are. They are plain files (no build step) kept in `src/web/assets`:
 * found beside this module when it runs from `src/` (ts-node, jest), two levels up when it runs
 * from `dist/web/` (`npm start`), or under the working directory as a last resort. A runtime image
 * must therefore ship `src/web/assets/` next to `dist/`.
 */
export function findAssetsRoot(
  candidates: string[] = [
    join(__dirname, 'assets'),
    join(__dirname, '..', '..', 'src', 'web', 'assets'),
    join(process.cwd(), 'src', 'web', 'assets'),
  ],
): string | null {
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/** Chart.js's browser bundle, served from node_modules (its package exports only the module entry). */
function chartJsDir(): string | null {
  try {
    return dirname(require.resolve('chart.js'));
  } catch {
    return null;
  }
}

/** Files of Chart.js's bundle served under /vendor/. */
const VENDOR_FILES = ['chart.umd.min.js', 'chart.umd.min.js.map'];

/**
 * Serves the dashboard at `/`: the files found under `root` when the server starts (one route
 * each, so an unknown path still reaches the API's 404 problem), plus Chart.js's bundle. The pages
 * use hash routes (`#/items/…`), so no fallback to `index.html` is needed for deep links.
 */
export async function serveDashboard(fastify: FastifyInstance, root: string): Promise<void> {
  await fastify.register(fastifyStatic, { root, index: 'index.html', wildcard: false });
  const chartDir = chartJsDir();
  if (!chartDir) return;
  for (const file of VENDOR_FILES) {
    fastify.get(`/vendor/${file}`, (_request, reply) => reply.sendFile(file, chartDir));
  }
}
