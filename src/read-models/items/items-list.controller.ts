import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { Principal } from '../../auth/roles';
import { ReferenceDataService } from '../../organisation/reference-data.service';
import { parseMinPosition } from '../min-position';
import { PROJECTIONS } from '../read-model-set';
import { ReadModels } from '../read-models.service';
import { listItems, type ItemPage } from './items.query';
import { ListItemsQuery } from './list-items.dto';

/** `GET /api/items`: the list, from the items read model (detail and history fold the stream). */
@ApiTags('items')
@ApiBearerAuth()
@Controller('api/items')
export class ItemsListController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly referenceData: ReferenceDataService,
  ) {}

  /** Admins manage reference data and see no items (as `canSeeItem`), hence no list either. */
  @Get()
  @Roles('leader', 'office', 'unit', 'auditor')
  async list(
    @Query() query: ListItemsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ItemPage> {
    const { minPosition, page, pageSize, ...filters } = query;
    await this.readModels.caughtUp(parseMinPosition(minPosition), [PROJECTIONS.items]);
    const calendar = await this.referenceData.calendar();
    // Taken after the awaits: a switch to a rebuilt file may have happened meanwhile.
    return listItems(
      this.readModels.current.db,
      principal,
      filters,
      { page: page ?? 1, pageSize: pageSize ?? 20 },
      new Date(),
      calendar,
    );
  }
}
