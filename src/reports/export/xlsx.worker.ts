/**
 * Entry point of a workbook-writing worker thread (see {@link writeWorkbookInWorker}): exceljs's
 * row serialisation and the zip run here, not on the thread that answers commands. Rows arrive as
 * cell values in batches; each batch is acknowledged once written, and the file leaves in chunks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Writable } from 'node:stream';
import { writeValues, type CellValue, type PlainSpec, type PlainTotals } from './xlsx-workbook';
import type { MainToXlsxWorker, XlsxWorkerToMain } from './xlsx-worker-protocol';
import { lowerThisThreadsPriority } from '../../shared/background-priority';

// Bulk work: commands and reads go first when the CPU is short.
void lowerThisThreadsPriority();

const port = parentPort!;
const { spec } = workerData as { spec: PlainSpec };
const send = (message: XlsxWorkerToMain, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

const batches: CellValue[][][] = [];
let totals: PlainTotals | undefined;
let wake: (() => void) | undefined;
port.on('message', (message: MainToXlsxWorker) => {
  if (message.type === 'rows') batches.push(message.rows);
  else totals = message.totals;
  wake?.();
});

async function* rows(): AsyncIterable<CellValue[]> {
  for (;;) {
    const batch = batches.shift();
    if (batch) {
      yield* batch;
      send({ type: 'ack' });
      continue;
    }
    if (totals) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

const out = new Writable({
  write(chunk: Buffer, _encoding, done) {
    // A fresh buffer of its own, handed over without a copy on the other side.
    const copy = chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength);
    send({ type: 'chunk', chunk: copy as ArrayBuffer }, [copy as ArrayBuffer]);
    done();
  },
});

writeValues(out, spec, rows(), () => totals!).then(
  () => {
    send({ type: 'done' });
    port.close();
  },
  (error: unknown) => {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    port.close();
  },
);
