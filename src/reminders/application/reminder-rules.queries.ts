import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ReminderRulesInForce } from '../reminder-rules.registry';
import { ReminderRulesService } from './reminder-rules.service';

/** The reminder rules and send window in force, with the revision they were set at. */
export class GetReminderRulesQuery extends Query<ReminderRulesInForce> {}

@QueryHandler(GetReminderRulesQuery)
export class GetReminderRulesHandler implements IQueryHandler<GetReminderRulesQuery> {
  constructor(private readonly reminderRules: ReminderRulesService) {}

  execute(): Promise<ReminderRulesInForce> {
    return this.reminderRules.current();
  }
}
