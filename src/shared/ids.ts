import { hash, randomBytes } from 'node:crypto';

/**
 * A UUID (v4 layout) derived from the given parts, so the same request always names the same
 * thing: a retried raise with the same idempotency key lands on the same item stream.
 */
export function uuidFromKey(...parts: string[]): string {
  // One-shot `hash`: a rebuild derives one per notification, and a Hash object each was most of it.
  const hex = hash('sha256', parts.join('\u0000'));
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Random bytes are drawn in blocks: one system call for 256 ids instead of one each. */
const POOL_IDS = 256;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function tenRandomBytes(): Buffer {
  if (poolOffset + 10 > pool.length) {
    pool = randomBytes(POOL_IDS * 10);
    poolOffset = 0;
  }
  poolOffset += 10;
  return pool.subarray(poolOffset - 10, poolOffset);
}

/**
 * A time-ordered UUID (RFC 9562 version 7): 48 bits of milliseconds, then randomness. Event ids
 * are indexed; ids that grow at one end keep each group commit to a few index pages instead of
 * one random page per event.
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeUIntBE(now, 0, 6);
  tenRandomBytes().copy(bytes, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
