import { DEFAULT_CALENDAR } from '../shared/calendar/default-calendar';
import { DomainError, type DomainErrorCode } from '../shared/domain-error';
import type { DecideContext, ItemCommand } from './item.commands';
import { decide, evolve, initialState } from './item.decider';
import type { ItemEvent } from './item.events';
import type { Item, ItemState } from './item.state';

/**
 * Given / when / then for the item decider (Emmett's DeciderSpecification, in a few lines):
 * `given([events]).when(command).then([events])` or `.thenThrows(code)`.
 * Only for specs: it calls jest's `expect`.
 */

export const ITEM_ID = 'item-1';
/** Mon 5 Jan 2026, 09:00 in Hà Nội: the default raise time. */
export const RAISED_AT = '2026-01-05T02:00:00.000Z';
/** Mon 5 Jan 2026, 10:00 local: the default time of later acts. */
export const LATER = '2026-01-05T03:00:00.000Z';

export function stateAfter(events: ItemEvent[]): ItemState {
  return events.reduce(evolve, initialState());
}

/** The state after `events`, which must have raised the item. */
export function itemAfter(events: ItemEvent[]): Item {
  const state = stateAfter(events);
  if (state.status === 'none') throw new Error('the given events raise no item');
  return state;
}

export function given(events: ItemEvent[]) {
  return {
    when(command: ItemCommand, context: Partial<DecideContext> = {}) {
      const ctx: DecideContext = { now: LATER, calendar: DEFAULT_CALENDAR, ...context };
      const run = () => decide(command, stateAfter(events), ctx);
      return {
        then(expected: ItemEvent[]): Item {
          const produced = run();
          expect(produced).toEqual(expected);
          // Every decision must fold: the state a handler returns is the one replay rebuilds.
          return itemAfter([...events, ...produced]);
        },
        thenThrows(code: DomainErrorCode, kind?: DomainError['kind']): DomainError {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(DomainError);
          const error = caught as DomainError;
          expect(error.code).toBe(code);
          if (kind !== undefined) expect(error.kind).toBe(kind);
          return error;
        },
      };
    },
  };
}

// Event builders with the defaults of a typical item, so a spec spells out only what matters.
type DataOf<T extends ItemEvent['type']> = Omit<Extract<ItemEvent, { type: T }>['data'], 'itemId'>;

function event<T extends ItemEvent['type']>(
  type: T,
  defaults: DataOf<T>,
  overrides: Partial<DataOf<T>>,
): Extract<ItemEvent, { type: T }> {
  const data = { itemId: ITEM_ID, ...defaults, ...overrides };
  // TypeScript cannot see that a spread of DataOf<T> rebuilds the member's data.
  return { type, data } as unknown as Extract<ItemEvent, { type: T }>;
}

export const ev = {
  raised: (o: Partial<DataOf<'ItemRaised'>> = {}) =>
    event(
      'ItemRaised',
      {
        kind: 'recommendation',
        title: 'Bổ sung biên chế công chức cấp xã',
        description: null,
        sourceId: null,
        originUnit: null,
        communes: [],
        topic: null,
        priority: 'normal',
        requestedDeadline: null,
        occurredAt: RAISED_AT,
      },
      o,
    ),
  directiveRaised: (o: Partial<DataOf<'ItemRaised'>> = {}) =>
    ev.raised({ kind: 'directive', title: 'Đẩy nhanh giải ngân vốn đầu tư công', ...o }),
  assigned: (o: Partial<DataOf<'ItemAssigned'>> = {}) =>
    event(
      'ItemAssigned',
      {
        leadUnit: 'so-noi-vu',
        supportingUnits: [],
        reassigned: false,
        previousLeadUnit: null,
        deadline: { type: 'working-days', days: 5 },
        deadlineSource: 'command',
        // 5 working days from Mon 5 Jan 2026: the 5th is the make-up Saturday, 10 Jan.
        dueDate: '2026-01-10',
        note: null,
        occurredAt: LATER,
      },
      o,
    ),
  acknowledged: (o: Partial<DataOf<'ItemAcknowledged'>> = {}) =>
    event('ItemAcknowledged', { leadUnit: 'so-noi-vu', occurredAt: LATER }, o),
  returned: (o: Partial<DataOf<'ItemReturned'>> = {}) =>
    event(
      'ItemReturned',
      { leadUnit: 'so-noi-vu', reason: 'Không thuộc thẩm quyền', occurredAt: LATER },
      o,
    ),
  progress: (o: Partial<DataOf<'ProgressReported'>> = {}) =>
    event('ProgressReported', { note: 'Đang rà soát', percent: null, occurredAt: LATER }, o),
  extensionRequested: (o: Partial<DataOf<'ExtensionRequested'>> = {}) =>
    event(
      'ExtensionRequested',
      {
        proposedDueDate: '2026-01-20',
        currentDueDate: '2026-01-10',
        reason: 'Chờ số liệu',
        occurredAt: LATER,
      },
      o,
    ),
  extensionDecided: (o: Partial<DataOf<'ExtensionDecided'>> = {}) =>
    event(
      'ExtensionDecided',
      {
        approved: true,
        dueDate: '2026-01-20',
        proposedDueDate: '2026-01-20',
        previousDueDate: '2026-01-10',
        reason: null,
        occurredAt: LATER,
      },
      o,
    ),
  answered: (o: Partial<DataOf<'RecommendationAnswered'>> = {}) =>
    event(
      'RecommendationAnswered',
      { response: 'Đã trả lời', onTheSpot: false, documentRef: null, occurredAt: LATER },
      o,
    ),
  completionReported: (o: Partial<DataOf<'CompletionReported'>> = {}) =>
    event(
      'CompletionReported',
      { summary: 'Đã hoàn thành', documentRef: null, occurredAt: LATER },
      o,
    ),
  reviewed: (o: Partial<DataOf<'ItemReviewed'>> = {}) =>
    event('ItemReviewed', { verdict: 'accept', comment: null, occurredAt: LATER }, o),
  resolved: (o: Partial<DataOf<'ItemResolved'>> = {}) =>
    event(
      'ItemResolved',
      {
        outcome: 'completed',
        note: 'Xong',
        completedAt: LATER,
        viaReview: false,
        occurredAt: LATER,
      },
      o,
    ),
  reopened: (o: Partial<DataOf<'ItemReopened'>> = {}) =>
    event('ItemReopened', { reason: 'Chưa đạt', occurredAt: LATER }, o),
  cancelled: (o: Partial<DataOf<'ItemCancelled'>> = {}) =>
    event('ItemCancelled', { reason: 'Rút lại', occurredAt: LATER }, o),
  urged: (o: Partial<DataOf<'ItemUrged'>> = {}) =>
    event(
      'ItemUrged',
      {
        note: 'Đề nghị báo cáo tiến độ',
        respondBy: null,
        leadUnit: 'so-noi-vu',
        occurredAt: LATER,
      },
      o,
    ),
  reminderFired: (o: Partial<DataOf<'ReminderFired'>> = {}) =>
    event(
      'ReminderFired',
      {
        ruleId: 'overdue-0',
        when: 'overdue',
        workingDays: 0,
        anchor: '2026-01-19',
        notify: ['lead-unit'],
        leadUnit: 'so-noi-vu',
        dueDate: '2026-01-19',
        occurredAt: LATER,
      },
      o,
    ),
};

/** Histories that leave the item in each status. */
export const histories = {
  raised: () => [ev.raised()],
  assigned: () => [ev.raised(), ev.assigned()],
  inProgress: () => [ev.raised(), ev.assigned(), ev.acknowledged()],
  awaitingReview: () => [ev.raised(), ev.assigned(), ev.acknowledged(), ev.completionReported()],
  resolved: () => [ev.raised(), ev.assigned(), ev.resolved()],
  cancelled: () => [ev.raised(), ev.assigned(), ev.cancelled()],
};
