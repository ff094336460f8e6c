import { WorkingCalendar } from '../shared/calendar/working-calendar';
import { CALENDAR_NOT_LOADED, type ItemCommand } from './item.commands';
import { decide, PROGRESS_REPORTS_PER_DAY } from './item.decider';
import { ITEM_EVENT_TYPES } from './item.events';
import { ev, given, histories, ITEM_ID, itemAfter, LATER, RAISED_AT } from './item.test-kit';

const itemId = ITEM_ID;
/** Thu 8 Jan 2026, 09:00 local. */
const THU = '2026-01-08T02:00:00.000Z';

describe('RaiseItem', () => {
  it('raises an item, storing absent fields as null and a requested deadline without a due date', () => {
    const item = given([])
      .when(
        {
          type: 'RaiseItem',
          data: {
            itemId,
            kind: 'recommendation',
            title: '  Bổ sung biên chế công chức cấp xã ',
            communes: ['xa-thanh-ba', 'xa-quang-yen', 'xa-thanh-ba'],
            deadline: { type: 'calendar-days', days: 60 },
          },
        },
        { now: '2026-01-05T09:00:00+07:00' },
      )
      .then([
        ev.raised({
          communes: ['xa-thanh-ba', 'xa-quang-yen'],
          requestedDeadline: { type: 'calendar-days', days: 60 },
          occurredAt: RAISED_AT,
        }),
      ]);
    expect(item).toMatchObject({
      status: 'raised',
      leadUnit: null,
      deadline: { original: null, current: null, extensions: [] },
      raisedAt: RAISED_AT,
    });
  });

  it('keeps every optional field given', () => {
    given([])
      .when(
        {
          type: 'RaiseItem',
          data: {
            itemId,
            kind: 'directive',
            title: 'Giải ngân vốn đầu tư công',
            description: 'Chủ tịch xã trực tiếp chỉ đạo',
            sourceId: 'kl-25-12-2025',
            originUnit: 'ubnd-tinh',
            topic: 'đầu tư công',
            priority: 'key',
          },
        },
        { now: RAISED_AT },
      )
      .then([
        ev.raised({
          kind: 'directive',
          title: 'Giải ngân vốn đầu tư công',
          description: 'Chủ tịch xã trực tiếp chỉ đạo',
          sourceId: 'kl-25-12-2025',
          originUnit: 'ubnd-tinh',
          topic: 'đầu tư công',
          priority: 'key',
        }),
      ]);
  });

  it('refuses to raise an item twice, even a cancelled one', () => {
    const raise: ItemCommand = {
      type: 'RaiseItem',
      data: { itemId, kind: 'directive', title: 'Again' },
    };
    given(histories.raised()).when(raise).thenThrows('ITEM.ALREADY_EXISTS', 'conflict');
    given(histories.cancelled()).when(raise).thenThrows('ITEM.ALREADY_EXISTS', 'conflict');
  });

  it.each([
    ['an empty title', { title: '  ' }],
    ['an unknown kind', { kind: 'task' }],
    ['an unknown priority', { priority: 'urgent' }],
    ['a zero-day deadline', { deadline: { type: 'working-days', days: 0 } }],
    ['an impossible date', { deadline: { type: 'date', date: '2026-02-30' } }],
    ['an unknown deadline type', { deadline: { type: 'soon' } }],
    ['communes that are not a list', { communes: 'xa-thanh-ba' }],
  ])('refuses %s', (_, patch) => {
    given([])
      .when({
        type: 'RaiseItem',
        data: { itemId, kind: 'directive', title: 'T', ...patch } as never,
      })
      .thenThrows('VALIDATION', 'invalid');
  });

  it('refuses a business time without an offset', () => {
    given([])
      .when(
        { type: 'RaiseItem', data: { itemId, kind: 'directive', title: 'T' } },
        { now: '2026-01-05T09:00:00' },
      )
      .thenThrows('VALIDATION');
  });
});

describe('commands on an item that does not exist', () => {
  it.each(allCommandsButRaise())('$type is ITEM.NOT_FOUND', (command) => {
    given([]).when(command).thenThrows('ITEM.NOT_FOUND', 'not-found');
  });
});

describe('commands on a cancelled item', () => {
  it.each(allCommandsButRaise())('$type is an illegal transition', (command) => {
    const history = [ev.raised(), ev.assigned(), ev.completionReported(), ev.cancelled()];
    given(history).when(command).thenThrows('ITEM.ILLEGAL_TRANSITION', 'conflict');
  });
});

describe('business time before the item was raised', () => {
  it.each(allCommandsButRaise())('$type is refused as invalid', (command) => {
    const error = given(histories.inProgress())
      .when(command, { now: '2026-01-05T01:59:59.999Z' })
      .thenThrows('ITEM.OCCURRED_BEFORE_RAISED', 'invalid');
    expect(error.details?.errors).toEqual([
      { field: 'occurredAt', message: `must not be before ${RAISED_AT}` },
    ]);
  });

  it('accepts the very instant of the raise', () => {
    given([ev.raised(), ev.assigned({ occurredAt: RAISED_AT })])
      .when({ type: 'AcknowledgeItem', data: { itemId } }, { now: RAISED_AT })
      .then([ev.acknowledged({ occurredAt: RAISED_AT })]);
  });
});

describe('AssignItem', () => {
  const assign = (data: Partial<Extract<ItemCommand, { type: 'AssignItem' }>['data']> = {}) =>
    ({
      type: 'AssignItem',
      data: { itemId, leadUnit: 'so-noi-vu', ...data },
    }) as ItemCommand;

  it('computes and stores the due date from the business time and the calendar', () => {
    // Counting starts Tue 6 Jan; the 5th working day is the make-up Saturday 10 Jan 2026.
    const item = given(histories.raised())
      .when(
        assign({ deadline: { type: 'working-days', days: 5 }, supportingUnits: ['so-tai-chinh'] }),
      )
      .then([ev.assigned({ supportingUnits: ['so-tai-chinh'] })]);
    expect(item).toMatchObject({
      status: 'assigned',
      leadUnit: 'so-noi-vu',
      supportingUnits: ['so-tai-chinh'],
      assignedAt: LATER,
      deadline: { original: '2026-01-10', current: '2026-01-10' },
    });
  });

  it('uses the deadline requested at raise when the assignment names none', () => {
    given([ev.raised({ requestedDeadline: { type: 'calendar-days', days: 6 } })])
      .when(assign())
      // Mon 5 Jan + 6 calendar days = Sun 11 Jan, a rest day: moved to Mon 12 Jan.
      .then([
        ev.assigned({
          deadline: { type: 'calendar-days', days: 6 },
          deadlineSource: 'requested',
          dueDate: '2026-01-12',
        }),
      ]);
  });

  it('gives no due date when no deadline was requested or given', () => {
    const item = given(histories.raised())
      .when(assign())
      .then([
        ev.assigned({ deadline: { type: 'none' }, deadlineSource: 'requested', dueDate: null }),
      ]);
    expect(item.deadline).toMatchObject({ spec: { type: 'none' }, original: null, current: null });
  });

  it('reassigns to another unit keeping the current due date; the new lead has not started', () => {
    const item = given(histories.inProgress())
      .when(assign({ leadUnit: 'so-tai-chinh' }), { now: THU })
      .then([
        ev.assigned({
          leadUnit: 'so-tai-chinh',
          reassigned: true,
          previousLeadUnit: 'so-noi-vu',
          deadlineSource: 'kept',
          occurredAt: THU,
        }),
      ]);
    expect(item).toMatchObject({ status: 'assigned', acknowledgedAt: null });
    expect(item.deadline).toMatchObject({ original: '2026-01-10', current: '2026-01-10' });
  });

  it('keeps the work going when the same lead is reassigned with other supporting units', () => {
    const item = given(histories.inProgress())
      .when(assign({ supportingUnits: ['so-xay-dung'] }))
      .then([
        ev.assigned({
          supportingUnits: ['so-xay-dung'],
          reassigned: true,
          previousLeadUnit: 'so-noi-vu',
          deadlineSource: 'kept',
        }),
      ]);
    expect(item.status).toBe('in-progress');
  });

  it('a new deadline on reassignment moves only the current due date', () => {
    const item = given(histories.inProgress())
      .when(assign({ deadline: { type: 'date', date: '2026-01-31' } }))
      .then([
        ev.assigned({
          reassigned: true,
          previousLeadUnit: 'so-noi-vu',
          deadline: { type: 'date', date: '2026-01-31' },
          // Sat 31 Jan 2026 is a rest day: the deadline moves to Mon 2 Feb.
          dueDate: '2026-02-02',
        }),
      ]);
    expect(item.deadline).toMatchObject({ original: '2026-01-10', current: '2026-02-02' });
  });

  it('a first deadline given on reassignment is also the original one', () => {
    const history = [ev.raised(), ev.assigned({ deadline: { type: 'none' }, dueDate: null })];
    const item = given(history)
      .when(assign({ deadline: { type: 'working-days', days: 5 } }))
      .then([ev.assigned({ reassigned: true, previousLeadUnit: 'so-noi-vu' })]);
    expect(item.deadline).toMatchObject({ original: '2026-01-10', current: '2026-01-10' });
  });

  it('reassigns after a return: a reassignment whose previous lead is the one that returned it', () => {
    given([...histories.assigned(), ev.returned()])
      .when(assign({ leadUnit: 'so-tai-chinh' }))
      .then([
        ev.assigned({
          leadUnit: 'so-tai-chinh',
          reassigned: true,
          previousLeadUnit: null,
          deadlineSource: 'kept',
        }),
      ]);
  });

  it('replay reads the stored due date and never recomputes it with today’s calendar', () => {
    // Suppose 12 Jan 2026 were declared a holiday later: the stored due date still stands.
    const item = itemAfter([ev.raised(), ev.assigned({ dueDate: '2026-01-12' })]);
    expect(item.deadline.current).toBe('2026-01-12');
  });

  it('computes with the calendar given in the context', () => {
    const noSwaps = new WorkingCalendar({});
    given(histories.raised())
      .when(assign({ deadline: { type: 'working-days', days: 5 } }), { calendar: noSwaps })
      .then([ev.assigned({ dueDate: '2026-01-12' })]);
  });

  it('fails loudly when a command that computes a due date is decided without the calendar', () => {
    expect(() =>
      decide(
        assign({ deadline: { type: 'working-days', days: 5 } }),
        itemAfter(histories.raised()),
        { now: LATER, calendar: CALENDAR_NOT_LOADED },
      ),
    ).toThrow(/COMMANDS_USING_CALENDAR/);
  });

  it('refuses a lead unit that is also supporting', () => {
    given(histories.raised())
      .when(assign({ supportingUnits: ['so-tai-chinh', 'so-noi-vu'] }))
      .thenThrows('ITEM.LEAD_UNIT_ALSO_SUPPORTING', 'invalid');
  });

  it.each([
    ['an empty lead unit', { leadUnit: '' }],
    ['a bad deadline', { deadline: { type: 'working-days', days: 1.5 } }],
    ['a blank supporting unit', { supportingUnits: [' '] }],
  ])('refuses %s', (_, patch) => {
    given(histories.raised())
      .when(assign(patch as never))
      .thenThrows('VALIDATION', 'invalid');
  });

  it.each([
    ['awaiting review', histories.awaitingReview()],
    ['resolved', histories.resolved()],
  ])('refuses to assign an item %s', (_, history) => {
    given(history).when(assign()).thenThrows('ITEM.ILLEGAL_TRANSITION', 'conflict');
  });
});

describe('AcknowledgeItem', () => {
  const acknowledge: ItemCommand = { type: 'AcknowledgeItem', data: { itemId } };

  it('starts the work of an assigned item', () => {
    const item = given(histories.assigned()).when(acknowledge).then([ev.acknowledged()]);
    expect(item).toMatchObject({ status: 'in-progress', acknowledgedAt: LATER });
  });

  it.each([
    ['unassigned', histories.raised()],
    ['already in progress', histories.inProgress()],
    ['awaiting review', histories.awaitingReview()],
    ['resolved', histories.resolved()],
  ])('refuses an item %s', (_, history) => {
    given(history).when(acknowledge).thenThrows('ITEM.ILLEGAL_TRANSITION', 'conflict');
  });
});

describe('ReturnItem', () => {
  const giveBack: ItemCommand = {
    type: 'ReturnItem',
    data: { itemId, reason: 'Không thuộc thẩm quyền' },
  };

  it.each([
    ['assigned', histories.assigned()],
    ['in progress', histories.inProgress()],
  ])('hands an item %s back, unassigned, keeping its due date', (_, history) => {
    const item = given(history).when(giveBack).then([ev.returned()]);
    expect(item).toMatchObject({
      status: 'raised',
      leadUnit: null,
      supportingUnits: [],
      assignedAt: null,
      deadline: { current: '2026-01-10' },
    });
  });

  it('refuses without a reason', () => {
    given(histories.assigned())
      .when({ type: 'ReturnItem', data: { itemId, reason: '' } })
      .thenThrows('VALIDATION');
  });

  it.each([
    ['unassigned', histories.raised()],
    ['awaiting review', histories.awaitingReview()],
    ['resolved', histories.resolved()],
  ])('refuses an item %s', (_, history) => {
    given(history).when(giveBack).thenThrows('ITEM.ILLEGAL_TRANSITION', 'conflict');
  });
});

describe('ReportProgress', () => {
  const report = (percent?: number): ItemCommand => ({
    type: 'ReportProgress',
    data: { itemId, note: 'Đang rà soát', ...(percent === undefined ? {} : { percent }) },
  });

  it('starts an assigned item without an acknowledgement', () => {
    const item = given(histories.assigned())
      .when(report(40))
      .then([ev.progress({ percent: 40 })]);
    expect(item).toMatchObject({
      status: 'in-progress',
      acknowledgedAt: null,
      progress: { note: 'Đang rà soát', percent: 40, reportedAt: LATER },
    });
  });

  it('is accepted while a completion report awaits review', () => {
    const item = given(histories.awaitingReview()).when(report()).then([ev.progress()]);
    expect(item.status).toBe('awaiting-review');
  });

  it.each([[-1], [101], [12.5]])('refuses %p percent', (percent) => {
    given(histories.inProgress()).when(report(percent)).thenThrows('VALIDATION');
  });

  it('refuses an empty note', () => {
    given(histories.inProgress())
      .when({ type: 'ReportProgress', data: { itemId, note: '' } })
      .thenThrows('VALIDATION');
  });

  it.each([
    ['unassigned', histories.raised()],
    ['resolved', histories.resolved()],
  ])('refuses an item %s', (_, history) => {
    given(history).when(report()).thenThrows('ITEM.ILLEGAL_TRANSITION', 'conflict');
  });
});

describe('RequestExtension', () => {
  const request = (proposedDueDate = '2026-01-20'): ItemCommand => ({
    type: 'RequestExtension',
    data: { itemId, proposedDueDate, reason: 'Chờ số liệu' },
  });

  it('records a pending request and starts an assigned item', () => {
    const item = given(histories.assigned()).when(request()).then([ev.extensionRequested()]);
    expect(item).toMatchObject({
      status: 'in-progress',
      pendingExtension: { requestedAt: LATER, proposedDueDate: '2026-01-20' },
      deadline: {
        current: '2026-01-10',
        extensions: [
          {
            requestedAt: LATER,
            proposedDueDate: '2026-01-20',
            reason: 'Chờ số liệu',
            decision: null,
          },
        ],
      },
    });
  });

  it('allows one pending request at a time', () => {
    given([...histories.inProgress(), ev.extensionRequested()])
      .when(request('2026-01-30'))
      .thenThrows('ITEM.EXTENSION_ALREADY_PENDING', 'conflict');
  });

  it("lets a new lead unit ask for itself: the former lead's undecided request lapses", () => {
    const handedOver = [
      ...histories.inProgress(),
      ev.extensionRequested(),
      ev.assigned({
        leadUnit: 'so-y-te',
        reassigned: true,
        previousLeadUnit: 'so-noi-vu',
        deadlineSource: 'kept',
      }),
    ];
    expect(itemAfter(handedOver).pendingExtension).toBeNull();
    given(handedOver)
      .when(request('2026-01-30'))
      .then([ev.extensionRequested({ proposedDueDate: '2026-01-30' })]);
    given(handedOver)
      .when({ type: 'DecideExtension', data: { itemId, approve: true } })
      .thenThrows('ITEM.NO_PENDING_EXTENSION', 'conflict');
    expect(
      itemAfter([...histories.inProgress(), ev.extensionRequested(), ev.returned()])
        .pendingExtension,
    ).toBeNull();
    // The same lead, reassigned (say, new supporting units), keeps its request.
    const sameLead = [
      ...histories.inProgress(),
      ev.extensionRequested(),
      ev.assigned({ reassigned: true, deadlineSource: 'kept' }),
    ];
    expect(itemAfter(sameLead).pendingExtension).not.toBeNull();
  });

  it('allows a new request once the previous one is decided', () => {
    given([...histories.inProgress(), ev.extensionRequested(), ev.extensionDecided()])
      .when(request('2026-01-30'))
      .then([
        ev.extensionRequested({ proposedDueDate: '2026-01-30', currentDueDate: '2026-01-20' }),
      ]);
  });

  it('refuses on an item without a due date', () => {
    given([ev.raised(), ev.assigned({ deadline: { type: 'none' }, dueDate: null })])
      .when(request())
      .thenThrows('ITEM.NO_DEADLINE', 'conflict');
  });

  it.each([['2026-01-10'], ['2026-01-09']])(
    'refuses a proposed date (%s) that is not after the current due date',
    (date) => {
      given(histories.inProgress())
        .when(request(date))
        .thenThrows('ITEM.EXTENSION_NOT_LATER', 'invalid');
    },
  );

  it('refuses an impossible date and a missing reason', () => {
    given(histories.inProgress()).when(request('2026-13-01')).thenThrows('VALIDATION');
    given(histories.inProgress())
      .when({
        type: 'RequestExtension',
        data: { itemId, proposedDueDate: '2026-01-20', reason: ' ' },
      })
      .thenThrows('VALIDATION');
  });

  it.each([
    ['unassigned', histories.raised()],
    ['awaiting review', histories.awaitingReview()],
    ['resolved', histories.resolved()],
  ])('refuses an item %s', (_, history) => {
    given(history).when(request()).thenThrows('ITEM.ILLEGAL_TRANSITION', 'conflict');
  });
});

describe('DecideExtension', () => {
  const pending = () => [...histories.inProgress(), ev.extensionRequested()];
  const decideIt = (data: {
    approve: boolean;
    dueDate?: string;
    reason?: string;
  }): ItemCommand => ({
    type: 'DecideExtension',
    data: { itemId, ...data },
  });

  it('approves the proposed date: the current deadline moves, the original stays', () => {
    const item = given(pending())
      .when(decideIt({ approve: true }), { now: THU })
      .then([ev.extensionDecided({ occurredAt: THU })]);
    expect(item.pendingExtension).toBeNull();
    expect(item.deadline).toEqual({
      spec: { type: 'working-days', days: 5 },
      original: '2026-01-10',
      current: '2026-01-20',
      extensions: [
        {
          requestedAt: LATER,
          proposedDueDate: '2026-01-20',
          reason: 'Chờ số liệu',
          decision: { approved: true, dueDate: '2026-01-20', decidedAt: THU, reason: null },
        },
      ],
    });
  });

  it('approves another date than proposed, moved off a rest day', () => {
    given(pending())
      .when(decideIt({ approve: true, dueDate: '2026-02-15', reason: 'Sau Tết' }))
      // Sun 15 Feb 2026 is in the Tet break, which ends Sun 22 Feb.
      .then([ev.extensionDecided({ dueDate: '2026-02-23', reason: 'Sau Tết' })]);
  });

  it('rejects: the current deadline is unchanged and the request is closed', () => {
    const item = given(pending())
      .when(decideIt({ approve: false, reason: 'Không có căn cứ' }))
      .then([ev.extensionDecided({ approved: false, dueDate: null, reason: 'Không có căn cứ' })]);
    expect(item.deadline).toMatchObject({ original: '2026-01-10', current: '2026-01-10' });
    expect(item.deadline.extensions[0].decision).toMatchObject({ approved: false, dueDate: null });
    expect(item.pendingExtension).toBeNull();
  });

  it('requires a pending request', () => {
    given(histories.inProgress())
      .when(decideIt({ approve: true }))
      .thenThrows('ITEM.NO_PENDING_EXTENSION', 'conflict');
    given([...pending(), ev.extensionDecided()])
      .when(decideIt({ approve: true }))
      .thenThrows('ITEM.NO_PENDING_EXTENSION', 'conflict');
  });

  it('refuses to approve a date that is not after the current due date', () => {
    given(pending())
      .when(decideIt({ approve: true, dueDate: '2026-01-09' }))
      .thenThrows('ITEM.EXTENSION_NOT_LATER', 'invalid');
  });

  it('refuses a due date with a rejection, an impossible date and a non-boolean approve', () => {
    given(pending())
      .when(decideIt({ approve: false, dueDate: '2026-01-20' }))
      .thenThrows('VALIDATION');
    given(pending())
      .when(decideIt({ approve: true, dueDate: '20/01/2026' }))
      .thenThrows('VALIDATION');
    given(pending())
      .when(decideIt({ approve: 'yes' as never }))
      .thenThrows('VALIDATION');
  });

  it('refuses on a resolved item', () => {
    given([...pending(), ev.resolved()])
      .when(decideIt({ approve: true }))
      .thenThrows('ITEM.ILLEGAL_TRANSITION', 'conflict');
  });
});

describe('AnswerRecommendation', () => {
  const answerIt = (onTheSpot?: boolean): ItemCommand => ({
    type: 'AnswerRecommendation',
    data: {
      itemId,
      response: 'Sở Nội vụ trả lời trực tiếp tại buổi làm việc',
      ...(onTheSpot === undefined ? {} : { onTheSpot, documentRef: 'BB-25-12' }),
    },
  });

  it('answers without resolving: the recommendation is still in progress', () => {
    const item = given(histories.assigned())
      .when(answerIt(true))
      .then([
        ev.answered({
          response: 'Sở Nội vụ trả lời trực tiếp tại buổi làm việc',
          onTheSpot: true,
          documentRef: 'BB-25-12',
        }),
      ]);
    expect(item).toMatchObject({
      status: 'in-progress',
      answered: true,
      outcome: null,
      answer: { onTheSpot: true, answeredAt: LATER },
    });
  });

  it('defaults onTheSpot to false', () => {
    given(histories.inProgress())
      .when(answerIt())
      .then([ev.answered({ response: 'Sở Nội vụ trả lời trực tiếp tại buổi làm việc' })]);
  });

  it('is for recommendations only', () => {
    given([ev.directiveRaised(), ev.assigned()])
      .when(answerIt())
      .thenThrows('ITEM.NOT_A_RECOMMENDATION', 'conflict');
  });

  it('refuses an empty response', () => {
    given(histories.inProgress())
      .when({ type: 'AnswerRecommendation', data: { itemId, response: '' } })
      .thenThrows('VALIDATION');
  });

  it.each([
    ['unassigned', histories.raised()],
    ['resolved', histories.resolved()],
  ])('refuses a recommendation %s', (_, history) => {
    given(history).when(answerIt()).thenThrows('ITEM.ILLEGAL_TRANSITION', 'conflict');
  });
});

describe('ReportCompletion', () => {
  const complete: ItemCommand = {
    type: 'ReportCompletion',
    data: { itemId, summary: 'Đã hoàn thành', documentRef: 'CV-123' },
  };

  it.each([
    ['assigned', histories.assigned()],
    ['in progress', histories.inProgress()],
  ])('puts an item %s up for review', (_, history) => {
    const item = given(history)
      .when(complete, { now: THU })
      .then([ev.completionReported({ documentRef: 'CV-123', occurredAt: THU })]);
    expect(item).toMatchObject({ status: 'awaiting-review', completionReportedAt: THU });
  });

  it('refuses an empty summary', () => {
    given(histories.inProgress())
      .when({ type: 'ReportCompletion', data: { itemId, summary: '' } })
      .thenThrows('VALIDATION');
  });

  it.each([
    ['unassigned', histories.raised()],
    ['already awaiting review', histories.awaitingReview()],
    ['resolved', histories.resolved()],
  ])('refuses an item %s', (_, history) => {
    given(history).when(complete).thenThrows('ITEM.ILLEGAL_TRANSITION', 'conflict');
  });
});

describe('ReviewCompletion', () => {
  const reviewIt = (verdict: 'accept' | 'return', comment?: string): ItemCommand => ({
    type: 'ReviewCompletion',
    data: { itemId, verdict, ...(comment === undefined ? {} : { comment }) },
  });
  const reported = () => [...histories.inProgress(), ev.completionReported({ occurredAt: THU })];
  const FRI_NEXT_WEEK = '2026-01-16T02:00:00.000Z';

  it('accepts: resolved as completed at the time the completion was reported', () => {
    const item = given(reported())
      .when(reviewIt('accept', 'Đạt'), { now: FRI_NEXT_WEEK })
      .then([
        ev.reviewed({ comment: 'Đạt', occurredAt: FRI_NEXT_WEEK }),
        ev.resolved({ note: 'Đạt', completedAt: THU, viaReview: true, occurredAt: FRI_NEXT_WEEK }),
      ]);
    expect(item).toMatchObject({
      status: 'resolved',
      outcome: 'completed',
      completedAt: THU,
      resolvedAt: FRI_NEXT_WEEK,
    });
  });

  it('returns for rework: back in progress', () => {
    const item = given(reported())
      .when(reviewIt('return', 'Thiếu số liệu'), { now: FRI_NEXT_WEEK })
      .then([
        ev.reviewed({ verdict: 'return', comment: 'Thiếu số liệu', occurredAt: FRI_NEXT_WEEK }),
      ]);
    expect(item).toMatchObject({ status: 'in-progress', outcome: null, completedAt: null });
  });

  it('refuses an unknown verdict', () => {
    given(reported())
      .when(reviewIt('maybe' as never), { now: FRI_NEXT_WEEK })
      .thenThrows('VALIDATION');
  });

  it.each([
    ['unassigned', histories.raised()],
    ['assigned', histories.assigned()],
    ['in progress', histories.inProgress()],
    ['resolved', histories.resolved()],
  ])('refuses an item %s: no completion report awaits review', (_, history) => {
    given(history).when(reviewIt('accept')).thenThrows('ITEM.NO_COMPLETION_REPORT', 'conflict');
  });
});

describe('ResolveItem', () => {
  const resolveIt = (outcome: string, note = 'Đã xử lý'): ItemCommand =>
    ({ type: 'ResolveItem', data: { itemId, outcome, note } }) as ItemCommand;

  it('resolves as completed at the time of the act when no report was accepted', () => {
    const item = given(histories.awaitingReview())
      .when(resolveIt('completed'), { now: THU })
      .then([ev.resolved({ note: 'Đã xử lý', completedAt: THU, occurredAt: THU })]);
    expect(item).toMatchObject({ status: 'resolved', completedAt: THU, resolvedAt: THU });
  });

  it.each([['not-feasible'], ['forwarded'], ['duplicate']])(
    'resolves as %s with no completion time',
    (outcome) => {
      const item = given(histories.inProgress())
        .when(resolveIt(outcome))
        .then([ev.resolved({ outcome: outcome as never, note: 'Đã xử lý', completedAt: null })]);
      expect(item).toMatchObject({ status: 'resolved', outcome, completedAt: null });
    },
  );

  it('resolves an unassigned item (a duplicate, say)', () => {
    given(histories.raised())
      .when(resolveIt('duplicate', 'Trùng kiến nghị 12'))
      .then([ev.resolved({ outcome: 'duplicate', note: 'Trùng kiến nghị 12', completedAt: null })]);
  });

  it('refuses an unknown outcome and an empty note', () => {
    given(histories.inProgress()).when(resolveIt('done')).thenThrows('VALIDATION');
    given(histories.inProgress()).when(resolveIt('completed', '')).thenThrows('VALIDATION');
  });

  it('refuses an item already resolved', () => {
    given(histories.resolved())
      .when(resolveIt('completed'))
      .thenThrows('ITEM.ILLEGAL_TRANSITION', 'conflict');
  });
});

describe('ReopenItem', () => {
  const reopenIt: ItemCommand = { type: 'ReopenItem', data: { itemId, reason: 'Chưa đạt' } };

  it('reopens a resolved item: back in progress, resolution cleared, answer kept', () => {
    const history = [...histories.inProgress(), ev.answered(), ev.resolved()];
    const item = given(history).when(reopenIt).then([ev.reopened()]);
    expect(item).toMatchObject({
      status: 'in-progress',
      outcome: null,
      completedAt: null,
      resolvedAt: null,
      answered: true,
      leadUnit: 'so-noi-vu',
    });
  });

  it('reopens an item resolved before it was assigned as unassigned', () => {
    const item = given([ev.raised(), ev.resolved({ outcome: 'duplicate', completedAt: null })])
      .when(reopenIt)
      .then([ev.reopened()]);
    expect(item.status).toBe('raised');
  });

  it('refuses without a reason', () => {
    given(histories.resolved())
      .when({ type: 'ReopenItem', data: { itemId, reason: '' } })
      .thenThrows('VALIDATION');
  });

  it.each([
    ['unassigned', histories.raised()],
    ['in progress', histories.inProgress()],
    ['awaiting review', histories.awaitingReview()],
  ])('refuses an item %s', (_, history) => {
    given(history).when(reopenIt).thenThrows('ITEM.ILLEGAL_TRANSITION', 'conflict');
  });
});

describe('CancelItem', () => {
  const cancelIt: ItemCommand = { type: 'CancelItem', data: { itemId, reason: 'Rút lại' } };

  it.each([
    ['raised', histories.raised()],
    ['assigned', histories.assigned()],
    ['in-progress', histories.inProgress()],
    ['awaiting-review', histories.awaitingReview()],
  ])('cancels an item that is %s', (_, history) => {
    const item = given(history).when(cancelIt).then([ev.cancelled()]);
    expect(item).toMatchObject({ status: 'cancelled', cancelledAt: LATER });
  });

  it('refuses without a reason', () => {
    given(histories.raised())
      .when({ type: 'CancelItem', data: { itemId, reason: '' } })
      .thenThrows('VALIDATION');
  });

  it('refuses a resolved item', () => {
    given(histories.resolved()).when(cancelIt).thenThrows('ITEM.ILLEGAL_TRANSITION', 'conflict');
  });
});

describe('the whole workflow', () => {
  it('folds to plain JSON data that survives a round trip', () => {
    const item = itemAfter([
      ev.raised(),
      ev.assigned({ supportingUnits: ['so-tai-chinh'] }),
      ev.progress({ percent: 50 }),
      ev.extensionRequested(),
      ev.extensionDecided(),
      ev.answered(),
      ev.completionReported(),
      ev.reviewed(),
      ev.resolved({ viaReview: true }),
    ]);
    expect(JSON.parse(JSON.stringify(item))).toEqual(item);
  });

  it('names every event type it can produce', () => {
    expect(ITEM_EVENT_TYPES).toHaveLength(16);
    expect(new Set(ITEM_EVENT_TYPES).size).toBe(16);
  });
});

/** One valid command of every type but RaiseItem, for the checks every command shares. */
function allCommandsButRaise(): ItemCommand[] {
  return [
    { type: 'AssignItem', data: { itemId, leadUnit: 'so-noi-vu' } },
    { type: 'AcknowledgeItem', data: { itemId } },
    { type: 'ReturnItem', data: { itemId, reason: 'r' } },
    { type: 'ReportProgress', data: { itemId, note: 'n' } },
    { type: 'RequestExtension', data: { itemId, proposedDueDate: '2026-02-27', reason: 'r' } },
    { type: 'DecideExtension', data: { itemId, approve: true } },
    { type: 'AnswerRecommendation', data: { itemId, response: 'r' } },
    { type: 'ReportCompletion', data: { itemId, summary: 's' } },
    { type: 'ReviewCompletion', data: { itemId, verdict: 'accept' } },
    { type: 'ResolveItem', data: { itemId, outcome: 'completed', note: 'n' } },
    { type: 'ReopenItem', data: { itemId, reason: 'r' } },
    { type: 'CancelItem', data: { itemId, reason: 'r' } },
    { type: 'UrgeItem', data: { itemId, note: 'n' } },
  ];
}

describe('acts entered late stay in business-time order', () => {
  const completeIt: ItemCommand = {
    type: 'ReportCompletion',
    data: { itemId, summary: 'Xong', documentRef: 'CV-1' },
  };
  const WED = '2026-01-07T02:00:00.000Z';

  it('refuses a completion dated before the assignment it completes (409)', () => {
    const error = given([ev.raised(), ev.assigned({ occurredAt: THU })])
      .when(completeIt, { now: LATER })
      .thenThrows('ITEM.ACT_OUT_OF_ORDER', 'conflict');
    expect(error.details).toMatchObject({
      lastActAt: THU,
      errors: [{ field: 'occurredAt', message: `must not be before ${THU}` }],
    });
  });

  it('refuses a completion dated before the last progress report', () => {
    given([...histories.inProgress(), ev.progress({ occurredAt: THU })])
      .when(completeIt, { now: WED })
      .thenThrows('ITEM.ACT_OUT_OF_ORDER', 'conflict');
  });

  it('refuses a review dated before the completion it reviews', () => {
    given([...histories.inProgress(), ev.completionReported({ occurredAt: THU })])
      .when({ type: 'ReviewCompletion', data: { itemId, verdict: 'accept' } }, { now: WED })
      .thenThrows('ITEM.ACT_OUT_OF_ORDER', 'conflict');
  });

  it('accepts an act dated late but not before the last one, and a minute of clock skew', () => {
    const history = [...histories.inProgress(), ev.progress({ occurredAt: THU })];
    const skewed = '2026-01-08T01:59:00.000Z';
    given(history)
      .when(completeIt, { now: skewed })
      .then([ev.completionReported({ summary: 'Xong', documentRef: 'CV-1', occurredAt: skewed })]);
  });

  it('lets the office record an urge dated before the last act; urges move nothing', () => {
    const history = [...histories.inProgress(), ev.progress({ occurredAt: THU })];
    const item = given(history)
      .when({ type: 'UrgeItem', data: { itemId, note: 'Khẩn trương' } }, { now: WED })
      .then([ev.urged({ note: 'Khẩn trương', occurredAt: WED })]);
    expect(item.lastActAt).toBe(THU);
  });
});

describe('progress reports per item and day', () => {
  const reportIt = (note: string): ItemCommand => ({
    type: 'ReportProgress',
    data: { itemId, note },
  });
  const fullDay = () => [
    ...histories.inProgress(),
    ...Array.from({ length: PROGRESS_REPORTS_PER_DAY }, (_, i) =>
      ev.progress({ note: `n${i}`, occurredAt: THU }),
    ),
  ];

  it(`refuses the report after ${PROGRESS_REPORTS_PER_DAY} on one day with a stable code`, () => {
    const error = given(fullDay())
      .when(reportIt('one more'), { now: '2026-01-08T09:00:00.000Z' })
      .thenThrows('ITEM.PROGRESS_LIMIT', 'conflict');
    expect(error.details).toMatchObject({ day: '2026-01-08', limit: PROGRESS_REPORTS_PER_DAY });
  });

  it('starts afresh on the next local day (Asia/Ho_Chi_Minh)', () => {
    const nextLocalDay = '2026-01-08T17:00:00.000Z';
    given(fullDay())
      .when(reportIt('next day'), { now: nextLocalDay })
      .then([ev.progress({ note: 'next day', percent: null, occurredAt: nextLocalDay })]);
  });
});

describe('an answer given on the spot at the session', () => {
  it('may be dated before the routing that followed it', () => {
    given([ev.raised({ kind: 'recommendation' }), ev.assigned({ occurredAt: THU })])
      .when(
        {
          type: 'AnswerRecommendation',
          data: { itemId, response: 'Trả lời tại hội nghị', onTheSpot: true },
        },
        { now: LATER },
      )
      .then([
        ev.answered({
          response: 'Trả lời tại hội nghị',
          onTheSpot: true,
          documentRef: null,
          occurredAt: LATER,
        }),
      ]);
  });
});
