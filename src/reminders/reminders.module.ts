import { Module } from '@nestjs/common';
import { ItemsModule } from '../items/items.module';
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
  imports: [ItemsModule],
  controllers: [ReminderRulesController],
  providers: [
    ReminderRulesService,
    SetReminderRulesHandler,
    GetReminderRulesHandler,
    FireReminderHandler,
    ReminderEngine,
  ],
  exports: [ReminderRulesService],
})
export class RemindersModule {}
