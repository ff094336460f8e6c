import { Body, Controller, Get, Put, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, API_PROBLEMS } from '../../http/api-docs';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Roles } from '../../auth/roles.decorator';
import { commandMetadataFrom } from '../../http/command-metadata';
import type { HttpReply, HttpRequest } from '../../http/http-types';
import { ApiWrite, writeResult, type WriteResult } from '../../http/write-result';
import type { Principal } from '../../shared/principal';
import { SetReminderRulesCommand } from '../application/reminder-rules.commands';
import { GetReminderRulesQuery } from '../application/reminder-rules.queries';
import { ReminderRulesInForceDto, SetReminderRulesDto } from './reminder-rules.dto';

/** Reminder rules: API.md, "Follow-up actions". Reference data, one stream. */
@ApiTags('reminders')
@ApiBearerAuth()
@ApiProblems(...API_PROBLEMS)
@Controller('api/reminder-rules')
export class ReminderRulesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Roles('leader', 'office', 'admin', 'auditor')
  @ApiOperation({
    summary: 'The reminder rules and send window in force',
    description:
      "API.md's defaults until an administrator sets others. Leader, office, admin, auditor.",
  })
  @ApiOkResponse({
    type: ReminderRulesInForceDto,
    headers: {
      ETag: {
        description: 'The revision the rules were set at, quoted; absent for the defaults',
        schema: { type: 'string' },
      },
    },
  })
  async get(@Res({ passthrough: true }) response: HttpReply): Promise<ReminderRulesInForceDto> {
    const { rules, sendWindow, revision } = await this.queries.execute(new GetReminderRulesQuery());
    if (revision !== null) void response.header('ETag', `"${revision}"`);
    return { rules, sendWindow, revision: revision === null ? null : revision.toString() };
  }

  @Put()
  @ApiWrite()
  @Roles('admin')
  @ApiOperation({
    summary: 'Replace the reminder rules and send window (admin)',
    description:
      'Recorded as a ReminderRulesSet event. Rule ids unique, before-due at least 1 working ' +
      'day, the window ending after it starts; unknown fields are refused.',
  })
  async set(
    @Body() body: SetReminderRulesDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<WriteResult> {
    const result = await this.commands.execute(
      new SetReminderRulesCommand(
        { rules: body.rules, sendWindow: body.sendWindow },
        commandMetadataFrom(request, principal),
      ),
    );
    return writeResult('reminder-rules', result, response);
  }
}
