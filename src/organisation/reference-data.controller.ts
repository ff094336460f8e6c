import { Body, Controller, Get, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { HttpReply, HttpRequest } from '../http/http-types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Principal } from '../auth/roles';
import { commandMetadataFrom } from '../http/command-metadata';
import { uuidFromKey } from '../shared/ids';
import { ApiWrite, writeResult, type WriteResult } from '../http/write-result';
import { DomainError } from '../shared/domain-error';
import {
  DeclareCalendarYearDto,
  RecordSourceDto,
  RegisterUnitDto,
  YearParam,
} from './reference-data.dto';
import { ReferenceDataService } from './reference-data.service';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('api')
export class ReferenceDataController {
  constructor(private readonly referenceData: ReferenceDataService) {}

  @Get('units')
  units() {
    return this.referenceData.units();
  }

  @Post('units')
  @ApiWrite(201)
  @Roles('admin')
  async registerUnit(
    @Body() body: RegisterUnitDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<WriteResult> {
    const result = await this.referenceData.registerUnit(
      { id: body.id, name: body.name, kind: body.kind, ...(body.code ? { code: body.code } : {}) },
      commandMetadataFrom(request, principal, undefined),
    );
    void response.status(201).header('Location', `/api/units/${body.id}`);
    return writeResult(body.id, result, response);
  }

  @Get('units/:id')
  async unit(@Param('id') id: string) {
    const unit = await this.referenceData.unit(id);
    if (!unit) throw new DomainError('UNIT.NOT_FOUND', `No unit ${id}`, undefined, 'not-found');
    return unit;
  }

  @Get('sources/:id')
  @Roles('leader', 'office', 'admin', 'auditor')
  async source(@Param('id') id: string) {
    const source = await this.referenceData.source(id);
    if (!source)
      throw new DomainError('SOURCE.NOT_FOUND', `No source ${id}`, undefined, 'not-found');
    return source;
  }

  @Get('sources')
  @Roles('leader', 'office', 'admin', 'auditor')
  sources() {
    return this.referenceData.sources();
  }

  @Post('sources')
  @ApiWrite(201)
  @Roles('leader', 'office', 'admin')
  async recordSource(
    @Body() body: RecordSourceDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    await this.referenceData.assertUnitsExist([
      { field: 'communes', ids: body.communes ?? [], communesOnly: true },
    ]);
    const metadata = commandMetadataFrom(request, principal, undefined);
    // A retried request with the same key must name the same source, so the id comes from the key.
    const id =
      body.id ??
      (metadata.idempotencyKey
        ? uuidFromKey(principal.sub, 'source', metadata.idempotencyKey)
        : randomUUID());
    const source = { ...body, id };
    const result = await this.referenceData.recordSource(source, metadata);
    void response.status(201).header('Location', `/api/sources/${source.id}`);
    return { ...source, ...writeResult(source.id, result, response) };
  }

  @Get('calendar/:year')
  @ApiParam({ name: 'year', type: Number, example: 2026 })
  async calendar(@Param() { year }: YearParam) {
    return { year, ...(await this.referenceData.calendar()).year(year) };
  }

  @Put('calendar/:year')
  @ApiWrite()
  @ApiParam({ name: 'year', type: Number, example: 2026 })
  @Roles('admin')
  async declareCalendarYear(
    @Param() { year }: YearParam,
    @Body() body: DeclareCalendarYearDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<WriteResult> {
    const result = await this.referenceData.declareCalendarYear(
      { year, holidays: body.holidays, workingSaturdays: body.workingSaturdays },
      commandMetadataFrom(request, principal, undefined),
    );
    return writeResult(`calendar-${year}`, result, response);
  }
}
