import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { handleCommand, type CommandResult } from '../../event-sourcing/command-handler';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { ItemStreams } from '../../items/application/item-streams';
import { CALENDAR_NOT_LOADED } from '../../items/item.commands';
import { itemDecider } from '../../items/item.decider';
import type { ItemState } from '../../items/item.state';
import { DomainError } from '../../shared/domain-error';
import type { DueReminder } from './reminder-agenda-reader';

/** Who the log names as the actor of a reminder. */
export const REMINDER_ENGINE_ACTOR = {
  sub: 'reminder-engine',
  role: 'system',
  unit: null,
  name: 'Hệ thống nhắc việc',
};

/** Records in the item's stream that a reminder came due (nothing if it already was). */
export class FireReminderCommand extends Command<CommandResult<ItemState>> {
  constructor(
    readonly reminder: DueReminder,
    /** The instant the engine saw it due: the business time of the record. */
    readonly at: string,
  ) {
    super();
  }
}

/**
 * Once per item, rule and anchor, whatever happens: the decider records nothing for a reminder
 * already in the stream, and two instances firing at once meet at the append's expected revision,
 * where the loser decides again on the winner's events and records nothing.
 */
@CommandHandler(FireReminderCommand)
export class FireReminderHandler implements ICommandHandler<FireReminderCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly streams: ItemStreams,
  ) {}

  async execute({ reminder, at }: FireReminderCommand): Promise<CommandResult<ItemState>> {
    const streamId = await this.streams.streamIdOf(reminder.itemId);
    if (!streamId) throw new DomainError('ITEM.NOT_FOUND', `No item ${reminder.itemId}`);
    return handleCommand({
      store: this.store,
      decider: itemDecider,
      streamId,
      command: { type: 'FireReminder', data: reminder },
      // A reminder computes no due date: the calendar is never consulted.
      context: { now: at, calendar: CALENDAR_NOT_LOADED },
      metadata: {
        actor: REMINDER_ENGINE_ACTOR,
        occurredAt: at,
        correlationId: randomUUID(),
        causationId: null,
        commandId: randomUUID(),
      },
    });
  }
}
