import fc from 'fast-check';
import {
  addDays,
  compareLocalDates,
  dateRange,
  daysBetween,
  endOfLocalDayUtc,
  isValidInstant,
  isValidLocalDate,
  startOfLocalDayUtc,
  toLocalDate,
  weekday,
} from './local-date';

describe('local dates in Asia/Ho_Chi_Minh (UTC+7, no DST)', () => {
  it('reads an instant as the Hà Nội date, which turns at 17:00 UTC', () => {
    expect(toLocalDate('2025-12-31T16:59:59.999Z')).toBe('2025-12-31');
    expect(toLocalDate('2025-12-31T17:00:00.000Z')).toBe('2026-01-01');
    expect(toLocalDate('2026-01-01T00:30:00+07:00')).toBe('2026-01-01');
    expect(toLocalDate('2026-06-30T23:00:00-05:00')).toBe('2026-07-01');
  });

  it('ends a day at 24:00 local, the next day’s 00:00, and starts it at 00:00 local', () => {
    expect(endOfLocalDayUtc('2026-02-23')).toBe('2026-02-23T17:00:00.000Z');
    expect(startOfLocalDayUtc('2026-02-23')).toBe('2026-02-22T17:00:00.000Z');
    expect(toLocalDate(endOfLocalDayUtc('2026-02-23'))).toBe('2026-02-24');
  });

  it('validates dates, leap days included', () => {
    expect(isValidLocalDate('2024-02-29')).toBe(true);
    expect(isValidLocalDate('2026-02-29')).toBe(false);
    expect(isValidLocalDate('2026-2-01')).toBe(false);
    expect(isValidLocalDate('2026-04-31')).toBe(false);
    expect(isValidLocalDate(20260101)).toBe(false);
  });

  it('accepts only instants that name their offset', () => {
    expect(isValidInstant('2026-01-05T09:00:00+07:00')).toBe(true);
    expect(isValidInstant('2026-01-05T02:00:00.123Z')).toBe(true);
    expect(isValidInstant('2026-01-05T09:00:00')).toBe(false);
    expect(isValidInstant('2026-01-05')).toBe(false);
    expect(isValidInstant('2026-13-05T09:00:00Z')).toBe(false);
    expect(() => toLocalDate('yesterday')).toThrow(RangeError);
  });

  it('adds days across months and years, and counts them back', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2025-12-25', '2026-03-31')).toBe(96);
    expect(daysBetween('2026-03-31', '2025-12-25')).toBe(-96);
  });

  it('knows weekdays and orders dates', () => {
    expect(weekday('2025-12-31')).toBe(3); // Wednesday
    expect(weekday('2026-01-10')).toBe(6); // Saturday
    expect(weekday('2026-04-26')).toBe(0); // Sunday
    expect(compareLocalDates('2026-01-09', '2026-01-10')).toBe(-1);
    expect(compareLocalDates('2026-01-10', '2026-01-10')).toBe(0);
    expect(dateRange('2026-02-14', '2026-02-22')).toHaveLength(9);
  });

  it('addDays and daysBetween are inverse', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: -800, max: 800 }),
        (o, n) => {
          const start = addDays('2024-01-01', o);
          return daysBetween(start, addDays(start, n)) === n;
        },
      ),
    );
  });
});
