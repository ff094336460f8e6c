import { Controller, Get, Inject, Query, type StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { Principal } from '../../shared/principal';
import { parseMinPosition } from '../../read-models/min-position';
import { READ_SIDE_STATUS, type ReadSideStatusReader } from '../../read-models/read-side-status';
import { itemListWorkbook } from './item-list.export';
import { ListItemsQuery } from '../application/list-items';
import type { ItemPage } from '../read-model/items.query';
import { ListItemsParams } from './list-items.dto';

/** `GET /api/items`: the list, from the items read model (detail and history fold the stream). */
@ApiTags('items')
@ApiBearerAuth()
@Controller('api/items')
export class ItemsListController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(READ_SIDE_STATUS) private readonly readSide: ReadSideStatusReader,
  ) {}

  /** Admins manage reference data and see no items (as `canSeeItem`), hence no list either. */
  @Get()
  @Roles('leader', 'office', 'unit', 'auditor')
  list(
    @Query() query: ListItemsParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ItemPage | StreamableFile> {
    const { minPosition, page, pageSize, format, ...filters } = query;
    if (format === 'xlsx') {
      return itemListWorkbook(this.queryBus, this.readSide, {
        principal,
        filters,
        minPosition: parseMinPosition(minPosition),
      });
    }
    return this.queryBus.execute(
      new ListItemsQuery({
        principal,
        filters,
        paging: { page: page ?? 1, pageSize: pageSize ?? 20 },
        nowMs: Date.now(),
        minPosition: parseMinPosition(minPosition),
      }),
    );
  }
}
