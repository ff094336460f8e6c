import { Body, Controller, Get, Put, Query, Req, Res, type StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, API_PROBLEMS } from '../../http/api-docs';
import { RATINGS, jsonOrWorkbook } from '../report-responses';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Roles } from '../../auth/roles.decorator';
import { commandMetadataFrom } from '../../http/command-metadata';
import type { HttpReply, HttpRequest } from '../../http/http-types';
import { ApiWrite, writeResult, type WriteResult } from '../../http/write-result';
import { parseMinPosition } from '../../read-models/min-position';
import type { Principal } from '../../shared/principal';
import { fileStamp, unitsForExport } from '../export/units-for-export';
import { xlsxFile } from '../export/xlsx-reply';
import { checkPeriod } from '../period/period-check';
import { GetRatingsQuery, rulesUsed } from './get-ratings';
import { SetRatingRulesCommand } from './rating-rules.commands';
import { RatingRulesHistoryDto, SetRatingRulesDto } from './rating-rules.dto';
import { latestRatingRules } from './rating-rules.registry';
import { RatingRulesService } from './rating-rules.service';
import { RatingsParams } from './ratings.dto';
import type { RatingRulesUsed, Ratings } from './ratings.query';
import { writeRatingsWorkbook } from './ratings.workbook';

/** Unit ratings and the versioned rules that make them (API.md, "Period reports, ratings"). */
@ApiTags('reports')
@ApiBearerAuth()
@ApiProblems(...API_PROBLEMS)
@Controller('api')
export class RatingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly rules: RatingRulesService,
  ) {}

  @Get('reports/ratings')
  @Roles('leader', 'office', 'auditor')
  @ApiOperation({
    summary: 'Score and grade per lead unit over a period, each item’s effect listed',
    description:
      'Rated with the rules in force at the end of the period (or rulesRevision); the version ' +
      'used is in the answer, so a rating once exported can be made again.',
  })
  @ApiProblems(400, 404, 503)
  @ApiOkResponse(jsonOrWorkbook(RATINGS))
  async ratings(
    @Query() query: RatingsParams,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<string | StreamableFile> {
    checkPeriod(query.from, query.to);
    const json = await this.queries.execute(
      new GetRatingsQuery({
        from: query.from,
        to: query.to,
        basis: query.basis ?? 'effective',
        unitId: query.unitId,
        rulesRevision: query.rulesRevision === undefined ? undefined : BigInt(query.rulesRevision),
        minPosition: parseMinPosition(query.minPosition),
      }),
    );
    if (query.format !== 'xlsx') {
      // Already JSON (serialised on the read side): sent as it is.
      void response.type('application/json; charset=utf-8');
      return json;
    }
    const ratings = JSON.parse(json) as Ratings;
    const { issuer } = await unitsForExport(this.queries);
    const now = Date.now();
    return xlsxFile(`xep-loai-${ratings.from}-${ratings.to}-${fileStamp(now)}.xlsx`, (out) =>
      writeRatingsWorkbook(out, ratings, issuer, now),
    );
  }

  @Get('rating-rules')
  @Roles('leader', 'office', 'admin', 'auditor')
  @ApiOperation({
    summary: 'The latest rating rules, and every earlier version',
    description: 'The built-in defaults (revision null) until an administrator sets a version.',
  })
  @ApiOkResponse({ type: RatingRulesHistoryDto })
  async get(
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<RatingRulesUsed & { versions: RatingRulesUsed[] }> {
    const history = await this.rules.history();
    const latest = latestRatingRules(history);
    if (latest.revision !== null) void response.header('ETag', `"${latest.revision}"`);
    return { ...rulesUsed(latest), versions: history.versions.map(rulesUsed) };
  }

  @Put('rating-rules')
  @ApiWrite()
  @Roles('admin')
  @ApiOperation({
    summary: 'Set a new version of the rating rules (admin)',
    description:
      'Recorded as a RatingRulesSet event; it rates the periods ending from today on. Earlier ' +
      'periods keep the version they were rated with.',
  })
  async set(
    @Body() body: SetRatingRulesDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<WriteResult> {
    const result = await this.commands.execute(
      new SetRatingRulesCommand(
        {
          onTimePoints: body.onTimePoints,
          overduePenalty: body.overduePenalty,
          grades: body.grades,
        },
        commandMetadataFrom(request, principal),
      ),
    );
    return writeResult('rating-rules', result, response);
  }
}
