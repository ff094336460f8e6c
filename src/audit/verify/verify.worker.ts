/**
 * Entry point of a verify run's worker thread (see {@link VerifyRunner}): opens its own
 * connection to the event store, walks the whole log with the checkpoints kept in `DATA_DIR`,
 * posts the report and ends. The walk never holds the thread that answers HTTP.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AppConfig } from '../../config/app-config';
import { openEventStore } from '../../event-store/event-store.module';
import { verifyStore } from '../export/export-to-file';
import type { AuditReport } from '../log-audit';
import { lowerThisThreadsPriority } from '../../shared/background-priority';

// Bulk work: commands and reads go first when the CPU is short.
void lowerThisThreadsPriority();

export type VerifyWorkerAnswer =
  { ok: true; report: AuditReport } | { ok: false; name: string; message: string };

async function main(): Promise<void> {
  const config = workerData as AppConfig;
  const store = await openEventStore(config);
  try {
    const report = await verifyStore(store, config.dataDir);
    parentPort!.postMessage({ ok: true, report } satisfies VerifyWorkerAnswer);
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    parentPort!.postMessage({ ok: false, name, message } satisfies VerifyWorkerAnswer);
  } finally {
    await store.close();
  }
}

void main();
