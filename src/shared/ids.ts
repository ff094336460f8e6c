import { createHash } from 'node:crypto';

/**
 * A UUID (v4 layout) derived from the given parts, so the same request always names the same
 * thing: a retried raise with the same idempotency key lands on the same item stream.
 */
export function uuidFromKey(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
