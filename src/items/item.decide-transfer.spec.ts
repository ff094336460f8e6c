import { canSeeItem, authorizeItemCommand } from './item-access';
import type { ItemCommand, TransferItem } from './item.commands';
import type { ItemTransferred } from './item.events';
import { AccessDeniedError } from '../shared/access-denied.error';
import {
  ev,
  given,
  histories,
  ITEM_ID as itemId,
  itemAfter,
  LATER,
  RAISED_AT,
} from './item.test-kit';

/** 1 Jan 2026 00:00 in Hà Nội: the start of the day a merger takes effect. */
const EFFECTIVE_AT = '2025-12-31T17:00:00.000Z';

const transferIt = (data: Partial<TransferItem['data']> = {}): TransferItem => ({
  type: 'TransferItem',
  data: {
    itemId,
    from: 'so-noi-vu',
    to: 'so-moi',
    reason: 'merger',
    reference: 'NQ 1/2026',
    effectiveOn: '2026-01-01',
    ...data,
  },
});

const transferred = (o: Partial<ItemTransferred['data']> = {}): ItemTransferred => ({
  type: 'ItemTransferred',
  data: {
    itemId,
    from: 'so-noi-vu',
    to: 'so-moi',
    reason: 'merger',
    reference: 'NQ 1/2026',
    effectiveOn: '2026-01-01',
    roles: ['lead'],
    occurredAt: RAISED_AT,
    ...o,
  },
});

describe('TransferItem', () => {
  it("carries every role of the former unit to the successor, which the former's users still read", () => {
    const history = [
      ev.raised({ originUnit: 'xa-a', communes: ['xa-a', 'xa-b'] }),
      ev.assigned({ leadUnit: 'so-noi-vu', supportingUnits: ['xa-a'] }),
    ];
    const item = given(history)
      .when(transferIt({ from: 'xa-a', to: 'xa-moi' }), { now: LATER })
      .then([
        transferred({
          from: 'xa-a',
          to: 'xa-moi',
          roles: ['supporting', 'origin', 'commune'],
          occurredAt: LATER,
        }),
      ]);
    expect(item).toMatchObject({
      leadUnit: 'so-noi-vu',
      supportingUnits: ['xa-moi'],
      originUnit: 'xa-moi',
      communes: ['xa-moi', 'xa-b'],
      formerUnits: ['xa-a'],
    });
    const unitOf = (unit: string) => ({ sub: 'u', name: unit, role: 'unit' as const, unit });
    expect(canSeeItem(unitOf('xa-moi'), item)).toBe(true);
    expect(canSeeItem(unitOf('xa-a'), item)).toBe(true);
    // The former unit reads but no longer acts: it holds no role in the item any more.
    const progress: ItemCommand = { type: 'ReportProgress', data: { itemId, note: 'n' } };
    expect(() => authorizeItemCommand(unitOf('xa-a'), progress, item)).toThrow(AccessDeniedError);
    expect(() => authorizeItemCommand(unitOf('xa-moi'), progress, item)).not.toThrow();
  });

  it('passes the lead, and the successor never ends up supporting its own item', () => {
    const item = given([
      ev.raised(),
      ev.assigned({ leadUnit: 'so-noi-vu', supportingUnits: ['so-moi', 'so-khac'] }),
    ])
      .when(transferIt(), { now: LATER })
      .then([transferred({ roles: ['lead'], occurredAt: LATER })]);
    expect(item).toMatchObject({ leadUnit: 'so-moi', supportingUnits: ['so-khac'] });
  });

  it('records nothing when the unit holds no role in the item (again, or any more)', () => {
    given(histories.inProgress())
      .when(transferIt({ from: 'so-khac' }))
      .then([]);
    given([...histories.inProgress(), transferred()])
      .when(transferIt())
      .then([]);
  });

  it('carries closed items over too: their history belongs to the successor', () => {
    const item = given(histories.resolved())
      .when(transferIt())
      .then([transferred({ occurredAt: LATER })]);
    expect(item).toMatchObject({ status: 'resolved', leadUnit: 'so-moi' });
    given(histories.cancelled())
      .when(transferIt())
      .then([transferred({ occurredAt: LATER })]);
  });

  it('is dated at the raise for an item raised after the change took effect', () => {
    given(histories.assigned())
      .when(transferIt(), { now: EFFECTIVE_AT })
      .then([transferred({ occurredAt: RAISED_AT })]);
  });

  it('may precede acts recorded before it, but no later act may be dated before it', () => {
    // The merger took effect on Thursday; the lead unit reported on Friday, before the office
    // recorded the merger the next week.
    const THU = '2026-01-07T17:00:00.000Z';
    const FRI = '2026-01-09T02:00:00.000Z';
    const history = [
      ev.raised(),
      ev.assigned(),
      ev.progress({ occurredAt: FRI }),
      transferred({ occurredAt: THU, effectiveOn: '2026-01-08' }),
    ];
    given(history.slice(0, 3))
      .when(transferIt({ effectiveOn: '2026-01-08' }), { now: THU })
      .then([history[3]]);
    const item = itemAfter(history);
    expect(item.lastActAt).toBe(FRI);
    // With nothing dated after it, the transfer is the last act: nothing may be dated before.
    const afterTransfer = itemAfter([ev.raised(), ev.assigned(), history[3]]);
    expect(afterTransfer.lastActAt).toBe(THU);
    given([ev.raised(), ev.assigned(), history[3]])
      .when({ type: 'ReportProgress', data: { itemId, note: 'n' } }, { now: LATER })
      .thenThrows('ITEM.ACT_OUT_OF_ORDER', 'conflict');
  });

  it('is the system’s record: no caller may send it', () => {
    const leader = { sub: 'l', name: 'L', role: 'leader' as const };
    expect(() =>
      authorizeItemCommand(leader, transferIt(), itemAfter(histories.inProgress())),
    ).toThrow(AccessDeniedError);
  });
});
