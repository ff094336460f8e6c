import { hash } from 'node:crypto';
import type {
  EventMetadata,
  EventStore,
  NewEvent,
  RecordedEvent,
} from '../event-store/event-store.port';

/**
 * Tamper evidence for the log. Every event's metadata carries `prevHash` (the `hash` of the
 * previous event of its stream, null for the first) and `hash`: SHA-256 over a canonical encoding
 * of stream, revision, type, data and metadata without `hash`. Hashes are computed in the
 * application before the append, so the chain is the same on every adapter.
 */

export type UnhashedMetadata = Omit<EventMetadata, 'prevHash' | 'hash'>;

export interface UnhashedEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: UnhashedMetadata;
}

/** The stream's last event as the chain continues from it (revision -1n for an empty stream). */
export interface ChainTip {
  revision: bigint;
  hash: string | null;
}

export const EMPTY_CHAIN: ChainTip = { revision: -1n, hash: null };

/** `canonicalJson` was given a value JSON cannot carry as is; `path` says where (`$.data.x[2]`). */
export class NotPlainJsonError extends TypeError {
  readonly path: string[] = [];

  constructor(readonly what: string) {
    super(`Not plain JSON at $: ${what}`);
    this.name = 'NotPlainJsonError';
  }

  /** Adds the step from the enclosing value (`.key` or `[index]`) to the front of the path. */
  within(step: string): this {
    this.path.unshift(step);
    this.message = `Not plain JSON at $${this.path.join('')}: ${this.what}`;
    return this;
  }
}

/**
 * JSON with object keys sorted at every level, so equal values always encode to equal bytes.
 * Keys sort by UTF-16 code units; `undefined` object members are left out. Anything JSON does not
 * carry as is (a bigint, a Date, a Map or Set, a class instance, a function, a non-finite number,
 * `undefined` in an array or on its own) is refused with `NotPlainJsonError` rather than encoded as
 * something else: a hash over a lossy encoding would seal a value the log never holds. Every hash
 * in every log depends on this text: it must never change (the spec pins it). Written as plain
 * loops: it runs on every event of every command.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new NotPlainJsonError(`the number ${value}`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      break;
    case 'bigint':
      throw new NotPlainJsonError('a BigInt');
    default:
      throw new NotPlainJsonError(`a value of type ${typeof value}`);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      out += (i === 0 ? '' : ',') + member(value[i], `[${i}]`);
    }
    return out + ']';
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    throw new NotPlainJsonError(`an instance of ${typeof name === 'string' ? name : 'a class'}`);
  }
  const object = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(object).sort()) {
    const value = object[key];
    if (value === undefined) continue;
    out += (out.length === 1 ? '' : ',') + JSON.stringify(key) + ':';
    out += member(value, `.${key}`);
  }
  return out + '}';
}

/** One member's encoding; on refusal, its place is added to the error's path. */
function member(value: unknown, step: string): string {
  try {
    return canonicalJson(value);
  } catch (error) {
    if (error instanceof NotPlainJsonError) throw error.within(step);
    throw error;
  }
}

export function hashEvent(event: {
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: Omit<EventMetadata, 'hash'> & { hash?: string };
}): string {
  const { hash: _ignored, ...metadata } = event.metadata;
  const canonical = canonicalJson({
    streamId: event.streamId,
    revision: event.revision.toString(),
    type: event.type,
    data: event.data,
    metadata,
  });
  return hash('sha256', canonical);
}

/**
 * Links `events` onto the chain of `streamId` after `tip`. The result must be appended with
 * expected revision `tip.revision` (or 'no-stream' for an empty stream): the hashes bind the
 * revisions, so an append at any other revision would break the chain.
 */
export function chainEvents(
  streamId: string,
  tip: ChainTip,
  events: readonly UnhashedEvent[],
): NewEvent[] {
  let prevHash = tip.hash;
  return events.map((event, i) => {
    const revision = tip.revision + 1n + BigInt(i);
    const metadata = { ...event.metadata, prevHash } as Omit<EventMetadata, 'hash'>;
    const hash = hashEvent({ streamId, revision, type: event.type, data: event.data, metadata });
    prevHash = hash;
    return { id: event.id, type: event.type, data: event.data, metadata: { ...metadata, hash } };
  });
}

export function chainTipOf(events: readonly RecordedEvent[]): ChainTip {
  const last = events[events.length - 1];
  return last ? { revision: last.revision, hash: last.metadata.hash ?? null } : EMPTY_CHAIN;
}

export type ChainBreakReason =
  /** The event's content no longer matches its hash: altered. */
  | 'altered'
  /** The event does not follow the one before it: an event was removed or the order changed. */
  | 'broken-link'
  /** A revision is missing or repeated in the stream. */
  | 'revision-gap';

export interface ChainBreak {
  streamId: string;
  revision: string;
  reason: ChainBreakReason;
}

export interface VerifyReport {
  ok: boolean;
  streams: number;
  events: number;
  breaks: ChainBreak[];
}

/**
 * Walks the whole log once, in position order, and checks every stream's chain.
 * Reports the first break of each stream; later events of a broken stream are not judged.
 */
export async function verifyLog(
  store: EventStore,
  options: { pageSize?: number; onProgress?: (eventsDone: number) => void } = {},
): Promise<VerifyReport> {
  const pageSize = options.pageSize ?? 5_000;
  const tips = new Map<string, ChainTip>();
  const broken = new Map<string, ChainBreak>();
  let events = 0;
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize });
    for (const event of page) {
      events++;
      if (broken.has(event.streamId)) continue;
      const failure = checkLink(tips.get(event.streamId) ?? EMPTY_CHAIN, event);
      if (failure) {
        broken.set(event.streamId, {
          streamId: event.streamId,
          revision: event.revision.toString(),
          reason: failure,
        });
      } else {
        tips.set(event.streamId, { revision: event.revision, hash: event.metadata.hash });
      }
    }
    options.onProgress?.(events);
    if (page.length < pageSize) break;
    after = page[page.length - 1].position;
  }
  const streams = new Set([...tips.keys(), ...broken.keys()]).size;
  const breaks = [...broken.values()];
  return { ok: breaks.length === 0, streams, events, breaks };
}

function checkLink(tip: ChainTip, event: RecordedEvent): ChainBreakReason | null {
  if (event.revision !== tip.revision + 1n) return 'revision-gap';
  if ((event.metadata.prevHash ?? null) !== tip.hash) return 'broken-link';
  if (hashEvent(event) !== event.metadata.hash) return 'altered';
  return null;
}
