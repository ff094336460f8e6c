import { Module } from '@nestjs/common';
import { SetReminderRulesHandler } from './application/reminder-rules.commands';
import { GetReminderRulesHandler } from './application/reminder-rules.queries';
import { ReminderRulesService } from './application/reminder-rules.service';
import { ReminderRulesController } from './http/reminder-rules.controller';

/**
 * Reminders: the rules (reference data, one stream). `ReminderRulesService` is exported so the
 * reminder engine reads the rules in force.
 */
@Module({
  controllers: [ReminderRulesController],
  providers: [ReminderRulesService, SetReminderRulesHandler, GetReminderRulesHandler],
  exports: [ReminderRulesService],
})
export class RemindersModule {}
