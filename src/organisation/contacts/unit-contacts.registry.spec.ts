import { DomainError } from '../../shared/domain-error';
import {
  MAX_CONTACT_EMAILS,
  unitContactsEvents,
  unitContactsRegistry,
  type RecordedUnitContacts,
} from './unit-contacts.registry';

const { initialState, evolve, decide } = unitContactsRegistry;

const SEALED = { v: 1, iv: 'aXY=', tag: 'dGFn', data: 'ZGF0YQ==' } as const;
const NOI_VU: RecordedUnitContacts = {
  unitId: 'so-noi-vu',
  emails: ['vanthu@noivu.gov.vn'],
  webhook: { url: 'https://hooks.noivu.gov.vn/follow-up', secret: SEALED },
};

function refusalOf(contacts: RecordedUnitContacts): unknown {
  try {
    decide({ type: 'SetUnitContacts', contacts });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('unit contacts registry', () => {
  it('starts empty, set by nobody', () => {
    expect(initialState()).toEqual({ units: new Map(), revision: null });
  });

  it('records UnitContactsSet, version 1, with only the fields of the shape', () => {
    // As a command built from a request object might carry them.
    const withExtras = {
      ...NOI_VU,
      note: 'x',
      webhook: { ...NOI_VU.webhook!, retries: 3, secret: { ...SEALED, plain: 'oops' } },
    } as RecordedUnitContacts;
    expect(decide({ type: 'SetUnitContacts', contacts: withExtras })).toEqual([
      { type: 'UnitContactsSet', data: NOI_VU },
    ]);
    expect(unitContactsEvents.versionOf('UnitContactsSet')).toBe(1);
  });

  it('stores an absent webhook as null', () => {
    const { webhook: _, ...noWebhook } = NOI_VU;
    const [event] = decide({
      type: 'SetUnitContacts',
      contacts: noWebhook as RecordedUnitContacts,
    });
    expect(event.data).toEqual({ unitId: 'so-noi-vu', emails: NOI_VU.emails, webhook: null });
  });

  it('refuses an address twice, whatever its case, naming the repeat', () => {
    const refusal = refusalOf({
      ...NOI_VU,
      emails: ['a@noivu.gov.vn', 'b@noivu.gov.vn', 'A@NoiVu.gov.vn'],
    });
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({
      code: 'VALIDATION',
      kind: 'invalid',
      details: { errors: [{ field: 'emails.2', message: 'repeats emails.0' }] },
    });
  });

  it(`refuses more than ${MAX_CONTACT_EMAILS} addresses`, () => {
    const emails = Array.from({ length: MAX_CONTACT_EMAILS + 1 }, (_, i) => `u${i}@x.gov.vn`);
    expect(refusalOf({ ...NOI_VU, emails })).toMatchObject({
      code: 'VALIDATION',
      details: { errors: [{ field: 'emails' }] },
    });
    expect(decide({ type: 'SetUnitContacts', contacts: { ...NOI_VU, emails: [] } })).toHaveLength(
      1,
    );
  });

  it("puts each unit's last set in force, with the stream's revision", () => {
    const yTe: RecordedUnitContacts = { unitId: 'so-y-te', emails: [], webhook: null };
    const later: RecordedUnitContacts = { ...NOI_VU, webhook: null };
    const state = [NOI_VU, yTe, later].reduce(
      (s, data) => evolve(s, { type: 'UnitContactsSet', data }),
      initialState(),
    );
    expect(state.revision).toBe(2n);
    expect(state.units.get('so-noi-vu')).toEqual(later);
    expect(state.units.get('so-y-te')).toEqual(yTe);
  });
});
