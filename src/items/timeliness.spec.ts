import { DEFAULT_CALENDAR } from '../shared/calendar/default-calendar';
import type { ItemEvent } from './item.events';
import { ev, itemAfter } from './item.test-kit';
import { daysOverdue, overdueBand, timelinessOf } from './timeliness';

const cal = DEFAULT_CALENDAR;
/** A local time in Hà Nội, as the ISO UTC instant the log stores. */
const local = (date: string, time = '09:00') => new Date(`${date}T${time}:00+07:00`).toISOString();

// Due Fri 6 Mar 2026.
const open = (...more: ItemEvent[]) =>
  itemAfter([ev.raised(), ev.assigned({ dueDate: '2026-03-06' }), ...more]);

describe('timelinessOf an open item', () => {
  it.each([
    ['2026-03-02', '09:00', 'on-time'], // Mon: 4 working days left
    ['2026-03-03', '09:00', 'due-soon'], // Tue: 3 left
    ['2026-03-06', '23:59', 'due-soon'], // the due day itself: 0 left
    ['2026-03-07', '00:00', 'due-soon'], // 24:00 of the due day is still on time
    ['2026-03-07', '00:01', 'overdue'],
  ])('on %s at %s local is %s', (date, time, expected) => {
    expect(timelinessOf(open(), local(date, time), cal)).toBe(expected);
  });

  it('is overdue one millisecond after 24:00 local of the due day', () => {
    expect(timelinessOf(open(), '2026-03-06T17:00:00.001Z', cal)).toBe('overdue');
    expect(daysOverdue(open(), '2026-03-06T17:00:00.001Z')).toBe(1);
  });

  it('counts "due soon" in working days, so the Tet break does not count', () => {
    const dueAfterTet = itemAfter([ev.raised(), ev.assigned({ dueDate: '2026-02-24' })]);
    expect(timelinessOf(dueAfterTet, local('2026-02-11'), cal)).toBe('on-time'); // 4 left
    expect(timelinessOf(dueAfterTet, local('2026-02-12'), cal)).toBe('due-soon'); // 13, 23, 24
  });

  it('keeps an item awaiting review open: it is completed only when the report is accepted', () => {
    const item = open(ev.completionReported({ occurredAt: local('2026-03-05') }));
    expect(timelinessOf(item, local('2026-03-10'), cal)).toBe('overdue');
  });

  it('judges an unassigned item that kept a due date after a return', () => {
    const item = open(ev.returned());
    expect(timelinessOf(item, local('2026-03-10'), cal)).toBe('overdue');
  });

  it('is neither on time nor late once cancelled, before or after its due date', () => {
    const item = open(ev.cancelled({ occurredAt: local('2026-03-04') }));
    for (const at of ['2026-03-04', '2026-04-01', '2027-01-01']) {
      expect(timelinessOf(item, local(at), cal)).toBe('cancelled');
      expect(daysOverdue(item, local(at))).toBe(0);
    }
  });
});

describe('timelinessOf a resolved item', () => {
  it('is completed on time when the accepted report came by 24:00 of the due day', () => {
    const item = open(
      ev.completionReported({ occurredAt: local('2026-03-06', '20:00') }),
      ev.reviewed({ occurredAt: local('2026-03-12') }),
      ev.resolved({
        completedAt: local('2026-03-06', '20:00'),
        viaReview: true,
        occurredAt: local('2026-03-12'),
      }),
    );
    expect(timelinessOf(item, local('2026-04-01'), cal)).toBe('completed-on-time');
    expect(daysOverdue(item, local('2026-04-01'))).toBe(0);
  });

  it('is completed late when the work was done after the due day', () => {
    const item = open(
      ev.resolved({ completedAt: local('2026-03-07', '08:00'), occurredAt: local('2026-03-07') }),
    );
    expect(timelinessOf(item, local('2026-04-01'), cal)).toBe('completed-late');
  });

  it('judges other outcomes by the time they were resolved', () => {
    const inTime = open(
      ev.resolved({ outcome: 'not-feasible', completedAt: null, occurredAt: local('2026-03-05') }),
    );
    const late = open(
      ev.resolved({ outcome: 'forwarded', completedAt: null, occurredAt: local('2026-03-10') }),
    );
    expect(timelinessOf(inTime, local('2026-04-01'), cal)).toBe('completed-on-time');
    expect(timelinessOf(late, local('2026-04-01'), cal)).toBe('completed-late');
  });
});

describe('no deadline', () => {
  it('is "no-deadline" whatever the status', () => {
    const none = { deadline: { type: 'none' as const }, dueDate: null };
    expect(timelinessOf(itemAfter([ev.raised()]), local('2026-03-01'), cal)).toBe('no-deadline');
    expect(
      timelinessOf(itemAfter([ev.raised(), ev.assigned(none)]), local('2026-03-01'), cal),
    ).toBe('no-deadline');
    expect(
      timelinessOf(
        itemAfter([ev.raised(), ev.assigned(none), ev.resolved()]),
        local('2026-03-01'),
        cal,
      ),
    ).toBe('no-deadline');
  });
});

describe('original and current deadline', () => {
  it('reports against either after an approved extension', () => {
    const item = open(
      ev.extensionRequested({ proposedDueDate: '2026-03-20', currentDueDate: '2026-03-06' }),
      ev.extensionDecided({
        dueDate: '2026-03-20',
        proposedDueDate: '2026-03-20',
        previousDueDate: '2026-03-06',
      }),
    );
    const asOf = local('2026-03-10');
    expect(timelinessOf(item, asOf, cal)).toBe('on-time');
    expect(timelinessOf(item, asOf, cal, 'original')).toBe('overdue');
    expect(daysOverdue(item, asOf)).toBe(0);
    expect(daysOverdue(item, asOf, 'original')).toBe(4);
  });
});

describe('overdue ageing bands', () => {
  it.each([
    [0, null],
    [1, '1-30'],
    [30, '1-30'],
    [31, '31-90'],
    [90, '31-90'],
    [91, 'over-90'],
  ])('%p days overdue is %p', (days, band) => {
    expect(overdueBand(days)).toBe(band);
  });

  it('counts calendar days past the due date', () => {
    expect(daysOverdue(open(), local('2026-04-05'))).toBe(30);
    expect(overdueBand(daysOverdue(open(), local('2026-04-06')))).toBe('31-90');
  });
});
