import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../event-store/event-store.port';
import { completionEntry, enteredLater } from '../late-entry';
import { ItemFolds } from './item-folds';
import { AccessDeniedError } from '../../shared/access-denied.error';
import { canSeeItem } from '../item-access';
import type { Principal } from '../../shared/principal';
import { ReferenceDataService } from '../../organisation/application/reference-data.service';
import { DomainError } from '../../shared/domain-error';
import { itemDecider } from '../item.decider';
import { itemEvents } from '../item.events';
import { itemExists, type Item, type ItemState } from '../item.state';
import { toItemView, type ItemView } from '../item.view';
import { ItemStreams } from './item-streams';

/** One item as it is now, for a caller allowed to see it. */
export class GetItemQuery extends Query<ItemView> {
  constructor(
    readonly id: string,
    readonly principal: Principal,
  ) {
    super();
  }
}

/** Answers from the kept fold: only events appended since the last read are read and folded. */
@QueryHandler(GetItemQuery)
export class GetItemHandler implements IQueryHandler<GetItemQuery> {
  constructor(
    private readonly folds: ItemFolds,
    private readonly referenceData: ReferenceDataService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ id, principal }: GetItemQuery): Promise<ItemView> {
    const fold = await this.folds.current(id);
    const item = visibleItem(fold?.state, id, principal);
    const calendar = await this.referenceData.calendar();
    const { completion } = fold!;
    const source = item.sourceId ? await this.referenceData.source(item.sourceId) : undefined;
    return {
      ...toItemView(item, fold!.revision, new Date().toISOString(), calendar),
      source: source
        ? {
            id: source.id,
            type: source.type,
            title: source.title,
            reference: source.reference ?? null,
            issuedOn: source.issuedOn,
          }
        : null,
      completionReport: completion
        ? completionEntry(
            completion.occurredAt,
            completion.recordedAt,
            calendar,
            this.config.lateEntryWorkingDays,
          )
        : null,
    };
  }
}

/** One line of an item's history, as API.md shows it. */
export interface HistoryEntry {
  revision: string;
  position: string;
  type: string;
  data: unknown;
  actor: { sub: string; role: string; unit: string | null; name?: string };
  occurredAt: string;
  recordedAt: string;
  /** Recorded on a later day than the act is dated: entered after the fact, from paper. */
  enteredLater: boolean;
  hash: string;
}

/** A page of an item's history: the entries, and the revision to read after for the next page. */
export interface HistoryPage {
  entries: HistoryEntry[];
  /** Set while more events remain after this page. */
  nextAfter: string | null;
}

/**
 * Events per history page. A page also ends once its events' data passed `bytes` (at least one
 * event per page): 500 notes of 10,000 characters would be a 15 MB answer that holds the event
 * loop, and every other caller, while it is built.
 */
export const HISTORY_PAGE = { default: 500, max: 1_000, bytes: 256_000 } as const;

/** At most `limit` events after revision `after` (-1: from the start), oldest first. */
export class GetItemHistoryQuery extends Query<HistoryPage> {
  constructor(
    readonly id: string,
    readonly principal: Principal,
    readonly after: bigint = -1n,
    readonly limit: number = HISTORY_PAGE.default,
  ) {
    super();
  }
}

/**
 * Reads one page of the stream, never the whole of it: an item with thousands of long notes is
 * read a page at a time. Who may see it is judged on the kept fold of the item as it is now.
 */
@QueryHandler(GetItemHistoryQuery)
export class GetItemHistoryHandler implements IQueryHandler<GetItemHistoryQuery> {
  constructor(
    private readonly folds: ItemFolds,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ id, principal, after, limit }: GetItemHistoryQuery): Promise<HistoryPage> {
    const fold = await this.folds.current(id);
    visibleItem(fold?.state, id, principal);
    const page: RecordedEvent[] = [];
    let bytes = 0;
    let more = false;
    // Read in small batches: a page of long notes ends after a few of them, and reading the
    // whole `limit` to keep 25 would parse megabytes for nothing.
    for (let from = after + 1n; !more;) {
      const batch = await this.store.readStream(fold!.streamId, {
        fromRevision: from,
        maxCount: HISTORY_READ_BATCH,
      });
      for (const event of batch) {
        bytes += JSON.stringify(event.data).length;
        if (page.length === limit || (bytes > HISTORY_PAGE.bytes && page.length > 0)) {
          more = true;
          break;
        }
        page.push(event);
      }
      if (batch.length < HISTORY_READ_BATCH) break;
      from = batch[batch.length - 1].revision + 1n;
    }
    return {
      entries: page.map(toHistoryEntry),
      nextAfter: more ? page[page.length - 1].revision.toString() : null,
    };
  }
}

/** Events read from the stream at a time while a history page fills. */
const HISTORY_READ_BATCH = 50;

function toHistoryEntry(e: RecordedEvent): HistoryEntry {
  return {
    revision: e.revision.toString(),
    position: e.position.toString(),
    type: e.type,
    data: e.data,
    actor: { ...e.metadata.actor, unit: e.metadata.actor.unit ?? null },
    occurredAt: e.metadata.occurredAt,
    recordedAt: e.recordedAt,
    enteredLater: enteredLater(e.metadata.occurredAt, e.recordedAt),
    hash: e.metadata.hash,
  };
}

/** The item if it exists and the caller may see it: 404 if none, 403 if out of scope. */
function visibleItem(state: ItemState | undefined, id: string, principal: Principal): Item {
  if (!state || !itemExists(state)) throw new DomainError('ITEM.NOT_FOUND', `No item ${id}`);
  if (!canSeeItem(principal, state))
    throw new AccessDeniedError("This item is not in your unit's scope");
  return state;
}

/** The item folded from its stream, for a caller allowed to see it (404 if none, 403 if out of scope). */
export async function loadVisibleItem(
  streams: ItemStreams,
  id: string,
  principal: Principal,
): Promise<{ item: Item; events: RecordedEvent[] }> {
  const found = await streams.load(id);
  const state = found?.events.reduce(
    (s, e) => itemDecider.evolve(s, itemEvents.decode(e)),
    itemDecider.initialState(),
  );
  return { item: visibleItem(state, id, principal), events: found!.events };
}
