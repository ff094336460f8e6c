import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  EMPTY_CHAIN,
  hashEvent,
  type ChainBreak,
  type ChainBreakReason,
  type ChainTip,
  type VerifyReport,
} from '../event-sourcing/hash-chain';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import {
  digestOf,
  GENESIS_ROOT,
  nextRoot,
  signatureHolds,
  type Checkpoint,
} from './checkpoints/checkpoint-chain';

export type CheckpointBreakReason =
  /** Not signed by a key this log knows, or the signature does not hold: the checkpoint changed. */
  | 'bad-signature'
  /** `seq` or `previous` does not follow the checkpoint before: one was removed or replaced. */
  | 'broken-link'
  /** No event of the log sits at the checkpoint's position: events were removed or moved. */
  | 'position-not-in-log'
  /** The log up to the position does not have the sealed count or root: it changed since. */
  | 'root-mismatch'
  /** The log ends before the checkpoint's position: its last events were removed. */
  | 'beyond-the-log';

export interface CheckpointBreak {
  seq: number;
  position: string;
  reason: CheckpointBreakReason;
}

/** `VerifyReport` (the streams' chains) plus the checkpoints held against the log. */
export interface AuditReport extends VerifyReport {
  checkpoints: {
    /** Checkpoints checked (those at or before the log's head when verify began). */
    count: number;
    latest: { seq: number; position: string; events: number } | null;
    /** Events after the latest checkpoint: covered by the streams' chains only. */
    uncovered: number;
    breaks: CheckpointBreak[];
  };
}

/**
 * Walks the log once, in position order, checking every stream's hash chain (as `verifyLog`) and,
 * at the same time, the running root against each checkpoint: its signature, its link to the one
 * before, and the count and root of the events up to its position. Stops at the head as it was
 * when the walk began, so appends meanwhile are neither judged nor mistaken for a break.
 */
export async function auditLog(
  store: EventStore,
  checkpoints: Iterable<Checkpoint>,
  publicKeys: ReadonlyMap<string, string>,
  options: { pageSize?: number; onProgress?: (eventsDone: number) => void } = {},
): Promise<AuditReport> {
  const pageSize = options.pageSize ?? 5_000;
  const head = await store.headPosition();
  const keys = new Map<string, KeyObject>();
  for (const [id, pem] of publicKeys) keys.set(id, createPublicKey(pem));
  const sealed = new CheckpointWalk(checkpoints, keys, head);

  const tips = new Map<string, ChainTip>();
  const broken = new Map<string, ChainBreak>();
  let events = 0;
  let root = GENESIS_ROOT;
  let after: bigint | undefined;
  while (head >= 0n) {
    const page = await store.readAll({ after, limit: pageSize });
    for (const event of page) {
      if (event.position > head) break;
      events++;
      root = nextRoot(root, {
        id: event.id,
        streamId: event.streamId,
        revision: event.revision,
        hash: event.metadata.hash,
        recordedAt: event.recordedAt,
      });
      sealed.reached(event.position, events, root);
      if (broken.has(event.streamId)) continue;
      const failure = linkFailure(tips.get(event.streamId) ?? EMPTY_CHAIN, event);
      if (failure) {
        const revision = event.revision.toString();
        broken.set(event.streamId, { streamId: event.streamId, revision, reason: failure });
      } else {
        tips.set(event.streamId, { revision: event.revision, hash: event.metadata.hash });
      }
    }
    options.onProgress?.(events);
    if (page.length < pageSize || page[page.length - 1].position >= head) break;
    after = page[page.length - 1].position;
  }
  sealed.ended();
  const streams = new Set([...tips.keys(), ...broken.keys()]).size;
  const breaks = [...broken.values()];
  const latest = sealed.latest;
  return {
    ok: breaks.length === 0 && sealed.breaks.length === 0,
    streams,
    events,
    breaks,
    checkpoints: {
      count: sealed.count,
      latest: latest && { seq: latest.seq, position: latest.position, events: latest.events },
      uncovered: events - (latest?.events ?? 0),
      breaks: sealed.breaks,
    },
  };
}

function linkFailure(tip: ChainTip, event: RecordedEvent): ChainBreakReason | null {
  if (event.revision !== tip.revision + 1n) return 'revision-gap';
  if ((event.metadata.prevHash ?? null) !== tip.hash) return 'broken-link';
  if (hashEvent(event) !== event.metadata.hash) return 'altered';
  return null;
}

/**
 * The checkpoints met in position order while the log is walked. Each is judged once on its own
 * (signature, link) and once against the log; after the first root that does not match, later
 * roots are not compared (they would all differ), but signatures and links still are.
 */
class CheckpointWalk {
  readonly breaks: CheckpointBreak[] = [];
  count = 0;
  latest: Checkpoint | null = null;
  private readonly iterator: Iterator<Checkpoint>;
  private next: Checkpoint | undefined;
  private previous: Checkpoint | null = null;
  private rootsDiffer = false;

  constructor(
    checkpoints: Iterable<Checkpoint>,
    private readonly keys: ReadonlyMap<string, KeyObject>,
    private readonly head: bigint,
  ) {
    this.iterator = checkpoints[Symbol.iterator]();
    this.advance();
  }

  /** The log's event at `position` is the `events`-th, and the running root is `root`. */
  reached(position: bigint, events: number, root: string): void {
    while (this.next && BigInt(this.next.position) <= position) {
      const checkpoint = this.next;
      if (BigInt(checkpoint.position) < position) {
        this.fail(checkpoint, 'position-not-in-log');
      } else if (!this.rootsDiffer && (checkpoint.events !== events || checkpoint.root !== root)) {
        this.fail(checkpoint, 'root-mismatch');
        this.rootsDiffer = true;
      }
      this.advance();
    }
  }

  /** The walk reached the head: checkpoints not met cover events the log no longer holds. */
  ended(): void {
    while (this.next) {
      this.fail(this.next, 'beyond-the-log');
      this.advance();
    }
  }

  private advance(): void {
    const result = this.iterator.next();
    const checkpoint = result.done ? undefined : result.value;
    if (checkpoint && BigInt(checkpoint.position) > this.head) {
      this.next = undefined;
      return;
    }
    this.next = checkpoint;
    if (!checkpoint) return;
    this.count++;
    const key = this.keys.get(checkpoint.keyId);
    if (!key || !signatureHolds(checkpoint, key)) this.fail(checkpoint, 'bad-signature');
    else if (
      checkpoint.seq !== (this.previous?.seq ?? 0) + 1 ||
      checkpoint.previous !== (this.previous ? digestOf(this.previous) : null)
    ) {
      this.fail(checkpoint, 'broken-link');
    }
    this.previous = checkpoint;
    this.latest = checkpoint;
  }

  private fail(checkpoint: Checkpoint, reason: CheckpointBreakReason): void {
    this.breaks.push({ seq: checkpoint.seq, position: checkpoint.position, reason });
  }
}
