import { Module } from '@nestjs/common';
import { ItemsModule } from '../items/items.module';
import { OrganisationModule } from '../organisation/organisation.module';
import { PreviewCalendarYearHandler } from './application/calendar-preview.query';
import { CalendarPreviewController } from './http/calendar-preview.controller';
import { FireReminderHandler } from './application/fire-reminder';
import { ReminderEngine } from './application/reminder-engine';
import { SetReminderRulesHandler } from './application/reminder-rules.commands';
import { GetReminderRulesHandler } from './application/reminder-rules.queries';
import { ReminderRulesService } from './application/reminder-rules.service';
import { ReminderRulesController } from './http/reminder-rules.controller';

/**
 * Reminders: the rules (reference data, one stream) and the engine that fires them. The engine's
 * agenda is a read model (`read-model/`), asked through the global `REMINDER_AGENDA_READER`;
 * fired reminders are recorded in the items' own streams.
 */
@Module({
  imports: [ItemsModule, OrganisationModule],
  controllers: [ReminderRulesController, CalendarPreviewController],
  providers: [
    ReminderRulesService,
    SetReminderRulesHandler,
    GetReminderRulesHandler,
    FireReminderHandler,
    ReminderEngine,
    PreviewCalendarYearHandler,
  ],
  exports: [ReminderRulesService],
})
export class RemindersModule {}
