import fc from 'fast-check';
import { ev, itemAfter } from '../item.test-kit';
import { daysOverdue, timelinessOf } from '../timeliness';
import { DEFAULT_CALENDAR } from '../../shared/calendar/default-calendar';
import { addDays } from '../../shared/calendar/local-date';
import { dayNumber, daysLate, judgementAt, judgementKey, judgeOpen } from './timeliness-clock';

describe('timeliness with day numbers', () => {
  const start = Date.parse('2025-12-01T00:00:00+07:00');
  const instant = fc
    .integer({ min: 0, max: 200 * 24 * 60 })
    // Whole minutes, with many exactly at local midnight, where "end of day" bites.
    .map((m) => start + (m % 7 === 0 ? Math.floor(m / 1440) * 1440 : m) * 60_000);
  const due = fc.integer({ min: 0, max: 200 }).map((d) => addDays('2025-12-01', d));

  it('judges an open item as timelinessOf and daysOverdue do', () => {
    fc.assert(
      fc.property(instant, due, (atMs, dueDate) => {
        const item = itemAfter([
          ev.raised({ occurredAt: '2025-11-01T00:00:00Z' }),
          ev.assigned({ occurredAt: '2025-11-01T00:00:00Z', dueDate }),
        ]);
        const asOf = new Date(atMs).toISOString();
        const at = judgementAt(atMs, DEFAULT_CALENDAR);
        const judged = judgeOpen(dayNumber(dueDate), at);
        expect(judged).toBe(timelinessOf(item, asOf, DEFAULT_CALENDAR));
        const days = judged === 'overdue' ? daysLate(dayNumber(dueDate), at) : 0;
        expect(days).toBe(daysOverdue(item, asOf));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('judgementKey', () => {
  it('gives instants the same key only when they are judged the same', () => {
    const day = Date.parse('2026-02-13T00:00:00+07:00');
    // Minutes around a few local days, midnights included; seconds too, so some fall just after.
    const instant = fc
      .tuple(fc.integer({ min: -3 * 1440, max: 3 * 1440 }), fc.constantFrom(0, 1, 59))
      .map(([minutes, seconds]) => day + minutes * 60_000 + seconds * 1_000);
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const { atMs: _a, ...judgedA } = judgementAt(a, DEFAULT_CALENDAR);
        const { atMs: _b, ...judgedB } = judgementAt(b, DEFAULT_CALENDAR);
        if (judgementKey(a) === judgementKey(b)) expect(judgedA).toEqual(judgedB);
      }),
      { numRuns: 2_000 },
    );
  });
});
