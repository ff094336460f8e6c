import { createHash, createPublicKey, hash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../event-sourcing/hash-chain';

/*
 * The seal over the whole log (docs/audit-evidence.md says what it proves). Every line here has a
 * twin in `verify.mjs`, the offline verifier shipped in each export: change both or neither.
 */

/** The root of the empty log, before its first event. */
export const GENESIS_ROOT = '0'.repeat(64);

/** What the root takes of each event: its place, its hash-chain hash and when it was recorded. */
export interface SealedEvent {
  /** The event's id: the stream's hash chain does not cover it, the root does. */
  id: string | undefined;
  streamId: string;
  revision: bigint | string;
  /** `metadata.hash`: SHA-256 over stream, revision, type, data and metadata (see hash-chain.ts). */
  hash: string | null | undefined;
  recordedAt: string;
}

/**
 * The running root after `event`: `SHA-256(JSON [previous root, id, stream, revision, hash,
 * recordedAt])`, hex. A chain rather than a Merkle tree: the log is only ever read front to back,
 * each event costs one small hash, and a checkpoint is the root at its position. The event's own
 * hash already commits to its type, data and metadata, and the verifier recomputes it from them.
 */
export function nextRoot(root: string, event: SealedEvent): string {
  // One-shot `hash` (Node 20.12+): a Hash object per event was a fifth of an export's root cost.
  return hash(
    'sha256',
    JSON.stringify([
      root,
      event.id ?? null,
      event.streamId,
      event.revision.toString(),
      event.hash ?? null,
      event.recordedAt,
    ]),
  );
}

/** A signed checkpoint, as `GET /api/audit/checkpoints` and `checkpoints.ndjson` carry it. */
export interface Checkpoint {
  /** 1 for the first checkpoint, then one more each time. */
  seq: number;
  /** Log position of the last event it covers (decimal). */
  position: string;
  /** How many events of the log it covers: every event from the start up to `position`. */
  events: number;
  /** The running root (see `nextRoot`) after the event at `position`. */
  root: string;
  /** `digestOf` the checkpoint before (null for the first). */
  previous: string | null;
  createdAt: string;
  /** `keyIdOf` the public key that verifies `signature`. */
  keyId: string;
  /** Ed25519 over the UTF-8 bytes of `signedText(checkpoint)`, base64. */
  signature: string;
}

export type UnsignedCheckpoint = Omit<Checkpoint, 'signature'>;

/** The exact text that is signed: the checkpoint without its signature, keys sorted. */
export function signedText(checkpoint: UnsignedCheckpoint | Checkpoint): string {
  const { signature: _signature, ...fields } = checkpoint as Checkpoint;
  return canonicalJson(fields);
}

/** What the next checkpoint's `previous` holds: SHA-256 of the signed text, hex. */
export function digestOf(checkpoint: UnsignedCheckpoint | Checkpoint): string {
  return createHash('sha256').update(signedText(checkpoint)).digest('hex');
}

export function signCheckpoint(checkpoint: UnsignedCheckpoint, privateKey: KeyObject): Checkpoint {
  const signature = sign(null, Buffer.from(signedText(checkpoint)), privateKey).toString('base64');
  return { ...checkpoint, signature };
}

export function signatureHolds(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(
      null,
      Buffer.from(signedText(checkpoint)),
      publicKey,
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** A public key's id: SHA-256 of its DER (SubjectPublicKeyInfo) encoding, hex. */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}
