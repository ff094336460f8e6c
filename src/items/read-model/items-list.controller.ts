import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { Principal } from '../../auth/roles';
import { parseMinPosition } from '../../read-models/min-position';
import { READ_SIDE, type ReadSide } from '../../read-models/read-side/read-side';
import type { ItemPage } from './items.query';
import { ListItemsQuery } from './list-items.dto';

/** `GET /api/items`: the list, from the items read model (detail and history fold the stream). */
@ApiTags('items')
@ApiBearerAuth()
@Controller('api/items')
export class ItemsListController {
  constructor(@Inject(READ_SIDE) private readonly readSide: ReadSide) {}

  /** Admins manage reference data and see no items (as `canSeeItem`), hence no list either. */
  @Get()
  @Roles('leader', 'office', 'unit', 'auditor')
  async list(
    @Query() query: ListItemsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ItemPage> {
    const { minPosition, page, pageSize, ...filters } = query;
    return this.readSide.listItems({
      principal,
      filters,
      paging: { page: page ?? 1, pageSize: pageSize ?? 20 },
      nowMs: Date.now(),
      minPosition: parseMinPosition(minPosition),
    });
  }
}
