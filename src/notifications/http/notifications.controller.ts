import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, API_PROBLEMS } from '../../http/api-docs';
import { INBOX_PAGE } from './notification-responses';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Roles } from '../../auth/roles.decorator';
import { commandMetadataFrom } from '../../http/command-metadata';
import type { HttpReply, HttpRequest } from '../../http/http-types';
import { ApiWrite, writeResult, type WriteResult } from '../../http/write-result';
import { parseMinPosition } from '../../read-models/min-position';
import { DomainError } from '../../shared/domain-error';
import type { Principal } from '../../shared/principal';
import { ListNotificationsQuery, MarkNotificationReadCommand } from '../application/inbox';
import type { InboxPage } from '../read-model/inbox.query';
import { ListNotificationsParams } from './notifications.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The caller's inbox: a unit user's unit's, the office's or the leadership's. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiProblems(...API_PROBLEMS)
@Controller('api/notifications')
@Roles('leader', 'office', 'unit')
export class NotificationsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's inbox, newest first, with the unread count" })
  @ApiProblems(400, 503)
  @ApiOkResponse({ schema: INBOX_PAGE })
  list(
    @Query() query: ListNotificationsParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InboxPage> {
    return this.queries.execute(
      new ListNotificationsQuery(principal, {
        unread: query.unread === 'true',
        page: query.page ?? 1,
        pageSize: query.pageSize ?? 20,
        minPosition: parseMinPosition(query.minPosition),
      }),
    );
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiWrite()
  @ApiOperation({ summary: 'Mark one notification read, for the caller only' })
  async read(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<WriteResult> {
    if (!UUID.test(id)) {
      throw new DomainError(
        'NOTIFICATION.NOT_FOUND',
        `No notification ${id}`,
        undefined,
        'not-found',
      );
    }
    const result = await this.commands.execute(
      new MarkNotificationReadCommand(principal, id, commandMetadataFrom(request, principal)),
    );
    return writeResult(id, result, response);
  }
}
