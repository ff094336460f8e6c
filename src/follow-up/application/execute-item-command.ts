import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { authorizeItemCommand } from '../../auth/item-access';
import type { Principal } from '../../auth/roles';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import {
  handleCommand,
  StreamCache,
  type CommandMetadata,
  type CommandResult,
} from '../../event-store/handle-command';
import { ReferenceDataService } from '../../organisation/reference-data.service';
import { DomainError } from '../../shared/domain-error';
import type { DecideContext, ItemCommand } from '../item.commands';
import { itemDecider } from '../item.decider';
import type { ItemState } from '../item.state';
import { ItemStreams, itemStreamId } from './item-streams';

/** One item command on its way to the decider, with who sends it and when. */
export class ExecuteItemCommand extends Command<CommandResult<ItemState>> {
  constructor(
    readonly command: ItemCommand,
    readonly principal: Principal,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/**
 * The application service for items: checks references against the registries, then runs the
 * generic command path with the caller's permissions checked on the very state being decided on.
 */
@CommandHandler(ExecuteItemCommand)
export class ExecuteItemCommandHandler implements ICommandHandler<ExecuteItemCommand> {
  /** Recently written items stay folded here; each command then reads only newer events. */
  private readonly cache = new StreamCache<ItemState>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly streams: ItemStreams,
    private readonly referenceData: ReferenceDataService,
  ) {}

  async execute({
    command,
    principal,
    metadata,
  }: ExecuteItemCommand): Promise<CommandResult<ItemState>> {
    const streamId = await this.streamOf(command);
    await this.checkReferences(command);
    const context: DecideContext = {
      now: metadata.occurredAt,
      calendar: await this.referenceData.calendar(),
    };
    const authorizedDecider = {
      ...itemDecider,
      decide: (c: ItemCommand, state: ItemState, ctx: DecideContext) => {
        authorizeItemCommand(principal, c, state);
        return itemDecider.decide(c, state, ctx);
      },
    };
    return handleCommand(this.store, authorizedDecider, streamId, command, context, metadata, {
      cache: this.cache,
    });
  }

  private async streamOf(command: ItemCommand): Promise<string> {
    if (command.type === 'RaiseItem') {
      this.streams.remember(command.data.itemId, command.data.kind);
      return itemStreamId(command.data.kind, command.data.itemId);
    }
    const streamId = await this.streams.streamIdOf(command.data.itemId);
    if (!streamId) throw new DomainError('ITEM.NOT_FOUND', `No item ${command.data.itemId}`);
    return streamId;
  }

  /** Unit and source ids in a command must name registered ones. */
  private async checkReferences(command: ItemCommand): Promise<void> {
    const unitFields: [string, string[]][] = [];
    if (command.type === 'RaiseItem') {
      if (command.data.originUnit) unitFields.push(['originUnit', [command.data.originUnit]]);
      unitFields.push(['communes', command.data.communes ?? []]);
      if (command.data.sourceId && !(await this.referenceData.source(command.data.sourceId))) {
        throw DomainError.invalidField('sourceId', `no source ${command.data.sourceId}`);
      }
    } else if (command.type === 'AssignItem') {
      unitFields.push(
        ['leadUnit', [command.data.leadUnit]],
        ['supportingUnits', command.data.supportingUnits ?? []],
      );
    }
    const errors: { field: string; message: string }[] = [];
    for (const [field, ids] of unitFields) {
      for (const id of ids) {
        if (!(await this.referenceData.unit(id))) errors.push({ field, message: `no unit ${id}` });
      }
    }
    if (errors.length > 0) {
      throw new DomainError('VALIDATION', 'Unknown units', { errors });
    }
  }
}
