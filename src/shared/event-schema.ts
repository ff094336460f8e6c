/**
 * Event versioning. A stored event keeps the bytes it was written with forever (the hash chain is
 * over them), so a change of shape is a new schema version of its type plus an upcaster that turns
 * the older data into the newer. Events are upcast when they are read into the domain (the command
 * handler, stream folds, the consumer engine), on every adapter alike; `verify` reads the stored
 * bytes and never sees an upcast event.
 */

/** What versioning needs of an event: its type, its data, and the version it was written with. */
export interface VersionedEvent {
  type: string;
  data: unknown;
  /**
   * The version of `data`: set on an event once upcast (and on lean log entries); otherwise the
   * version in the stored metadata. Events written before versioning are version 1.
   */
  schemaVersion?: number;
  metadata?: { schemaVersion: number };
}

/** Turns the data of one type's version `fromVersion` into version `fromVersion + 1`. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: unknown): unknown;
}

/** The stored event types of one stream category, with the upcasters of their older versions. */
export class EventSchema<Event extends { type: string; data: unknown }> {
  readonly types: ReadonlySet<string>;
  private readonly chains = new Map<string, Upcaster[]>();

  constructor(types: readonly Event['type'][], upcasters: readonly Upcaster[] = []) {
    this.types = new Set(types);
    for (const upcaster of [...upcasters].sort((a, b) => a.fromVersion - b.fromVersion)) {
      if (!this.types.has(upcaster.type)) {
        throw new Error(`Upcaster for ${upcaster.type}, which is not a type of this schema`);
      }
      const chain = this.chains.get(upcaster.type) ?? [];
      if (upcaster.fromVersion !== chain.length + 1) {
        throw new Error(
          `Upcasters of ${upcaster.type} must go 1 → 2 → 3 … without gaps; ` +
            `found one from version ${upcaster.fromVersion} after ${chain.length} others`,
        );
      }
      this.chains.set(upcaster.type, [...chain, upcaster]);
    }
  }

  /** The version new events of `type` are written with. */
  versionOf(type: string): number {
    return (this.chains.get(type)?.length ?? 0) + 1;
  }

  /** Whether `event` is one of this schema's types (in its current shape once upcast). */
  is<E extends { type: string }>(event: E): event is E & Event {
    return this.types.has(event.type);
  }

  /**
   * The event in the current shape of its type: the same object when it is current, a copy with
   * upcast data otherwise. An event written by a newer version of this code is refused rather
   * than read as if it were current.
   */
  upcast<E extends VersionedEvent>(event: E): E {
    const chain = this.chains.get(event.type);
    const stored = event.schemaVersion ?? event.metadata?.schemaVersion ?? 1;
    const current = (chain?.length ?? 0) + 1;
    if (stored === current) return event;
    if (stored > current || stored < 1) {
      throw new Error(
        `${event.type} has schema version ${stored}; this code reads versions 1 to ${current}`,
      );
    }
    let data = event.data;
    for (const upcaster of chain!.slice(stored - 1)) data = upcaster.upcast(data);
    return { ...event, data, schemaVersion: current };
  }

  /** The stored event as this schema's current event; throws on a type the schema does not have. */
  decode<E extends VersionedEvent>(event: E): E & Event {
    if (!this.is(event)) throw new Error(`${event.type} is not an event of this stream`);
    return this.upcast(event);
  }
}

/** Every schema of the application: one place that knows each stored type's upcasters. */
export class EventRegistry {
  private readonly byType = new Map<string, EventSchema<{ type: string; data: unknown }>>();

  constructor(schemas: readonly EventSchema<{ type: string; data: unknown }>[]) {
    for (const schema of schemas) {
      for (const type of schema.types) {
        if (this.byType.has(type)) throw new Error(`Event type ${type} is in two schemas`);
        this.byType.set(type, schema);
      }
    }
  }

  /** The event in its type's current shape; a type no schema knows passes through unchanged. */
  upcast<E extends VersionedEvent>(event: E): E {
    const schema = this.byType.get(event.type);
    return schema ? schema.upcast(event) : event;
  }
}
