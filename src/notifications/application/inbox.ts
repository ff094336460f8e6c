import { Inject } from '@nestjs/common';
import {
  Command,
  CommandHandler,
  Query,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import {
  handleCommand,
  type CommandMetadata,
  type CommandResult,
} from '../../event-sourcing/command-handler';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { AccessDeniedError } from '../../shared/access-denied.error';
import { DomainError } from '../../shared/domain-error';
import type { Principal } from '../../shared/principal';
import { inboxDecider, inboxStreamId, type InboxState } from '../inbox.registry';
import { inboxOf } from '../notification';
import type { InboxPage } from '../read-model/inbox.query';
import { INBOX_READER, type InboxReader } from './inbox-reader';

/** The inbox a caller reads: a unit user's unit's, or the office's or the leadership's. */
export function inboxOfCaller(principal: Principal): string {
  if (principal.role === 'unit') return inboxOf({ unitId: principal.unit! });
  if (principal.role === 'office' || principal.role === 'leader') {
    return inboxOf({ role: principal.role });
  }
  throw new AccessDeniedError(`The ${principal.role} role has no inbox`);
}

export class ListNotificationsQuery extends Query<InboxPage> {
  constructor(
    readonly principal: Principal,
    readonly options: { unread: boolean; page: number; pageSize: number; minPosition?: bigint },
  ) {
    super();
  }
}

@QueryHandler(ListNotificationsQuery)
export class ListNotificationsHandler implements IQueryHandler<ListNotificationsQuery> {
  constructor(@Inject(INBOX_READER) private readonly inboxes: InboxReader) {}

  execute({ principal, options }: ListNotificationsQuery): Promise<InboxPage> {
    return this.inboxes.inbox({ inbox: inboxOfCaller(principal), sub: principal.sub, ...options });
  }
}

/** Marks one notification of the caller's inbox read, for the caller only. */
export class MarkNotificationReadCommand extends Command<CommandResult<InboxState>> {
  constructor(
    readonly principal: Principal,
    readonly notificationId: string,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(MarkNotificationReadCommand)
export class MarkNotificationReadHandler implements ICommandHandler<MarkNotificationReadCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(INBOX_READER) private readonly inboxes: InboxReader,
  ) {}

  async execute({
    principal,
    notificationId,
    metadata,
  }: MarkNotificationReadCommand): Promise<CommandResult<InboxState>> {
    const inbox = inboxOfCaller(principal);
    if (!(await this.inboxes.inInbox({ inbox, id: notificationId }))) {
      throw new DomainError(
        'NOTIFICATION.NOT_FOUND',
        `No notification ${notificationId} in your inbox`,
        undefined,
        'not-found',
      );
    }
    return handleCommand({
      store: this.store,
      decider: inboxDecider,
      streamId: inboxStreamId(principal.sub),
      command: { type: 'MarkNotificationRead', sub: principal.sub, notificationId },
      context: { now: metadata.occurredAt },
      metadata,
    });
  }
}
