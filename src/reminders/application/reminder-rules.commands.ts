import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  handleCommand,
  type CommandMetadata,
  type CommandResult,
} from '../../event-sourcing/command-handler';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import type { ReminderRules } from '../reminder-rules';
import {
  REMINDER_RULES_STREAM,
  reminderRulesRegistry,
  type ReminderRulesInForce,
} from '../reminder-rules.registry';

/** Replaces the reminder rules and the send window in force (admin). */
export class SetReminderRulesCommand extends Command<CommandResult<ReminderRulesInForce>> {
  constructor(
    readonly rules: ReminderRules,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(SetReminderRulesCommand)
export class SetReminderRulesHandler implements ICommandHandler<SetReminderRulesCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({
    rules,
    metadata,
  }: SetReminderRulesCommand): Promise<CommandResult<ReminderRulesInForce>> {
    return handleCommand({
      store: this.store,
      decider: reminderRulesRegistry,
      streamId: REMINDER_RULES_STREAM,
      command: { type: 'SetReminderRules', rules },
      metadata,
    });
  }
}
