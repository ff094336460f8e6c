import { Inject, Injectable } from '@nestjs/common';
import { StreamFold } from '../../event-sourcing/stream-fold';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import {
  REMINDER_RULES_STREAM,
  reminderRulesRegistry,
  type ReminderRulesEvent,
  type ReminderRulesInForce,
} from '../reminder-rules.registry';

/**
 * Reads the reminder rules in force: one short stream, folded in memory and brought up to date
 * from the store on every read, so all instances agree. Writes go through the command bus
 * (`reminder-rules.commands.ts`).
 */
@Injectable()
export class ReminderRulesService {
  private readonly fold: StreamFold<ReminderRulesInForce, ReminderRulesEvent>;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.fold = new StreamFold(store, REMINDER_RULES_STREAM, reminderRulesRegistry);
  }

  /**
   * The rules in force now: API.md's defaults until an admin sets others. The answer is shared
   * between callers: read it, do not change it.
   */
  current(): Promise<ReminderRulesInForce> {
    return this.fold.current();
  }
}
