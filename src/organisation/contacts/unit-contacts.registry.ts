import { DomainError, type FieldError } from '../../shared/domain-error';
import { EventSchema } from '../../shared/event-schema';
import type { EncryptedSecret } from '../../shared/secret-box';

/**
 * One stream holds every unit's contacts, in the order an admin set them: the last set of a unit
 * is in force. Webhook secrets are stored sealed, since auditors read every event.
 */
export const CONTACTS_STREAM = 'contacts-province';

/** Addresses a unit's digests go to; more is a mailing list's job. */
export const MAX_CONTACT_EMAILS = 20;

/** A unit's contacts as recorded: the webhook's secret sealed. */
export interface RecordedUnitContacts {
  unitId: string;
  emails: string[];
  /** Null when the unit takes no webhook. */
  webhook: { url: string; secret: EncryptedSecret } | null;
}

export type UnitContactsEvent = { type: 'UnitContactsSet'; data: RecordedUnitContacts };
/** Replaces one unit's contacts; the secret arrives sealed (sealing draws a random nonce). */
export type UnitContactsCommand = { type: 'SetUnitContacts'; contacts: RecordedUnitContacts };

export interface UnitContactsDirectory {
  units: ReadonlyMap<string, RecordedUnitContacts>;
  /** The stream's revision; null while no contacts were ever set. */
  revision: bigint | null;
}

/** Rules across a unit's addresses: at most {@link MAX_CONTACT_EMAILS}, each once. */
export function contactEmailErrors(emails: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  if (emails.length > MAX_CONTACT_EMAILS) {
    errors.push({ field: 'emails', message: `emails must hold at most ${MAX_CONTACT_EMAILS}` });
  }
  // Mail systems treat addresses without regard to case: the same mailbox twice is one.
  const first = new Map<string, number>();
  emails.forEach((email, index) => {
    const key = email.toLowerCase();
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else errors.push({ field: `emails.${index}`, message: `repeats emails.${earlier}` });
  });
  return errors;
}

/** The contacts stream's schema (no older versions yet). */
export const unitContactsEvents = new EventSchema<UnitContactsEvent>(['UnitContactsSet']);

export const unitContactsRegistry = {
  events: unitContactsEvents,
  initialState: (): UnitContactsDirectory => ({ units: new Map(), revision: null }),
  evolve(state: UnitContactsDirectory, event: UnitContactsEvent): UnitContactsDirectory {
    // Every event of the stream is a set, so the sets counted are its revisions.
    const units = new Map(state.units).set(event.data.unitId, event.data);
    return { units, revision: (state.revision ?? -1n) + 1n };
  },
  decide(command: UnitContactsCommand): UnitContactsEvent[] {
    const { unitId, emails, webhook } = command.contacts;
    const errors = contactEmailErrors(emails);
    if (errors.length > 0) {
      throw new DomainError(
        'VALIDATION',
        errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        { errors },
      );
    }
    // Only the fields of the shape are stored, whatever object the command was built from;
    // an absent webhook is stored as null, never left out.
    return [
      {
        type: 'UnitContactsSet',
        data: {
          unitId,
          emails: [...emails],
          webhook: webhook
            ? {
                url: webhook.url,
                secret: {
                  v: webhook.secret.v,
                  iv: webhook.secret.iv,
                  tag: webhook.secret.tag,
                  data: webhook.secret.data,
                },
              }
            : null,
        },
      },
    ];
  },
};
