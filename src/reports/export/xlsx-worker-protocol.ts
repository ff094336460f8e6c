import type { CellValue, PlainTotals } from './xlsx-workbook';

/** Messages to a workbook-writing worker: rows in batches, then the totals (the end). */
export type MainToXlsxWorker =
  { type: 'rows'; rows: CellValue[][] } | { type: 'end'; totals: PlainTotals };

/** Messages from it: a batch written, a chunk of the file, the end, or a failure. */
export type XlsxWorkerToMain =
  | { type: 'ack' }
  | { type: 'chunk'; chunk: ArrayBuffer }
  | { type: 'done' }
  | { type: 'failed'; message: string };
