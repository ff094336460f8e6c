import { Body, Controller, Get, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Principal } from '../auth/roles';
import { commandMetadataFrom } from '../http/command-metadata';
import { uuidFromKey } from '../shared/ids';
import { writeResult, type WriteResult } from '../http/write-result';
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
  @Roles('admin')
  async registerUnit(
    @Body() body: RegisterUnitDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WriteResult> {
    const result = await this.referenceData.registerUnit(
      { id: body.id, name: body.name, kind: body.kind, ...(body.code ? { code: body.code } : {}) },
      commandMetadataFrom(request, principal, undefined),
    );
    response.status(201).location(`/api/units/${body.id}`);
    return writeResult(body.id, result, response);
  }

  @Get('sources')
  @Roles('leader', 'office', 'admin', 'auditor')
  sources() {
    return this.referenceData.sources();
  }

  @Post('sources')
  @Roles('leader', 'office', 'admin')
  async recordSource(
    @Body() body: RecordSourceDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
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
    response.status(201).location(`/api/sources/${source.id}`);
    return { ...source, ...writeResult(source.id, result, response) };
  }

  @Get('calendar/:year')
  async calendar(@Param() { year }: YearParam) {
    return { year, ...(await this.referenceData.calendar()).year(year) };
  }

  @Put('calendar/:year')
  @Roles('admin')
  async declareCalendarYear(
    @Param() { year }: YearParam,
    @Body() body: DeclareCalendarYearDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WriteResult> {
    const result = await this.referenceData.declareCalendarYear(
      { year, holidays: body.holidays, workingSaturdays: body.workingSaturdays },
      commandMetadataFrom(request, principal, undefined),
    );
    return writeResult(`calendar-${year}`, result, response);
  }
}
