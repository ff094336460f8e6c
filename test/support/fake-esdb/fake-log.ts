import { randomUUID } from 'node:crypto';

/**
 * The fake server's transaction log: an append-only list of records addressed by byte-like
 * positions, with the write rules of EventStoreDB's storage writer.
 *
 * Positions: every gRPC append writes one prepare record per event, each flagged `IsCommitted`
 * (`StorageWriterService.WritePrepares`), so an event's `$all` position has commit == prepare ==
 * the record's own log position (`AllReader`: `new CommitEventRecord(eventRecord,
 * eventRecord.LogPosition)`). Positions are byte offsets, not counters: they grow by the record's
 * size, so code that assumes "next position = position + 1" fails here as it would on a server.
 */

/** A `$all` position, as on the wire (`TFPos`). Ordered by commit, then prepare. */
export interface TfPos {
  commit: bigint;
  prepare: bigint;
}

export function compareTfPos(a: TfPos, b: TfPos): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export interface LogRecord {
  /** Pre-position of the record: its `$all` position (commit == prepare). */
  position: bigint;
  /** Position of the next record. */
  postPosition: bigint;
  /**
   * False for the data-less prepare an empty append writes (`WritePrepares` with no events):
   * it takes room in the log but no read returns it.
   */
  isEvent: boolean;
  streamId: string;
  revision: bigint;
  eventId: string;
  type: string;
  isJson: boolean;
  data: Uint8Array;
  metadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the server sends `created`. */
  createdTicks: bigint;
}

export interface ProposedEvent {
  eventId: string;
  type: string;
  isJson: boolean;
  data: Uint8Array;
  metadata: Uint8Array;
}

/** Expected stream state of an append, as in `AppendReq.Options` / `BatchAppendReq.Options`. */
export type Expected =
  | { kind: 'any' }
  | { kind: 'no-stream' }
  | { kind: 'exists' }
  | { kind: 'revision'; revision: bigint };

/** Outcome of an append. `currentRevision` is -1n when the stream has no events. */
export type AppendOutcome =
  { ok: true; currentRevision: bigint; position: bigint } | { ok: false; currentRevision: bigint };

/** Bytes every record costs on top of its payload: roughly a prepare record's header. */
const RECORD_OVERHEAD = 90n;
const NO_STREAM = -1n;

export class FakeLog {
  private readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, LogRecord[]>();
  private readonly listeners = new Set<(records: readonly LogRecord[]) => void>();
  /** Pre-positions of all records: the only places a reader can start from. */
  private readonly boundaries = new Set<bigint>();
  /** Where the next record goes (the writer checkpoint). */
  private writer = 0n;

  get writerPosition(): bigint {
    return this.writer;
  }

  /**
   * Whether a `$all` read or subscription may start at `position`: a record's pre-position, or
   * the end of the log and beyond. Elsewhere the server fails with "Trying to read from an
   * invalid position." (the reader would land inside a record).
   */
  canStartAt(position: TfPos): boolean {
    return position.commit >= this.writer || this.boundaries.has(position.commit);
  }

  all(): readonly LogRecord[] {
    return this.records;
  }

  stream(streamId: string): readonly LogRecord[] {
    return this.streams.get(streamId) ?? [];
  }

  /** Called synchronously after each successful write, with the records it added. */
  onWrite(listener: (records: readonly LogRecord[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Checks `expected` and writes, following `IndexWriter.CheckCommit`: a numeric expectation
   * behind the stream, or `any`/`exists`, whose events are already in the stream at the same
   * revisions is an idempotent success (nothing written; the position of the last of them is
   * returned); a partial match is a wrong expected version ("corrupted idempotency").
   */
  append(streamId: string, expected: Expected, events: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.stream(streamId);
    const current = BigInt(stream.length) - 1n;
    const wrong: AppendOutcome = { ok: false, currentRevision: current };

    if (expected.kind === 'exists' && current === NO_STREAM) return wrong;
    if (expected.kind === 'any' || expected.kind === 'exists') {
      const idempotent = this.findAlreadyWritten(stream, events);
      if (idempotent === 'corrupted') return wrong;
      if (idempotent) return idempotent;
      return this.write(streamId, current, events);
    }
    const expectedRevision = expected.kind === 'no-stream' ? NO_STREAM : expected.revision;
    if (expectedRevision < current) {
      if (events.length === 0) return wrong;
      const matches = events.every(
        (event, i) => stream[Number(expectedRevision) + 1 + i]?.eventId === event.eventId,
      );
      if (!matches) return wrong;
      const last = stream[Number(expectedRevision) + events.length];
      return { ok: true, currentRevision: last.revision, position: last.position };
    }
    if (expectedRevision > current) return wrong;
    return this.write(streamId, current, events);
  }

  /** Writes a system record (e.g. `$>` links, `$metadata`) without any check. */
  writeSystem(streamId: string, type: string, data: unknown): void {
    const current = BigInt(this.stream(streamId).length) - 1n;
    const json = new TextEncoder().encode(JSON.stringify(data));
    this.write(streamId, current, [
      { eventId: randomUUID(), type, isJson: true, data: json, metadata: new Uint8Array() },
    ]);
  }

  private findAlreadyWritten(
    stream: readonly LogRecord[],
    events: readonly ProposedEvent[],
  ): AppendOutcome | 'corrupted' | undefined {
    if (events.length === 0) return undefined;
    const first = stream.findIndex((record) => record.eventId === events[0].eventId);
    if (first < 0) return undefined;
    const all = events.every((event, i) => stream[first + i]?.eventId === event.eventId);
    if (!all) return 'corrupted';
    const last = stream[first + events.length - 1];
    return { ok: true, currentRevision: last.revision, position: last.position };
  }

  private write(
    streamId: string,
    current: bigint,
    events: readonly ProposedEvent[],
  ): AppendOutcome {
    const createdTicks = BigInt(Date.now()) * 10_000n;
    const written: LogRecord[] = [];
    if (events.length === 0) {
      // The data-less prepare of an empty write: its position is what the server answers.
      const record = this.record(streamId, current, createdTicks, undefined);
      this.records.push(record);
      this.boundaries.add(record.position);
      return { ok: true, currentRevision: current, position: record.position };
    }
    let revision = current;
    for (const event of events) {
      revision += 1n;
      written.push(this.record(streamId, revision, createdTicks, event));
    }
    this.records.push(...written);
    for (const record of written) this.boundaries.add(record.position);
    const stream = this.streams.get(streamId) ?? [];
    stream.push(...written);
    this.streams.set(streamId, stream);
    for (const listener of [...this.listeners]) listener(written);
    return { ok: true, currentRevision: revision, position: written[written.length - 1].position };
  }

  private record(
    streamId: string,
    revision: bigint,
    createdTicks: bigint,
    event: ProposedEvent | undefined,
  ): LogRecord {
    const size =
      RECORD_OVERHEAD +
      BigInt(streamId.length + (event ? event.type.length + event.data.length : 0)) +
      BigInt(event?.metadata.length ?? 0);
    const position = this.writer;
    this.writer += size;
    return {
      position,
      postPosition: this.writer,
      isEvent: event !== undefined,
      streamId,
      revision,
      eventId: event?.eventId ?? randomUUID(),
      type: event?.type ?? '',
      isJson: event?.isJson ?? false,
      data: event?.data ?? new Uint8Array(),
      metadata: event?.metadata ?? new Uint8Array(),
      createdTicks,
    };
  }
}

export function tfPosOf(record: LogRecord): TfPos {
  return { commit: record.position, prepare: record.position };
}
