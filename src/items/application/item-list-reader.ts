import type { Principal } from '../../shared/principal';
import type { ReadYourWrites } from '../../read-models/min-position';
import type { ItemFilters, ItemPage } from '../read-model/items.query';

/** Injection token of the {@link ItemListReader}: the read side, in whichever thread it runs. */
export const ITEM_LIST_READER = Symbol('ITEM_LIST_READER');

export interface ItemListRequest extends ReadYourWrites {
  principal: Principal;
  filters: ItemFilters;
  paging: { page: number; pageSize: number };
  /** The instant timeliness is judged at, epoch ms. */
  nowMs: number;
}

/** What the items feature needs of the read side: a page of the items read model. */
export interface ItemListReader {
  listItems(request: ItemListRequest): Promise<ItemPage>;
}
