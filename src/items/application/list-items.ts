import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ReadYourWrites } from '../../read-models/min-position';
import { ReferenceDataService } from '../../organisation/application/reference-data.service';
import type { Principal } from '../../shared/principal';
import { itemExists } from '../item.state';
import { toItemView } from '../item.view';
import type { ItemPage, QueueName } from '../read-model/items.query';
import { foldAt, type ItemBasis } from './fold-at';
import {
  ITEM_LIST_READER,
  type ItemListReader,
  type ItemListRequest,
  type ItemsAtRequest,
} from './item-list-reader';
import { ItemStreams } from './item-streams';

/** Items listed as they stood at a past instant, with the instant and basis they show. */
export type ItemPageAt = ItemPage & { asOf: string; basis: ItemBasis };

/**
 * A page of the items the caller may see at a past instant: which items and how many come from
 * the overdue report's timeline (so the total equals the report's count for the same question);
 * each item of the page is then folded from its stream up to the instant, as `GET /api/items/{id}
 * ?asOf` does.
 */
export class ListItemsAtQuery extends Query<ItemPageAt> {
  constructor(readonly request: ItemsAtRequest) {
    super();
  }
}

@QueryHandler(ListItemsAtQuery)
export class ListItemsAtHandler implements IQueryHandler<ListItemsAtQuery> {
  constructor(
    @Inject(ITEM_LIST_READER) private readonly readSide: ItemListReader,
    private readonly streams: ItemStreams,
    private readonly referenceData: ReferenceDataService,
  ) {}

  async execute({ request }: ListItemsAtQuery): Promise<ItemPageAt> {
    const { total, itemIds } = await this.readSide.itemsAt(request);
    const calendar = await this.referenceData.calendar();
    const asOf = new Date(request.asOfMs).toISOString();
    const items = await Promise.all(
      itemIds.map(async (id) => {
        const found = await this.streams.load(id);
        const { state, revision } = foldAt(found?.events ?? [], request.asOfMs, request.basis);
        // The read side listed it from the same log: it exists at asOf.
        if (!itemExists(state)) throw new Error(`Item ${id} listed at ${asOf} has no state then`);
        return toItemView(state, revision, asOf, calendar);
      }),
    );
    return { items, total, ...request.paging, asOf, basis: request.basis };
  }
}

/** How many open items wait in each of the caller's work queues. */
export class ItemQueuesQuery extends Query<{ queues: { name: QueueName; count: number }[] }> {
  constructor(readonly request: ReadYourWrites & { principal: Principal }) {
    super();
  }
}

@QueryHandler(ItemQueuesQuery)
export class ItemQueuesHandler implements IQueryHandler<ItemQueuesQuery> {
  constructor(@Inject(ITEM_LIST_READER) private readonly readSide: ItemListReader) {}

  async execute({ request }: ItemQueuesQuery) {
    return { queues: await this.readSide.itemQueues(request) };
  }
}

/** How many open items a unit leads, supports or is named in: what its merger would carry over. */
export class OpenItemsOfUnitQuery extends Query<{ unitId: string; openItems: number }> {
  constructor(readonly request: ReadYourWrites & { unitId: string }) {
    super();
  }
}

@QueryHandler(OpenItemsOfUnitQuery)
export class OpenItemsOfUnitHandler implements IQueryHandler<OpenItemsOfUnitQuery> {
  constructor(@Inject(ITEM_LIST_READER) private readonly readSide: ItemListReader) {}

  async execute({ request }: OpenItemsOfUnitQuery) {
    return { unitId: request.unitId, openItems: await this.readSide.openItemsConcerning(request) };
  }
}

/** A page of the items the caller may see, filtered; answered by the items read model. */
export class ListItemsQuery extends Query<ItemPage> {
  constructor(readonly request: ItemListRequest) {
    super();
  }
}

/** Hands the query to the read side, which answers it in whichever thread holds the read models. */
@QueryHandler(ListItemsQuery)
export class ListItemsHandler implements IQueryHandler<ListItemsQuery> {
  constructor(@Inject(ITEM_LIST_READER) private readonly readSide: ItemListReader) {}

  execute({ request }: ListItemsQuery): Promise<ItemPage> {
    return this.readSide.listItems(request);
  }
}
