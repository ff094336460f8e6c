import { Presets, SingleBar } from 'cli-progress';
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { EventStore } from '../../event-store/event-store.port';
import {
  CHECKPOINT_DB_FILE,
  CheckpointRecords,
  openCheckpointDb,
} from '../checkpoints/checkpoint-db';
import { loadSigningKey } from '../checkpoints/signing-key';
import { auditLog, type AuditReport } from '../log-audit';
import { auditBundle, type BundleManifest, type BundleRange } from './audit-bundle';

/**
 * The checkpoints' file of `dataDir`, read-only beside a running server (WAL), or none yet: a
 * store that no server followed has no checkpoints, and its bundle is sealed by the export alone.
 */
function withCheckpoints<T>(dataDir: string, work: (records: CheckpointRecords) => Promise<T>) {
  const file = join(dataDir, CHECKPOINT_DB_FILE);
  const db = openCheckpointDb(existsSync(file) ? file : ':memory:', {
    readonly: existsSync(file),
  });
  return work(new CheckpointRecords(db)).finally(() => db.close());
}

/**
 * `npm run cli -- export --out FILE`: the audit bundle written to `FILE` (through a temporary file
 * renamed at the end, so a cut export never looks complete), with a progress bar on stderr.
 */
export async function exportToFile(
  store: EventStore,
  options: { dataDir: string; signingKey?: string; out: string; range: BundleRange },
  stream: NodeJS.WriteStream = process.stderr,
): Promise<BundleManifest> {
  const key = loadSigningKey(options.signingKey, options.dataDir);
  return withCheckpoints(options.dataDir, async (checkpoints) => {
    const bar = new SingleBar(
      {
        format: 'Exporting |{bar}| {percentage}% | {value}/{total} events | {eta_formatted} left',
        stream,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    bar.start(1, 0);
    const partial = `${options.out}.part`;
    try {
      const { stream: zip, done } = auditBundle({
        store,
        checkpoints,
        key,
        range: options.range,
        onProgress: ({ events, estimate }) => {
          bar.setTotal(Math.max(estimate, events, 1));
          bar.update(events);
        },
      });
      await Promise.all([
        pipeline(zip as Readable, createWriteStream(partial, { mode: 0o600 })),
        done,
      ]);
      const manifest = await done;
      bar.setTotal(Math.max(manifest.counts.events, 1));
      bar.update(manifest.counts.events);
      bar.stop();
      renameSync(partial, options.out);
      stream.write(
        `Exported ${manifest.counts.events.toLocaleString('en')} events and ` +
          `${manifest.counts.checkpoints.toLocaleString('en')} checkpoints to ${options.out} ` +
          `(check it with: unzip -p ${options.out} verify.mjs > verify.mjs && node verify.mjs ${options.out})\n`,
      );
      return manifest;
    } catch (error) {
      bar.stop();
      rmSync(partial, { force: true });
      throw error;
    }
  });
}

/** `npm run cli -- verify`: the streams' chains and the checkpoints kept in `dataDir`. */
export function verifyStore(store: EventStore, dataDir: string): Promise<AuditReport> {
  return withCheckpoints(dataDir, (records) =>
    auditLog(store, records.all(), records.publicKeys()),
  );
}
