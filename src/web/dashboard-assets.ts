import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

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

const VENDOR: Record<string, string> = {
  '/vendor/chart.umd.min.js': 'chart.umd.min.js',
  '/vendor/chart.umd.min.js.map': 'chart.umd.min.js.map',
};

/** API, docs and health are never files: skip the file lookup for them. */
const NOT_ASSETS = /^\/(?:api|auth|docs|health)(?:[/-]|$)/;

/**
 * GET middleware serving the dashboard at `/`. Only files that exist are answered; everything
 * else falls through to the routes. The pages use hash routes (`#/items/…`), so no fallback to
 * `index.html` is needed for deep links.
 */
export function dashboardAssets(root: string) {
  const files = express.static(root, { index: 'index.html', redirect: false, fallthrough: true });
  const chartDir = chartJsDir();
  return (req: Request, res: Response, next: NextFunction): void => {
    if (NOT_ASSETS.test(req.path)) return next();
    const vendorFile = VENDOR[req.path];
    if (vendorFile && chartDir) {
      res.sendFile(join(chartDir, vendorFile), (error) => {
        if (error && !res.headersSent) next();
      });
      return;
    }
    files(req, res, next);
  };
}
