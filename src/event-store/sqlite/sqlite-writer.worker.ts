/**
 * Entry point of the SQLite writer thread (see {@link SqliteWriterThread}): commits each batch of
 * appends it is sent, as one transaction on its own connection, so the fsync and the b-tree writes
 * of every COMMIT happen off the event loop that answers HTTP.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { commitBatch, transferOutcome, type AppendRequest } from './batch-commit';
import { prepareEventsSchema } from './schema';
import { prepareStatements } from './statements';
import {
  unpackAppends,
  type WriterReply,
  type WriterRequest,
  type WriterWorkerData,
} from './sqlite-writer.protocol';

const port = parentPort!;
const { file } = workerData as WriterWorkerData;
const db = new Database(file);
prepareEventsSchema(db);
const statements = prepareStatements(db);
port.on('message', (message: WriterRequest) => {
  if (message.type === 'close') {
    db.close();
    port.close();
    return;
  }
  port.postMessage(commit(message.id, unpackAppends(message.appends)));
});

function commit(id: number, appends: AppendRequest[]): WriterReply {
  try {
    return { id, ok: true, outcomes: commitBatch(db, statements, appends).map(transferOutcome) };
  } catch (error) {
    return { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
