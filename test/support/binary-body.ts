import type { Response } from 'supertest';

/**
 * A supertest parser that reads a binary reply whole (supertest leaves unknown media types, a
 * workbook or a zip, unparsed otherwise): `.buffer(true).parse(binaryBody)`.
 */
export function binaryBody(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
