import { Module } from '@nestjs/common';
import {
  DeclareCalendarYearHandler,
  RecordSourceHandler,
  RegisterUnitHandler,
} from './application/reference-data.commands';
import {
  GetCalendarStatusHandler,
  GetCalendarYearHandler,
  GetSourceHandler,
  GetUnitHandler,
  ListSourcesHandler,
  ListUnitsHandler,
} from './application/reference-data.queries';
import { ReferenceDataService } from './application/reference-data.service';
import { ReferenceDataController } from './http/reference-data.controller';

/** Units, sources and the working-day calendar: reference data, each registry one stream. */
@Module({
  controllers: [ReferenceDataController],
  providers: [
    ReferenceDataService,
    RegisterUnitHandler,
    RecordSourceHandler,
    DeclareCalendarYearHandler,
    ListUnitsHandler,
    GetUnitHandler,
    ListSourcesHandler,
    GetSourceHandler,
    GetCalendarYearHandler,
    GetCalendarStatusHandler,
  ],
  exports: [ReferenceDataService],
})
export class OrganisationModule {}
