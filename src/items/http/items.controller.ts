import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiRead, ETAG_HEADER, API_PROBLEMS } from '../../http/api-docs';
import { ITEM_CHANGES, ITEM_HISTORY, ITEM_VIEW } from './item-responses';
import { randomUUID } from 'node:crypto';
import { pathOf, type HttpReply, type HttpRequest } from '../../http/http-types';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import type { Principal } from '../../shared/principal';
import { commandMetadataFrom } from '../../http/command-metadata';
import { ApiWrite, writeResult, type WriteResult } from '../../http/write-result';
import { ExecuteItemCommand } from '../application/execute-item-command';
import {
  GetItemHistoryQuery,
  GetItemQuery,
  HISTORY_PAGE,
  type HistoryEntry,
} from '../application/item-queries';
import { ItemHistoryParams } from './item-history.dto';
import { GetItemAtQuery, GetItemChangesQuery } from '../application/item-at';
import { ItemAtParams, parseItemAsOf } from './item-at.dto';
import { isItemId } from '../application/item-streams';
import { DomainError } from '../../shared/domain-error';
import { uuidFromKey } from '../../shared/ids';
import type { ItemCommand } from '../item.commands';
import {
  AcknowledgeItemRequest,
  AnswerRecommendationRequest,
  AssignItemRequest,
  CancelItemRequest,
  UrgeItemRequest,
  DecideExtensionRequest,
  RaiseItemRequest,
  ReopenItemRequest,
  ReportCompletionRequest,
  ReportProgressRequest,
  RequestExtensionRequest,
  ResolveItemRequest,
  ReturnItemRequest,
  ReviewCompletionRequest,
  type WriteRequest,
} from './item-requests.dto';

type Without<T, K extends keyof T> = Omit<T, K>;

/** Directives and recommendations: API.md, "Items". Writes go through the CommandBus, reads through the QueryBus. */
@ApiTags('items')
@ApiBearerAuth()
@ApiProblems(...API_PROBLEMS)
@Controller('api/items')
export class ItemsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiWrite(201)
  @ApiOperation({ summary: 'Raise a directive or a recommendation' })
  async raise(
    @Body() body: RaiseItemRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<WriteResult> {
    const { occurredAt, ...data } = body;
    const metadata = commandMetadataFrom(request, principal, { occurredAt });
    // A retried raise must land on the same stream, so the id comes from the idempotency key.
    const itemId = metadata.idempotencyKey
      ? uuidFromKey(principal.sub, metadata.idempotencyKey)
      : randomUUID();
    const originUnit = data.originUnit ?? (principal.role === 'unit' ? principal.unit : undefined);
    const command: ItemCommand = { type: 'RaiseItem', data: { ...data, originUnit, itemId } };
    const result = await this.commands.execute(
      new ExecuteItemCommand(command, principal, metadata),
    );
    void response.status(201).header('Location', `/api/items/${itemId}`);
    return writeResult(itemId, result, response);
  }

  @Get(':id')
  @ApiRead('The item, now (with its ETag) or as it stood at asOf', 404, 503)
  @ApiOkResponse({ schema: ITEM_VIEW, headers: ETAG_HEADER })
  async get(
    @Param('id') id: string,
    @Query() query: ItemAtParams,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    if (query.asOf) {
      // A past state has no ETag: If-Match is about the item's current revision.
      const asOf = parseItemAsOf(query.asOf, Date.now());
      const basis = query.basis ?? 'effective';
      return this.queries.execute(new GetItemAtQuery(id, principal, asOf, basis));
    }
    const item = await this.queries.execute(new GetItemQuery(id, principal));
    void response.header('ETag', `"${item.revision}"`);
    return item;
  }

  @Get(':id/changes')
  @ApiRead('What each event changed in the item, field by field, oldest first', 404)
  @ApiOkResponse({ schema: ITEM_CHANGES })
  changes(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new GetItemChangesQuery(id, principal));
  }

  @Get(':id/history')
  @ApiOperation({
    summary: "A page of the item's events, oldest first",
    description: 'While more remain, a `Link: <…>; rel="next"` header points to the next page.',
  })
  @ApiProblems(400, 404)
  @ApiOkResponse({ schema: ITEM_HISTORY })
  async history(
    @Param('id') id: string,
    @Query() query: ItemHistoryParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<HistoryEntry[]> {
    const limit = query.limit ?? HISTORY_PAGE.default;
    const page = await this.queries.execute(
      new GetItemHistoryQuery(id, principal, BigInt(query.after ?? -1), limit),
    );
    if (page.nextAfter !== null) {
      const next = `${pathOf(request)}?after=${page.nextAfter}&limit=${limit}`;
      void response.header('Link', `<${next}>; rel="next"`);
    }
    return page.entries;
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiWrite()
  @ApiOperation({ summary: 'Assign (or reassign) the lead unit, supporting units and deadline' })
  assign(
    @Param('id') id: string,
    @Body() body: AssignItemRequest,
    @CurrentPrincipal() p: Principal,
    @Req() q: HttpRequest,
    @Res({ passthrough: true }) r: HttpReply,
  ) {
    return this.send(id, 'AssignItem', body, p, q, r);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiWrite()
  @ApiOperation({ summary: 'The lead unit acknowledges the item: in progress' })
  acknowledge(
    @Param('id') id: string,
    @Body() body: AcknowledgeItemRequest,
    @CurrentPrincipal() p: Principal,
    @Req() q: HttpRequest,
    @Res({ passthrough: true }) r: HttpReply,
  ) {
    return this.send(id, 'AcknowledgeItem', body, p, q, r);
  }

  @Post(':id/return')
  @HttpCode(200)
  @ApiWrite()
  @ApiOperation({ summary: 'The lead unit returns the item (wrong competence): unassigned again' })
  return(
    @Param('id') id: string,
    @Body() body: ReturnItemRequest,
    @CurrentPrincipal() p: Principal,
    @Req() q: HttpRequest,
    @Res({ passthrough: true }) r: HttpReply,
  ) {
    return this.send(id, 'ReturnItem', body, p, q, r);
  }

  @Post(':id/progress')
  @HttpCode(200)
  @ApiWrite()
  @ApiOperation({ summary: 'Report progress (lead or supporting unit)' })
  progress(
    @Param('id') id: string,
    @Body() body: ReportProgressRequest,
    @CurrentPrincipal() p: Principal,
    @Req() q: HttpRequest,
    @Res({ passthrough: true }) r: HttpReply,
  ) {
    return this.send(id, 'ReportProgress', body, p, q, r);
  }

  @Post(':id/extension-request')
  @HttpCode(200)
  @ApiWrite()
  @ApiOperation({ summary: 'The lead unit asks for a later deadline' })
  requestExtension(
    @Param('id') id: string,
    @Body() body: RequestExtensionRequest,
    @CurrentPrincipal() p: Principal,
    @Req() q: HttpRequest,
    @Res({ passthrough: true }) r: HttpReply,
  ) {
    return this.send(id, 'RequestExtension', body, p, q, r);
  }

  @Post(':id/extension-decision')
  @HttpCode(200)
  @ApiWrite()
  @ApiOperation({ summary: 'Approve or refuse the pending extension request' })
  decideExtension(
    @Param('id') id: string,
    @Body() body: DecideExtensionRequest,
    @CurrentPrincipal() p: Principal,
    @Req() q: HttpRequest,
    @Res({ passthrough: true }) r: HttpReply,
  ) {
    return this.send(id, 'DecideExtension', body, p, q, r);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @ApiWrite()
  @ApiOperation({ summary: 'The lead unit answers a recommendation' })
  answer(
    @Param('id') id: string,
    @Body() body: AnswerRecommendationRequest,
    @CurrentPrincipal() p: Principal,
    @Req() q: HttpRequest,
    @Res({ passthrough: true }) r: HttpReply,
  ) {
    return this.send(id, 'AnswerRecommendation', body, p, q, r);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiWrite()
  @ApiOperation({ summary: 'The lead unit reports completion: awaiting review' })
  complete(
    @Param('id') id: string,
    @Body() body: ReportCompletionRequest,
    @CurrentPrincipal() p: Principal,
    @Req() q: HttpRequest,
    @Res({ passthrough: true }) r: HttpReply,
  ) {
    return this.send(id, 'ReportCompletion', body, p, q, r);
  }

  @Post(':id/review')
  @HttpCode(200)
  @ApiWrite()
  @ApiOperation({ summary: 'Accept (resolved) or return (in progress) the completion report' })
  review(
    @Param('id') id: string,
    @Body() body: ReviewCompletionRequest,
    @CurrentPrincipal() p: Principal,
    @Req() q: HttpRequest,
    @Res({ passthrough: true }) r: HttpReply,
  ) {
    return this.send(id, 'ReviewCompletion', body, p, q, r);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiWrite()
  @ApiOperation({ summary: 'Resolve the item with an outcome' })
  resolve(
    @Param('id') id: string,
    @Body() body: ResolveItemRequest,
    @CurrentPrincipal() p: Principal,
    @Req() q: HttpRequest,
    @Res({ passthrough: true }) r: HttpReply,
  ) {
    return this.send(id, 'ResolveItem', body, p, q, r);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiWrite()
  @ApiOperation({ summary: 'Reopen a resolved item: in progress again' })
  reopen(
    @Param('id') id: string,
    @Body() body: ReopenItemRequest,
    @CurrentPrincipal() p: Principal,
    @Req() q: HttpRequest,
    @Res({ passthrough: true }) r: HttpReply,
  ) {
    return this.send(id, 'ReopenItem', body, p, q, r);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiWrite()
  @ApiOperation({ summary: 'Cancel (withdraw) the item' })
  cancel(
    @Param('id') id: string,
    @Body() body: CancelItemRequest,
    @CurrentPrincipal() p: Principal,
    @Req() q: HttpRequest,
    @Res({ passthrough: true }) r: HttpReply,
  ) {
    return this.send(id, 'CancelItem', body, p, q, r);
  }

  @Post(':id/urge')
  @HttpCode(200)
  @ApiWrite()
  @ApiOperation({
    summary: 'Urge the lead unit (leader, office; open items with a lead unit)',
    description: "Recorded as ItemUrged in the item's stream; the lead unit is notified.",
  })
  urge(
    @Param('id') id: string,
    @Body() body: UrgeItemRequest,
    @CurrentPrincipal() p: Principal,
    @Req() q: HttpRequest,
    @Res({ passthrough: true }) r: HttpReply,
  ) {
    return this.send(id, 'UrgeItem', body, p, q, r);
  }

  /** The shared path of every write on an existing item: body → command → bus → `{ id, revision, position }`. */
  private async send<T extends Exclude<ItemCommand['type'], 'RaiseItem'>>(
    id: string,
    type: T,
    body: WriteRequest & Without<Extract<ItemCommand, { type: T }>['data'], 'itemId'>,
    principal: Principal,
    request: HttpRequest,
    response: HttpReply,
  ): Promise<WriteResult> {
    if (!isItemId(id)) throw new DomainError('ITEM.NOT_FOUND', `No item ${id}`);
    const { occurredAt, ...data } = body;
    const metadata = commandMetadataFrom(request, principal, { occurredAt });
    const command = { type, data: { ...data, itemId: id } } as ItemCommand;
    const result = await this.commands.execute(
      new ExecuteItemCommand(command, principal, metadata),
    );
    return writeResult(id, result, response);
  }
}
