import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { ExecuteItemCommandHandler } from './application/execute-item-command';
import { GetItemHandler, GetItemHistoryHandler } from './application/item-queries';
import { ItemStreams } from './application/item-streams';
import { ItemsController } from './http/items.controller';

@Module({
  imports: [OrganisationModule],
  controllers: [ItemsController],
  providers: [ItemStreams, ExecuteItemCommandHandler, GetItemHandler, GetItemHistoryHandler],
  exports: [ItemStreams],
})
export class FollowUpModule {}
