import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { ReferenceDataService } from '../../organisation/application/reference-data.service';
import { DomainError } from '../../shared/domain-error';
import type { Principal } from '../../shared/principal';
import type { WorkingCalendar } from '../../shared/calendar/working-calendar';
import { itemDecider } from '../item.decider';
import { itemEvents } from '../item.events';
import { itemExists, type ItemState } from '../item.state';
import { toItemView, type ItemView } from '../item.view';
import { loadVisibleItem } from './item-queries';
import { ItemStreams } from './item-streams';
import { foldAt, type ItemBasis } from './fold-at';

export type { ItemBasis };

/** The item as it stood at an instant: the view of today's `GET`, plus the question asked. */
export type ItemAtView = ItemView & { asOf: string; basis: ItemBasis };

/**
 * One item as it stood at `asOf` (ISO instant): the same fold as now, on the events whose business
 * or recording time is at or before it, in stream order. Who may see it is judged on the item as
 * it is now, like its history (a unit that no longer leads it no longer reads it).
 */
export class GetItemAtQuery extends Query<ItemAtView> {
  constructor(
    readonly id: string,
    readonly principal: Principal,
    readonly asOf: string,
    readonly basis: ItemBasis,
  ) {
    super();
  }
}

@QueryHandler(GetItemAtQuery)
export class GetItemAtHandler implements IQueryHandler<GetItemAtQuery> {
  constructor(
    private readonly streams: ItemStreams,
    private readonly referenceData: ReferenceDataService,
  ) {}

  async execute({ id, principal, asOf, basis }: GetItemAtQuery): Promise<ItemAtView> {
    const { events } = await loadVisibleItem(this.streams, id, principal);
    const { state, revision } = foldAt(events, Date.parse(asOf), basis);
    if (!itemExists(state))
      throw new DomainError('ITEM.NOT_FOUND', `Item ${id} was not yet raised at ${asOf}`);
    const view = toItemView(state, revision, asOf, await this.referenceData.calendar());
    return { ...view, asOf, basis };
  }
}

/** One field an event changed: a dotted path into the item's view (`deadline.current`). */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** What one event of the item's stream changed, as `GET /api/items/{id}/changes` lists it. */
export interface ItemChange {
  revision: string;
  position: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { sub: string; role: string; unit: string | null; name?: string };
  changes: FieldChange[];
}

/** What each event of an item changed, field by field, oldest first. */
export class GetItemChangesQuery extends Query<ItemChange[]> {
  constructor(
    readonly id: string,
    readonly principal: Principal,
  ) {
    super();
  }
}

/** Fields that are not the item's but the moment's: when it is read, and how far the fold got. */
const NOT_CHANGES: ReadonlySet<string> = new Set(['timeliness', 'revision']);

@QueryHandler(GetItemChangesQuery)
export class GetItemChangesHandler implements IQueryHandler<GetItemChangesQuery> {
  constructor(
    private readonly streams: ItemStreams,
    private readonly referenceData: ReferenceDataService,
  ) {}

  async execute({ id, principal }: GetItemChangesQuery): Promise<ItemChange[]> {
    const { events } = await loadVisibleItem(this.streams, id, principal);
    return itemChanges(events, await this.referenceData.calendar());
  }
}

/**
 * Folds the stream with the item's own `evolve` and compares the item's view before and after each
 * event: the changes are what `GET /api/items/{id}` would have shown differently, nothing else.
 */
export function itemChanges(
  events: readonly RecordedEvent[],
  calendar: WorkingCalendar,
): ItemChange[] {
  let state: ItemState = itemDecider.initialState();
  let before: Record<string, unknown> = {};
  return events.map((event) => {
    state = itemDecider.evolve(state, itemEvents.decode(event));
    const after: Record<string, unknown> = {};
    if (itemExists(state)) {
      const view = toItemView(state, event.revision, event.recordedAt, calendar);
      for (const [key, value] of Object.entries(view))
        if (!NOT_CHANGES.has(key)) after[key] = value;
    }
    const changes: FieldChange[] = [];
    diff(before, after, '', changes);
    before = after;
    const { actor } = event.metadata;
    return {
      revision: event.revision.toString(),
      position: event.position.toString(),
      type: event.type,
      occurredAt: event.metadata.occurredAt,
      recordedAt: event.recordedAt,
      actor: { ...actor, unit: actor.unit ?? null },
      changes,
    };
  });
}

/**
 * The leaves where `to` differs from `from`: objects by key, arrays of objects by index (an
 * extension decided is `deadline.extensions[0].decision`), any other array whole (`supportingUnits`).
 * A missing value counts as null.
 */
function diff(from: unknown, to: unknown, path: string, out: FieldChange[]): void {
  from ??= null;
  to ??= null;
  if (sameJson(from, to)) return;
  if (isRecord(from) && isRecord(to)) {
    for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
      diff(from[key], to[key], path ? `${path}.${key}` : key, out);
    }
    return;
  }
  if (path === '' && from === null && isRecord(to)) return diff({}, to, path, out);
  const objects = (v: unknown) => Array.isArray(v) && v.some(isRecord);
  if (Array.isArray(from) && Array.isArray(to) && (objects(from) || objects(to))) {
    for (let i = 0; i < Math.max(from.length, to.length); i++) {
      diff(from[i], to[i], `${path}[${i}]`, out);
    }
    return;
  }
  out.push({ field: path, from, to });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
