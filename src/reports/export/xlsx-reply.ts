import { StreamableFile } from '@nestjs/common';
import { PassThrough, type Writable } from 'node:stream';
import { XLSX_TYPE } from './xlsx-workbook';

/**
 * A workbook as the reply body, written while it is sent. Whatever can fail before the first byte
 * (validation, the read side) must be awaited before this is called, so it still answers a problem
 * document; a failure while streaming can only cut the download short.
 */
export function xlsxFile(
  fileName: string,
  write: (out: Writable) => Promise<void>,
): StreamableFile {
  const out = new PassThrough();
  write(out).catch((error: unknown) =>
    out.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return new StreamableFile(out, {
    type: XLSX_TYPE,
    disposition: `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '-')}"`,
  });
}
