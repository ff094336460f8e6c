import { Inject, Injectable } from '@nestjs/common';
import { StreamFold } from '../../../event-sourcing/stream-fold';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import type { SecretBox } from '../../../shared/secret-box';
import {
  CONTACTS_STREAM,
  unitContactsRegistry,
  type RecordedUnitContacts,
  type UnitContactsDirectory,
  type UnitContactsEvent,
} from '../unit-contacts.registry';
import { CONTACTS_SECRET_BOX } from './contacts-key';

/** Where a unit's notifications go, its webhook secret opened. */
export interface UnitContacts {
  emails: string[];
  /** Null when the unit takes no webhook. */
  webhook: { url: string; secret: string } | null;
}

/**
 * Reads the units' contacts: one short stream, folded in memory and brought up to date from the
 * store on every read, so all instances agree. Writes go through the command bus
 * (`unit-contacts.commands.ts`).
 */
@Injectable()
export class UnitContactsService {
  private readonly fold: StreamFold<UnitContactsDirectory, UnitContactsEvent>;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CONTACTS_SECRET_BOX) private readonly box: SecretBox,
  ) {
    this.fold = new StreamFold(store, CONTACTS_STREAM, unitContactsRegistry);
  }

  /**
   * Every unit's contacts as recorded (secrets sealed) and the stream's revision. The answer is
   * shared between callers: read it, do not change it.
   */
  directory(): Promise<UnitContactsDirectory> {
    return this.fold.current();
  }

  /**
   * A unit's contacts with its webhook secret opened; undefined when none were ever set. Throws
   * when the secret cannot be opened (the key is not the one it was sealed with).
   */
  async contactsOf(unitId: string): Promise<UnitContacts | undefined> {
    const recorded = (await this.fold.current()).units.get(unitId);
    return recorded && this.opened(recorded);
  }

  /** Every unit whose contacts were set, with its webhook secret opened. */
  async allContacts(): Promise<(UnitContacts & { unitId: string })[]> {
    const { units } = await this.fold.current();
    return [...units.values()].map((recorded) => ({
      unitId: recorded.unitId,
      ...this.opened(recorded),
    }));
  }

  private opened({ unitId, emails, webhook }: RecordedUnitContacts): UnitContacts {
    if (!webhook) return { emails: [...emails], webhook: null };
    let secret: string;
    try {
      secret = this.box.open(webhook.secret);
    } catch (error) {
      throw new Error(
        `The webhook secret of unit ${unitId} cannot be opened (${(error as Error).message}): ` +
          'CONTACTS_KEY, or DATA_DIR/contacts-key, is not the key it was sealed with',
      );
    }
    return { emails: [...emails], webhook: { url: webhook.url, secret } };
  }
}
