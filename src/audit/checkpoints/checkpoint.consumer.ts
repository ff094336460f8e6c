import type { Database, Statement } from 'better-sqlite3';
import type { ConsumedEvent, Consumer } from '../../event-sourcing/consumer';
import {
  digestOf,
  GENESIS_ROOT,
  nextRoot,
  signCheckpoint,
  type Checkpoint,
} from './checkpoint-chain';
import type { SigningKey } from './signing-key';

/** When a checkpoint is due: after this many new events, or this long after the first of them. */
export interface CheckpointPolicy {
  events: number;
  seconds: number;
}

/** The running root and where the last checkpoint left it. */
interface ChainState {
  position: bigint;
  events: number;
  root: string;
  /** Recording time (ms) of the first event no checkpoint covers yet; null when all are. */
  firstOpenMs: number | null;
  /** The last checkpoint: the next one links to it and counts its new events from it. */
  last: Checkpoint | null;
}

/**
 * Seals the log: folds every event, in log order, into the running root (`nextRoot`) and signs a
 * checkpoint after `policy.events` new events, inside the batch transaction that also stores the
 * engine's checkpoint; `sealIfDue` (called by a timer between batches) signs one once the first
 * uncovered event is `policy.seconds` old. It reads events as stored: the engine that drives it has
 * no upcasters, since the root is over the stored bytes.
 */
export class CheckpointConsumer implements Consumer<Database> {
  readonly name = 'audit-checkpoints';
  readonly needsMetadata = true;
  private committedState!: ChainState;
  private state!: ChainState;
  private saveChain!: Statement;
  private insert!: Statement;
  private rememberKey!: Statement;

  constructor(
    private readonly key: SigningKey,
    private readonly policy: CheckpointPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  setUp(): void {}
  createIndexes(): void {}

  open(db: Database): void {
    this.saveChain = db.prepare(
      'INSERT INTO seal_chain (id, position, events, root, first_open_ms) VALUES (1, ?, ?, ?, ?)' +
        ' ON CONFLICT (id) DO UPDATE SET position = excluded.position, events = excluded.events,' +
        ' root = excluded.root, first_open_ms = excluded.first_open_ms',
    );
    this.insert = db.prepare(
      'INSERT INTO audit_checkpoints (seq, position, events, root, previous, created_at, key_id,' +
        ' signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.rememberKey = db.prepare(
      'INSERT OR IGNORE INTO signing_keys (key_id, public_pem, first_used) VALUES (?, ?, ?)',
    );
    const chain = db
      .prepare('SELECT position, events, root, first_open_ms FROM seal_chain WHERE id = 1')
      .safeIntegers(true)
      .get() as
      { position: bigint; events: bigint; root: string; first_open_ms: bigint | null } | undefined;
    const last = db
      .prepare('SELECT * FROM audit_checkpoints ORDER BY seq DESC LIMIT 1')
      .safeIntegers(true)
      .get() as Record<string, bigint | string | null> | undefined;
    this.committedState = {
      position: chain?.position ?? -1n,
      events: Number(chain?.events ?? 0),
      root: chain?.root ?? GENESIS_ROOT,
      firstOpenMs: chain?.first_open_ms == null ? null : Number(chain.first_open_ms),
      last: last
        ? {
            seq: Number(last.seq),
            position: String(last.position),
            events: Number(last.events),
            root: String(last.root),
            previous: last.previous === null ? null : String(last.previous),
            createdAt: String(last.created_at),
            keyId: String(last.key_id),
            signature: String(last.signature),
          }
        : null,
    };
    this.state = { ...this.committedState };
  }

  apply(event: ConsumedEvent): void {
    const state = this.state;
    state.root = nextRoot(state.root, {
      id: event.id,
      streamId: event.streamId,
      revision: event.revision,
      hash: event.metadata?.hash,
      recordedAt: event.recordedAt,
    });
    state.events++;
    state.position = event.position;
    state.firstOpenMs ??= Date.parse(event.recordedAt);
    if (state.events - (state.last?.events ?? 0) >= this.policy.events) this.seal();
  }

  flush(): void {
    const s = this.state;
    this.saveChain.run(s.position, s.events, s.root, s.firstOpenMs);
  }

  committed(): void {
    this.committedState = { ...this.state };
  }

  rolledBack(): void {
    this.state = { ...this.committedState };
  }

  /**
   * Signs a checkpoint over the events applied so far when the first one not yet covered is
   * `policy.seconds` old. Only between batches, inside a transaction of the consumer's storage.
   */
  sealIfDue(): Checkpoint | undefined {
    const s = this.state;
    if (s.firstOpenMs === null || this.now() - s.firstOpenMs < this.policy.seconds * 1000) return;
    const checkpoint = this.seal();
    this.flush();
    return checkpoint;
  }

  /** The last checkpoint committed, and how many events it leaves uncovered. */
  status(): { latest: Checkpoint | null; uncovered: number; position: bigint } {
    const s = this.committedState;
    return { latest: s.last, uncovered: s.events - (s.last?.events ?? 0), position: s.position };
  }

  private seal(): Checkpoint {
    const s = this.state;
    const checkpoint = signCheckpoint(
      {
        seq: (s.last?.seq ?? 0) + 1,
        position: s.position.toString(),
        events: s.events,
        root: s.root,
        previous: s.last ? digestOf(s.last) : null,
        createdAt: new Date(this.now()).toISOString(),
        keyId: this.key.keyId,
      },
      this.key.privateKey,
    );
    this.rememberKey.run(this.key.keyId, this.key.publicPem, checkpoint.createdAt);
    this.insert.run(
      checkpoint.seq,
      BigInt(checkpoint.position),
      checkpoint.events,
      checkpoint.root,
      checkpoint.previous,
      checkpoint.createdAt,
      checkpoint.keyId,
      checkpoint.signature,
    );
    s.last = checkpoint;
    s.firstOpenMs = null;
    return checkpoint;
  }
}
