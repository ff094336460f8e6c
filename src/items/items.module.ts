import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { ExecuteItemCommandHandler } from './application/execute-item-command';
import { GetItemAtHandler, GetItemChangesHandler } from './application/item-at';
import { GetItemHandler, GetItemHistoryHandler } from './application/item-queries';
import { ItemFolds } from './application/item-folds';
import { ItemStreams } from './application/item-streams';
import {
  ItemQueuesHandler,
  ListItemsAtHandler,
  ListItemsHandler,
  OpenItemsOfUnitHandler,
} from './application/list-items';
import { ItemsListController } from './http/items-list.controller';
import { ItemsController } from './http/items.controller';
import { TransferEngine } from './transfers/transfer-engine';

/**
 * Directives and recommendations: their commands and queries, over the item streams (detail and
 * history) and the items read model (lists, through the global `READ_SIDE`).
 */
@Module({
  imports: [OrganisationModule],
  controllers: [ItemsController, ItemsListController],
  providers: [
    ItemStreams,
    ItemFolds,
    ExecuteItemCommandHandler,
    GetItemHandler,
    GetItemHistoryHandler,
    GetItemAtHandler,
    GetItemChangesHandler,
    ListItemsHandler,
    ListItemsAtHandler,
    ItemQueuesHandler,
    OpenItemsOfUnitHandler,
    TransferEngine,
  ],
  exports: [ItemStreams, TransferEngine],
})
export class ItemsModule {}
