import type { FireReminder } from './item.commands';
import { ev, given, histories, ITEM_ID as itemId, itemAfter, LATER } from './item.test-kit';

const fire = (data: Partial<FireReminder['data']> = {}): FireReminder => ({
  type: 'FireReminder',
  data: {
    itemId,
    ruleId: 'overdue-0',
    when: 'overdue',
    workingDays: 0,
    anchor: '2026-01-19',
    notify: ['lead-unit'],
    ...data,
  },
});

describe('UrgeItem', () => {
  it('records the urge to the lead unit, with the date to answer by', () => {
    const item = given(histories.inProgress())
      .when({ type: 'UrgeItem', data: { itemId, note: ' Báo cáo ngay ', respondBy: '2026-01-09' } })
      .then([ev.urged({ note: 'Báo cáo ngay', respondBy: '2026-01-09' })]);
    expect(item).toMatchObject({ urges: 1, lastUrgedAt: LATER, status: 'in-progress' });
  });

  it('counts every urge, and keeps the item where it was', () => {
    const item = itemAfter([...histories.awaitingReview(), ev.urged(), ev.urged()]);
    expect(item).toMatchObject({ urges: 2, status: 'awaiting-review' });
  });

  it.each([
    ['raised (nobody leads it yet)', histories.raised()],
    ['resolved', histories.resolved()],
    ['cancelled', histories.cancelled()],
  ])('is refused on an item that is %s', (_, history) => {
    given(history)
      .when({ type: 'UrgeItem', data: { itemId, note: 'n' } })
      .thenThrows('ITEM.ILLEGAL_TRANSITION', 'conflict');
  });

  it.each([
    ['a note that is blank', { note: '  ' }, 'note'],
    ['a date to answer by that is not a date', { note: 'n', respondBy: '9/1/2026' }, 'respondBy'],
    ['a date to answer by before the urge', { note: 'n', respondBy: '2026-01-04' }, 'respondBy'],
  ])('refuses %s', (_, data, field) => {
    const error = given(histories.assigned())
      .when({ type: 'UrgeItem', data: { itemId, ...data } })
      .thenThrows('VALIDATION', 'invalid');
    expect(error.details?.errors).toEqual([expect.objectContaining({ field })]);
  });
});

describe('FireReminder', () => {
  it('records the reminder with the lead unit and the deadline in force', () => {
    const history = [ev.raised(), ev.assigned({ dueDate: '2026-01-19' })];
    const item = given(history)
      .when(fire())
      .then([ev.reminderFired({ leadUnit: 'so-noi-vu', dueDate: '2026-01-19' })]);
    expect(item.remindersFired).toEqual(['overdue-0@2026-01-19']);
  });

  it('fires once per rule and anchor: asked again, it records nothing', () => {
    given([...histories.assigned(), ev.reminderFired()])
      .when(fire())
      .then([]);
  });

  it('fires again for a new anchor (an extended deadline re-arms the rule)', () => {
    given([...histories.assigned(), ev.reminderFired()])
      .when(fire({ anchor: '2026-02-02' }))
      .then([ev.reminderFired({ anchor: '2026-02-02', dueDate: '2026-01-10' })]);
  });

  it.each([
    ['resolved', histories.resolved()],
    ['cancelled', histories.cancelled()],
  ])('records nothing once the item is %s', (_, history) => {
    given(history).when(fire()).then([]);
  });
});
