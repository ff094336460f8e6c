import fc from 'fast-check';
import { ev, itemAfter } from '../follow-up/item.test-kit';
import { daysOverdue, timelinessOf } from '../follow-up/timeliness';
import { DEFAULT_CALENDAR } from '../shared/calendar/default-calendar';
import { addDays } from '../shared/calendar/local-date';
import { dayNumber, daysLate, judgementAt, judgeOpen } from './timeliness-clock';

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
