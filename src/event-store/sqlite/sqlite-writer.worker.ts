/**
 * Entry point of the SQLite writer thread (see {@link SqliteWriterThread}): commits the batches of
 * appends it is sent on its own connection, so the fsync and the b-tree writes of every COMMIT
 * happen off the event loop that answers HTTP.
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
let queued: { id: number; appends: AppendRequest[] }[] = [];
let flushScheduled = false;
let commitNo = 0;

port.on('message', (message: WriterRequest) => {
  if (message.type === 'close') {
    flush();
    db.close();
    port.close();
    return;
  }
  queued.push({ id: message.id, appends: unpackAppends(message.appends) });
  // Batches that arrived while the last COMMIT ran are all in the port by now: they share the next.
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
});

function flush(): void {
  flushScheduled = false;
  const requests = queued;
  queued = [];
  if (requests.length === 0) return;
  const send = (reply: WriterReply) => port.postMessage(reply);
  let outcomes;
  try {
    outcomes = commitBatch(
      db,
      statements,
      requests.flatMap((request) => request.appends),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    for (const { id } of requests) send({ id, ok: false, error: message });
    return;
  }
  commitNo += 1;
  let offset = 0;
  for (const { id, appends } of requests) {
    const mine = outcomes.slice(offset, (offset += appends.length)).map(transferOutcome);
    send({ id, ok: true, commitNo, outcomes: mine });
  }
}
