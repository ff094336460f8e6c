import type { Writable } from 'node:stream';
import { startWorker } from '../../shared/start-worker';
import type { MainToXlsxWorker, XlsxWorkerToMain } from './xlsx-worker-protocol';
import { plainSpec, rowValues, type TotalsRow, type WorkbookSpec } from './xlsx-workbook';

/**
 * {@link writeWorkbook} in a worker thread of its own, for lists of any length: this thread only
 * turns rows into cell values and passes bytes on, so commands keep their thread while 100,000
 * rows are serialised and zipped beside them. One batch is in flight at a time (the worker
 * acknowledges each), so memory holds about two batches whatever the list's length.
 */
export function writeWorkbookInWorker<Row>(
  out: Writable,
  spec: WorkbookSpec<Row>,
  batches: AsyncIterable<Row[]>,
  totals: (count: number) => TotalsRow<Row>,
): Promise<void> {
  // A small young generation, as the read side's: rows are short-lived, and RSS is what a
  // 100,000-row export must keep low.
  const worker = startWorker(
    __filename,
    'xlsx.worker',
    { spec: plainSpec(spec) },
    { maxYoungGenerationSizeMb: 16 },
  );
  const send = (message: MainToXlsxWorker) => worker.postMessage(message);
  let acked: (() => void) | undefined;
  let finished = false;
  return new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      if (finished) return;
      finished = true;
      void worker.terminate();
      reject(error);
    };
    worker.on('message', (message: XlsxWorkerToMain) => {
      switch (message.type) {
        case 'ack':
          acked?.();
          return;
        case 'chunk':
          out.write(Buffer.from(message.chunk));
          return;
        case 'done':
          finished = true;
          out.end();
          resolve();
          return;
        case 'failed':
          fail(new Error(`workbook worker: ${message.message}`));
          return;
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`workbook worker exited (code ${code})`)));
    void (async () => {
      let count = 0;
      // The next batch is fetched while the worker writes this one.
      let written = Promise.resolve();
      for await (const batch of batches) {
        if (finished) return;
        count += batch.length;
        const rows = batch.map((row) => rowValues(spec.columns, row));
        await written;
        written = new Promise<void>((done) => (acked = done));
        send({ type: 'rows', rows });
      }
      await written;
      const total = totals(count);
      send({
        type: 'end',
        totals: {
          label: total.label,
          labelColumn: total.labelColumn ?? 0,
          values: rowValues(spec.columns, total.row),
        },
      });
    })().catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
  });
}
