import type { Principal } from '../../shared/principal';
import type { ReadYourWrites } from '../../read-models/min-position';
import type { ItemFilters, ItemPage, QueueName } from '../read-model/items.query';
import type { Timeliness } from '../timeliness';
import type { ItemKind } from '../item.events';

/** Injection token of the {@link ItemListReader}: the read side, in whichever thread it runs. */
export const ITEM_LIST_READER = Symbol('ITEM_LIST_READER');

export interface ItemListRequest extends ReadYourWrites {
  principal: Principal;
  filters: ItemFilters;
  paging: ItemPaging;
  /** The instant timeliness is judged at, epoch ms. */
  nowMs: number;
}

export interface ItemPaging {
  page: number;
  pageSize: number;
  /**
   * The total an earlier page of the same list counted: a caller reading every page (the
   * workbook) spares the read side a count of the whole filtered list for each one.
   */
  knownTotal?: number;
}

/** Items as they stood at a past instant, judged as the overdue report counts them. */
export interface ItemsAtRequest extends ReadYourWrites {
  principal: Principal;
  asOfMs: number;
  basis: 'effective' | 'recorded';
  filters: {
    kind?: ItemKind;
    leadUnit?: string;
    /** Only items without a lead unit then. */
    unassigned?: boolean;
    commune?: string;
    timeliness?: Timeliness;
  };
  paging: { page: number; pageSize: number };
}

/** Which items (newest first) and how many: the caller folds each one at the instant asked. */
export interface ItemIdsPage {
  total: number;
  itemIds: string[];
}

/** What the items feature needs of the read side: pages and counts of the items read models. */
export interface ItemListReader {
  listItems(request: ItemListRequest): Promise<ItemPage>;
  itemsAt(request: ItemsAtRequest): Promise<ItemIdsPage>;
  /** Open items the unit leads, supports or is named in (what a merger would carry over). */
  openItemsConcerning(request: ReadYourWrites & { unitId: string }): Promise<number>;
  itemQueues(
    request: ReadYourWrites & { principal: Principal },
  ): Promise<{ name: QueueName; count: number }[]>;
}
