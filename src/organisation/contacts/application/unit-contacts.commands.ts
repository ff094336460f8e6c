import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  handleCommand,
  type CommandMetadata,
  type CommandResult,
} from '../../../event-sourcing/command-handler';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import { DomainError } from '../../../shared/domain-error';
import type { SecretBox } from '../../../shared/secret-box';
import { ReferenceDataService } from '../../application/reference-data.service';
import {
  CONTACTS_STREAM,
  unitContactsRegistry,
  type UnitContactsDirectory,
} from '../unit-contacts.registry';
import { CONTACTS_SECRET_BOX } from './contacts-key';
import type { UnitContacts } from './unit-contacts.service';

/** Replaces the addresses and the webhook a unit's notifications go to (admin). */
export class SetUnitContactsCommand extends Command<CommandResult<UnitContactsDirectory>> {
  constructor(
    readonly unitId: string,
    /** The webhook secret in the clear: it is sealed before anything is recorded. */
    readonly contacts: UnitContacts,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(SetUnitContactsCommand)
export class SetUnitContactsHandler implements ICommandHandler<SetUnitContactsCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONTACTS_SECRET_BOX) private readonly box: SecretBox,
    private readonly referenceData: ReferenceDataService,
  ) {}

  async execute({
    unitId,
    contacts: { emails, webhook },
    metadata,
  }: SetUnitContactsCommand): Promise<CommandResult<UnitContactsDirectory>> {
    if (!(await this.referenceData.unit(unitId))) {
      throw new DomainError('UNIT.NOT_FOUND', `No unit ${unitId}`, undefined, 'not-found');
    }
    return handleCommand({
      store: this.store,
      decider: unitContactsRegistry,
      streamId: CONTACTS_STREAM,
      command: {
        type: 'SetUnitContacts',
        contacts: {
          unitId,
          emails,
          webhook: webhook ? { url: webhook.url, secret: this.box.seal(webhook.secret) } : null,
        },
      },
      metadata: withSecretFreeFingerprint(metadata, this.box),
    });
  }
}

/**
 * The request fingerprint an Idempotency-Key records is a plain SHA-256 of the body, secret
 * included: anyone reading the log could test guesses of a weak secret against it. Keyed, it
 * still tells a retry from another request, but only to the holder of the key.
 */
function withSecretFreeFingerprint(metadata: CommandMetadata, box: SecretBox): CommandMetadata {
  return metadata.requestHash === undefined
    ? metadata
    : { ...metadata, requestHash: box.digest(metadata.requestHash) };
}
