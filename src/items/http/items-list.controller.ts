import { Controller, Get, Inject, Query, type StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiRead, API_PROBLEMS, XLSX } from '../../http/api-docs';
import { ITEM_PAGE, ITEM_QUEUES, UNIT_OPEN_ITEMS } from './item-responses';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { Principal } from '../../shared/principal';
import { parseMinPosition } from '../../read-models/min-position';
import { READ_SIDE_STATUS, type ReadSideStatusReader } from '../../read-models/read-side-status';
import { itemListWorkbook } from './item-list.export';
import {
  ItemQueuesQuery,
  ListItemsAtQuery,
  ListItemsQuery,
  OpenItemsOfUnitQuery,
  type ItemPageAt,
} from '../application/list-items';
import { ProblemException } from '../../http/problem';
import { ReadYourWritesParams } from '../../read-models/read-your-writes.dto';
import { parseItemAsOf } from './item-at.dto';
import type { ItemPage } from '../read-model/items.query';
import { ListItemsParams, OpenItemsOfUnitParams } from './list-items.dto';

/** `GET /api/items`: the list, from the items read model (detail and history fold the stream). */
@ApiTags('items')
@ApiBearerAuth()
@ApiProblems(...API_PROBLEMS)
@Controller('api/items')
export class ItemsListController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(READ_SIDE_STATUS) private readonly readSide: ReadSideStatusReader,
  ) {}

  /** Admins manage reference data and see no items (as `canSeeItem`), hence no list either. */
  @Get()
  @Roles('leader', 'office', 'unit', 'auditor')
  @ApiRead('The items the caller may see, filtered and paged; or the same as a workbook', 503)
  @ApiOkResponse({
    content: {
      'application/json': { schema: ITEM_PAGE },
      [XLSX]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  list(
    @Query() query: ListItemsParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ItemPage | ItemPageAt | StreamableFile> {
    const { minPosition, page, pageSize, format, asOf, basis, unassigned, ...rest } = query;
    if (unassigned === 'true' && query.leadUnit !== undefined) {
      throw new ProblemException(400, 'VALIDATION', 'The request is not valid', [
        { field: 'unassigned', message: 'cannot be combined with leadUnit' },
      ]);
    }
    const filters = { ...rest, unassigned: unassigned === 'true' || undefined };
    if (asOf !== undefined) return this.listAt(query, principal);
    if (basis !== undefined) throw onlyWith('basis', 'asOf');
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

  @Get('queues')
  @Roles('leader', 'office', 'unit', 'auditor')
  @ApiOperation({
    summary: "How many open items wait in each of the caller's work queues",
    description: 'Each queue lists with `GET /api/items?queue=<name>`.',
  })
  @ApiProblems(400, 503)
  @ApiOkResponse({ schema: ITEM_QUEUES })
  queues(@Query() query: ReadYourWritesParams, @CurrentPrincipal() principal: Principal) {
    return this.queryBus.execute(
      new ItemQueuesQuery({ principal, minPosition: parseMinPosition(query.minPosition) }),
    );
  }

  /** Counts only: an admin sees no items, but must know what a unit's merger would carry over. */
  @Get('open-count')
  @Roles('admin', 'leader', 'office')
  @ApiOperation({
    summary: 'How many open items a unit leads, supports or is named in',
    description:
      'What merging or dissolving the unit would carry over to its successor (an ItemTransferred each).',
  })
  @ApiProblems(400, 503)
  @ApiOkResponse({ schema: UNIT_OPEN_ITEMS })
  openCount(@Query() query: OpenItemsOfUnitParams) {
    return this.queryBus.execute(
      new OpenItemsOfUnitQuery({
        unitId: query.unit,
        minPosition: parseMinPosition(query.minPosition),
      }),
    );
  }

  /** The list at a past instant: only the report's questions can be asked of the past. */
  private listAt(query: ListItemsParams, principal: Principal): Promise<ItemPageAt> {
    const { asOf, basis, kind, leadUnit, commune, timeliness, page, pageSize } = query;
    const unassigned = query.unassigned === 'true' || undefined;
    for (const field of ['status', 'sourceId', 'q', 'queue'] as const) {
      if (query[field] !== undefined) throw notWithAsOf(field);
    }
    if (query.format === 'xlsx') throw notWithAsOf('format');
    return this.queryBus.execute(
      new ListItemsAtQuery({
        principal,
        asOfMs: Date.parse(parseItemAsOf(asOf!, Date.now())),
        basis: basis ?? 'effective',
        filters: { kind, leadUnit, unassigned, commune, timeliness },
        paging: { page: page ?? 1, pageSize: pageSize ?? 20 },
        minPosition: parseMinPosition(query.minPosition),
      }),
    );
  }
}

function notWithAsOf(field: string): ProblemException {
  return new ProblemException(400, 'VALIDATION', 'The request is not valid', [
    { field, message: "cannot be combined with asOf (a past list answers the report's questions)" },
  ]);
}

function onlyWith(field: string, other: string): ProblemException {
  return new ProblemException(400, 'VALIDATION', 'The request is not valid', [
    { field, message: `only applies with ${other}` },
  ]);
}
