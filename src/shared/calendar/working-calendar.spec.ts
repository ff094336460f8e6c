import fc from 'fast-check';
import { DomainError } from '../domain-error';
import { DEFAULT_CALENDAR, DEFAULT_CALENDAR_DATA } from './default-calendar';
import { addDays, dateRange, weekday } from './local-date';
import { WorkingCalendar } from './working-calendar';

const cal = DEFAULT_CALENDAR;

describe('WorkingCalendar with the default 2025–2026 declarations', () => {
  it('works Monday to Friday and rests at weekends', () => {
    expect(cal.isWorkingDay('2026-03-02')).toBe(true); // Monday
    expect(cal.isWorkingDay('2026-03-06')).toBe(true); // Friday
    expect(cal.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2026-03-08')).toBe(false); // Sunday
  });

  it('knows the declared holidays and make-up Saturdays', () => {
    expect(cal.isWorkingDay('2026-01-02')).toBe(false); // Fri 2 Jan 2026, swapped
    expect(cal.isWorkingDay('2026-01-10')).toBe(true); // Sat 10 Jan 2026, make-up day
    expect(cal.isWorkingDay('2025-05-02')).toBe(false); // Fri 2 May 2025, swapped
    expect(cal.isWorkingDay('2025-04-26')).toBe(true); // Sat 26 Apr 2025, make-up day
    expect(cal.isWorkingDay('2025-04-07')).toBe(false); // Hùng Kings day 2025
    expect(cal.isWorkingDay('2026-04-27')).toBe(false); // Hùng Kings day 2026, compensated
    expect(cal.isWorkingDay('2025-09-01')).toBe(false);
    expect(cal.isWorkingDay('2026-09-02')).toBe(false);
    for (const d of dateRange('2025-01-27', '2025-01-31')) expect(cal.isWorkingDay(d)).toBe(false);
    for (const d of dateRange('2026-02-16', '2026-02-20')) expect(cal.isWorkingDay(d)).toBe(false);
    expect(cal.isWorkingDay('2026-02-13')).toBe(true); // the Friday before Tet 2026
    expect(cal.isWorkingDay('2026-02-23')).toBe(true); // the Monday after
  });

  it('declares only Saturdays as make-up days, each inside its year', () => {
    for (const [year, days] of Object.entries(DEFAULT_CALENDAR_DATA)) {
      for (const d of days.workingSaturdays) expect(weekday(d)).toBe(6);
      for (const d of [...days.holidays, ...days.workingSaturdays])
        expect(d.startsWith(year)).toBe(true);
    }
  });

  describe('Civil Code counting (arts. 147–148): from the day after the triggering event', () => {
    // Wed 31 Dec 2025, 15:00 local; the New Year break runs Thu 1 – Sun 4 Jan 2026.
    const NEW_YEARS_EVE = '2025-12-31T08:00:00.000Z';

    it('2 working days from Wed 31 Dec 2025 end on Tue 6 Jan 2026', () => {
      expect(cal.dueDateFor({ type: 'working-days', days: 2 }, NEW_YEARS_EVE)).toBe('2026-01-06');
    });

    it('the 6th working day is the make-up Saturday 10 Jan 2026, the 7th Mon 12 Jan', () => {
      expect(cal.dueDateFor({ type: 'working-days', days: 5 }, NEW_YEARS_EVE)).toBe('2026-01-09');
      expect(cal.dueDateFor({ type: 'working-days', days: 6 }, NEW_YEARS_EVE)).toBe('2026-01-10');
      expect(cal.dueDateFor({ type: 'working-days', days: 7 }, NEW_YEARS_EVE)).toBe('2026-01-12');
    });

    it('an act at 23:30 local counts from the next day; at 00:30 local, from the day after', () => {
      const friLate = '2026-01-09T16:30:00.000Z'; // Fri 9 Jan, 23:30 local
      const satEarly = '2026-01-09T17:30:00.000Z'; // Sat 10 Jan, 00:30 local
      expect(cal.dueDateFor({ type: 'working-days', days: 1 }, friLate)).toBe('2026-01-10');
      expect(cal.dueDateFor({ type: 'working-days', days: 1 }, satEarly)).toBe('2026-01-12');
    });

    it('working days skip the whole Tet 2026 break', () => {
      // Thu 12 Feb: Fri 13 Feb is the 1st, then Tet 14–22 Feb, Mon 23 the 2nd, Tue 24 the 3rd.
      expect(cal.dueDateFor({ type: 'working-days', days: 3 }, '2026-02-12')).toBe('2026-02-24');
    });

    it('a calendar-days deadline landing in Tet moves to Mon 23 Feb 2026', () => {
      // Thu 5 Feb + 10 days = Sun 15 Feb, inside the break.
      expect(cal.dueDateFor({ type: 'calendar-days', days: 10 }, '2026-02-05')).toBe('2026-02-23');
    });

    it('a calendar-days deadline landing on a Sunday moves to the Monday', () => {
      // Mon 2 Mar 2026 + 6 days = Sun 8 Mar.
      expect(cal.dueDateFor({ type: 'calendar-days', days: 6 }, '2026-03-02T03:00:00Z')).toBe(
        '2026-03-09',
      );
      // ... and one landing on a working day stays.
      expect(cal.dueDateFor({ type: 'calendar-days', days: 4 }, '2026-03-02T03:00:00Z')).toBe(
        '2026-03-06',
      );
    });

    it('60 calendar days (QĐ 30/2020) from the seed session of 25 Dec 2025', () => {
      // 25 Dec 2025 + 60 days = Mon 23 Feb 2026, the first working day after Tet.
      expect(cal.dueDateFor({ type: 'calendar-days', days: 60 }, '2025-12-25T09:00:00Z')).toBe(
        '2026-02-23',
      );
    });

    it('a fixed date on a rest day moves to the next working day; on a working day it stays', () => {
      expect(cal.dueDateFor({ type: 'date', date: '2026-02-17' }, '2026-01-05')).toBe('2026-02-23');
      expect(cal.dueDateFor({ type: 'date', date: '2026-04-26' }, '2026-01-05')).toBe('2026-04-28');
      expect(cal.dueDateFor({ type: 'date', date: '2026-03-31' }, '2026-01-05')).toBe('2026-03-31');
    });

    it("'none' has no due date", () => {
      expect(cal.dueDateFor({ type: 'none' }, '2026-01-05')).toBeNull();
    });

    it('refuses a trigger that is neither a date nor an instant', () => {
      expect(() => cal.dueDateFor({ type: 'none' }, 'soon')).toThrow(RangeError);
    });
  });

  describe('workingDaysBetween (what is left, for "due soon")', () => {
    it('counts the working days after the first date up to the second', () => {
      expect(cal.workingDaysBetween('2026-03-02', '2026-03-02')).toBe(0);
      expect(cal.workingDaysBetween('2026-03-02', '2026-03-05')).toBe(3); // Mon → Thu
      expect(cal.workingDaysBetween('2026-03-02', '2026-03-06')).toBe(4);
      expect(cal.workingDaysBetween('2026-02-13', '2026-02-24')).toBe(2); // across Tet
      expect(cal.workingDaysBetween('2026-01-08', '2026-01-12')).toBe(3); // Fri, Sat 10, Mon
      expect(cal.workingDaysBetween('2026-03-06', '2026-03-02')).toBe(-4);
    });

    it('agrees with counting day by day, across declared years and undeclared ones', () => {
      const byDay = (a: string, b: string) =>
        dateRange(addDays(a, 1), b).filter((d) => cal.isWorkingDay(d)).length;
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 120 }), (o, n) => {
          const a = addDays('2024-12-01', o);
          const b = addDays(a, n);
          return cal.workingDaysBetween(a, b) === byDay(a, b);
        }),
      );
    });

    it('addWorkingDays lands on a working day exactly n working days later', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 750 }), fc.integer({ min: 1, max: 300 }), (o, n) => {
          const from = addDays('2025-01-01', o);
          const due = cal.addWorkingDays(from, n);
          return cal.isWorkingDay(due) && cal.workingDaysBetween(from, due) === n;
        }),
      );
    });

    it('addWorkingDays stays exact when make-up Saturdays crowd the weeks it jumps over', () => {
      const saturdays = dateRange('2027-01-01', '2027-03-31').filter((d) => weekday(d) === 6);
      const crowded = new WorkingCalendar({
        '2027': { holidays: [], workingSaturdays: saturdays },
      });
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 40 }), (o, n) => {
          const from = addDays('2027-01-01', o);
          const due = crowded.addWorkingDays(from, n);
          const byDay = dateRange(addDays(from, 1), due).filter((d) => crowded.isWorkingDay(d));
          return byDay.length === n && (n === 0 || byDay[byDay.length - 1] === due);
        }),
      );
    });
  });

  describe('as data an administrator replaces', () => {
    it('treats an undeclared year as weekdays only', () => {
      expect(cal.year(2027)).toEqual({ holidays: [], workingSaturdays: [] });
      expect(cal.isWorkingDay('2027-01-01')).toBe(true); // a Friday, until 2027 is declared
    });

    it('replaces one year without changing the original calendar', () => {
      const next = cal.withYear(2027, { holidays: ['2027-01-01'], workingSaturdays: [] });
      expect(next.isWorkingDay('2027-01-01')).toBe(false);
      expect(cal.isWorkingDay('2027-01-01')).toBe(true);
      expect(next.years()).toEqual([2025, 2026, 2027]);
      expect(next.isWorkingDay('2026-01-10')).toBe(true);
    });

    it('round-trips through JSON, sorted and without duplicates', () => {
      const c = new WorkingCalendar({
        '2027': { holidays: ['2027-01-01', '2027-01-01'], workingSaturdays: [] },
      });
      expect(c.toJSON()).toEqual({ '2027': { holidays: ['2027-01-01'], workingSaturdays: [] } });
      expect(new WorkingCalendar(JSON.parse(JSON.stringify(cal))).toJSON()).toEqual(cal.toJSON());
    });

    it.each([
      ['a make-up day that is not a Saturday', { holidays: [], workingSaturdays: ['2027-01-08'] }],
      ['a date outside the year', { holidays: ['2026-12-31'], workingSaturdays: [] }],
      ['an impossible date', { holidays: ['2027-02-29'], workingSaturdays: [] }],
      ['a day both off and worked', { holidays: ['2027-01-09'], workingSaturdays: ['2027-01-09'] }],
    ])('refuses %s', (_, year) => {
      let caught: unknown;
      try {
        cal.withYear(2027, year);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect(caught).toMatchObject({ code: 'CALENDAR.INVALID', kind: 'invalid' });
    });
  });
});
