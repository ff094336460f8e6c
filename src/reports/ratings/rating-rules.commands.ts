import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  handleCommand,
  type CommandMetadata,
  type CommandResult,
} from '../../event-sourcing/command-handler';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import type { RatingRules } from './rating-rules';
import {
  RATING_RULES_STREAM,
  ratingRulesRegistry,
  type RatingRulesHistory,
} from './rating-rules.registry';

/** Sets a new version of the rating rules (admin), in force for periods ending from today on. */
export class SetRatingRulesCommand extends Command<CommandResult<RatingRulesHistory>> {
  constructor(
    readonly rules: RatingRules,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(SetRatingRulesCommand)
export class SetRatingRulesHandler implements ICommandHandler<SetRatingRulesCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ rules, metadata }: SetRatingRulesCommand): Promise<CommandResult<RatingRulesHistory>> {
    return handleCommand({
      store: this.store,
      decider: ratingRulesRegistry,
      streamId: RATING_RULES_STREAM,
      command: { type: 'SetRatingRules', rules },
      context: { now: metadata.occurredAt },
      metadata,
    });
  }
}
