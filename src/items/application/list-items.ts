import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ITEM_LIST_READER, type ItemListReader, type ItemListRequest } from './item-list-reader';
import type { ItemPage } from '../read-model/items.query';

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
