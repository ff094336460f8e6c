import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  READ_SIDE,
  type ItemListRequest,
  type ReadSide,
} from '../../read-models/read-side/read-side';
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
  constructor(@Inject(READ_SIDE) private readonly readSide: ReadSide) {}

  execute({ request }: ListItemsQuery): Promise<ItemPage> {
    return this.readSide.listItems(request);
  }
}
