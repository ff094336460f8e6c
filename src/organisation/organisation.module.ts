import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import {
  ChangeUnitsHandler,
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
import { CONTACTS_SECRET_BOX, resolveContactsKey } from './contacts/application/contacts-key';
import { SetUnitContactsHandler } from './contacts/application/unit-contacts.commands';
import { GetUnitContactsHandler } from './contacts/application/unit-contacts.queries';
import { UnitContactsService } from './contacts/application/unit-contacts.service';
import { UnitContactsController } from './contacts/http/unit-contacts.controller';

/**
 * Units, sources, the working-day calendar and the units' contacts: reference data, each registry
 * one stream.
 */
@Module({
  controllers: [ReferenceDataController, UnitContactsController],
  providers: [
    ReferenceDataService,
    RegisterUnitHandler,
    ChangeUnitsHandler,
    RecordSourceHandler,
    DeclareCalendarYearHandler,
    ListUnitsHandler,
    GetUnitHandler,
    ListSourcesHandler,
    GetSourceHandler,
    GetCalendarYearHandler,
    GetCalendarStatusHandler,
    {
      provide: CONTACTS_SECRET_BOX,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => resolveContactsKey(config.contactsKey, config.dataDir),
    },
    UnitContactsService,
    SetUnitContactsHandler,
    GetUnitContactsHandler,
  ],
  exports: [ReferenceDataService, UnitContactsService],
})
export class OrganisationModule {}
