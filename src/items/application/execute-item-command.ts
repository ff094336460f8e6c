import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { authorizeItemCommand } from '../item-access';
import type { Principal } from '../../shared/principal';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import {
  handleCommand,
  IdempotencyKeyReusedError,
  StreamCache,
  type CommandMetadata,
  type CommandResult,
} from '../../event-sourcing/command-handler';
import { ReferenceDataService } from '../../organisation/application/reference-data.service';
import { AccessDeniedError } from '../../shared/access-denied.error';
import { DomainError } from '../../shared/domain-error';
import { CALENDAR_NOT_LOADED, COMMANDS_USING_CALENDAR, type ItemCommand } from '../item.commands';
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
    const streamId = await this.streamOf(command, metadata);
    const result = await handleCommand({
      store: this.store,
      decider: itemDecider,
      streamId,
      command,
      context: {
        now: metadata.occurredAt,
        // Read (from the store, so every instance agrees) only for the commands that use it.
        calendar: COMMANDS_USING_CALENDAR.has(command.type)
          ? await this.referenceData.calendar()
          : CALENDAR_NOT_LOADED,
      },
      metadata,
      cache: this.cache,
      authorize: async (c, state) => {
        authorizeItemCommand(principal, c, state);
        await this.requireActiveUnit(principal);
        await this.checkReferences(c, principal);
      },
    });
    if (command.type === 'RaiseItem') this.streams.remember(command.data.itemId, command.data.kind);
    return result;
  }

  private async streamOf(command: ItemCommand, metadata: CommandMetadata): Promise<string> {
    if (command.type === 'RaiseItem') {
      // A retried raise whose key now comes with the other kind must not open a second stream
      // under the same id: the key was used for a different request.
      const existing = await this.streams.streamIdOf(command.data.itemId);
      const streamId = itemStreamId(command.data.kind, command.data.itemId);
      if (existing && existing !== streamId && metadata.idempotencyKey) {
        throw new IdempotencyKeyReusedError(metadata.idempotencyKey);
      }
      return streamId;
    }
    const streamId = await this.streams.streamIdOf(command.data.itemId);
    if (!streamId) throw new DomainError('ITEM.NOT_FOUND', `No item ${command.data.itemId}`);
    return streamId;
  }

  /**
   * A merged or dissolved unit's users still read its items (and the ones carried over to its
   * successor) but act on none: from the effective date its work is the successor's.
   */
  private async requireActiveUnit(principal: Principal): Promise<void> {
    if (principal.role !== 'unit') return;
    const unit = await this.referenceData.unit(principal.unit!);
    // A unit the registry does not know is judged by the item alone, as before units could end.
    if (!unit || unit.active) return;
    throw new AccessDeniedError(
      `Unit ${principal.unit} is no longer active: its work went to its successor`,
    );
  }

  /**
   * Unit and source ids in a command must name registered, active ones (a merged or dissolved
   * unit is given no new work: 400 UNIT.INACTIVE). A unit, which cannot list the
   * sources, may cite only a source held with it (one listing its unit among the communes); any
   * other id, registered or not, gets the same answer, so raising is no way to probe the list.
   */
  private async checkReferences(command: ItemCommand, principal: Principal): Promise<void> {
    if (command.type === 'RaiseItem') {
      const { originUnit, communes = [], sourceId } = command.data;
      await this.referenceData.assertUnitsExist([
        { field: 'originUnit', ids: originUnit ? [originUnit] : [], activeOnly: true },
        { field: 'communes', ids: communes, communesOnly: true, activeOnly: true },
      ]);
      if (sourceId) {
        const source = await this.referenceData.source(sourceId);
        if (principal.role === 'unit' && !source?.communes?.includes(principal.unit!)) {
          throw DomainError.invalidField('sourceId', 'unknown or not available');
        }
        if (!source) throw DomainError.invalidField('sourceId', `no source ${sourceId}`);
      }
    } else if (command.type === 'AssignItem') {
      await this.referenceData.assertUnitsExist([
        { field: 'leadUnit', ids: [command.data.leadUnit], activeOnly: true },
        { field: 'supportingUnits', ids: command.data.supportingUnits ?? [], activeOnly: true },
      ]);
    }
  }
}
