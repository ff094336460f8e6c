import { Body, Controller, Get, Param, Put, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, API_PROBLEMS } from '../../../http/api-docs';
import { CurrentPrincipal } from '../../../auth/current-principal.decorator';
import { Roles } from '../../../auth/roles.decorator';
import { commandMetadataFrom } from '../../../http/command-metadata';
import type { HttpReply, HttpRequest } from '../../../http/http-types';
import { ApiWrite, writeResult, type WriteResult } from '../../../http/write-result';
import type { Principal } from '../../../shared/principal';
import { SetUnitContactsCommand } from '../application/unit-contacts.commands';
import { GetUnitContactsQuery } from '../application/unit-contacts.queries';
import { MAX_CONTACT_EMAILS } from '../unit-contacts.registry';
import { SetUnitContactsDto, UnitContactsDto } from './unit-contacts.dto';

/** Where a unit's notifications go: API.md, "Follow-up actions". Reference data, one stream. */
@ApiTags('reference data')
@ApiBearerAuth()
@ApiProblems(...API_PROBLEMS)
@Controller('api/units/:id/contacts')
@Roles('admin')
export class UnitContactsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiParam({ name: 'id', example: 'so-noi-vu' })
  @ApiOperation({
    summary: "A unit's email addresses and webhook (admin)",
    description: 'Says whether a webhook secret is set, never the secret.',
  })
  @ApiOkResponse({
    type: UnitContactsDto,
    headers: {
      ETag: {
        description: "The contacts stream's revision, quoted; absent while nothing was set",
        schema: { type: 'string' },
      },
    },
  })
  @ApiProblems(404)
  async get(
    @Param('id') id: string,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<UnitContactsDto> {
    const { revision, ...contacts } = await this.queries.execute(new GetUnitContactsQuery(id));
    if (revision !== null) void response.header('ETag', `"${revision}"`);
    return contacts;
  }

  @Put()
  @ApiWrite()
  @ApiParam({ name: 'id', example: 'so-noi-vu' })
  @ApiOperation({
    summary: "Replace a unit's email addresses and webhook (admin)",
    description:
      'Recorded as a UnitContactsSet event, the webhook secret encrypted (AES-256-GCM). At most ' +
      `${MAX_CONTACT_EMAILS} addresses, each once; the webhook https:// (http:// only to localhost), its secret ` +
      '16 to 200 characters; unknown fields are refused.',
  })
  async set(
    @Param('id') id: string,
    @Body() body: SetUnitContactsDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<WriteResult> {
    const result = await this.commands.execute(
      new SetUnitContactsCommand(
        id,
        {
          emails: body.emails,
          webhook: body.webhook ? { url: body.webhook.url, secret: body.webhook.secret } : null,
        },
        commandMetadataFrom(request, principal),
      ),
    );
    return writeResult(id, result, response);
  }
}
