import {
  DEFAULT_CALENDAR_CONFIRMATIONS,
  DEFAULT_CALENDAR_DATA,
} from '../shared/calendar/default-calendar';
import type { CalendarDeclarations, CalendarYear } from './calendar.registry';
import { calendarStatus } from './calendar-status';

const SHIPPED = DEFAULT_CALENDAR_CONFIRMATIONS;
const none: CalendarDeclarations = new Map();

function declared(...years: (Partial<CalendarYear> & { year: number })[]): CalendarDeclarations {
  return new Map(
    years.map((y) => [
      y.year,
      {
        holidays: [],
        workingSaturdays: [],
        confirmed: false,
        reference: null,
        dayReferences: [],
        ...y,
      },
    ]),
  );
}

const codes = (status: ReturnType<typeof calendarStatus>) =>
  status.warnings.map((w) => `${w.code} ${w.year}`);

describe('calendarStatus', () => {
  it('has a confirmation entry for every shipped year, and none of them is confirmed', () => {
    expect(Object.keys(SHIPPED).sort()).toEqual(Object.keys(DEFAULT_CALENDAR_DATA).sort());
    expect(Object.values(SHIPPED).every((y) => !y.confirmed)).toBe(true);
  });

  it('asks for next year only from 1 October (Asia/Ho_Chi_Minh day)', () => {
    expect(codes(calendarStatus(none, SHIPPED, '2026-09-30'))).toEqual([
      'CALENDAR.UNCONFIRMED 2026',
    ]);
    expect(codes(calendarStatus(none, SHIPPED, '2026-10-01'))).toEqual([
      'CALENDAR.UNCONFIRMED 2026',
      'CALENDAR.YEAR_MISSING 2027',
    ]);
    expect(codes(calendarStatus(none, SHIPPED, '2026-12-31'))).toContain(
      'CALENDAR.YEAR_MISSING 2027',
    );
  });

  it('always warns when the current year is missing', () => {
    expect(codes(calendarStatus(none, SHIPPED, '2027-01-01'))).toEqual([
      'CALENDAR.YEAR_MISSING 2027',
    ]);
    expect(codes(calendarStatus(none, {}, '2026-03-15'))).toEqual(['CALENDAR.YEAR_MISSING 2026']);
  });

  it('lists shipped, declared, current and next years in order; shipped years are declared but unconfirmed', () => {
    const status = calendarStatus(declared({ year: 2030 }), SHIPPED, '2026-12-03');
    expect(status.years).toEqual([
      { year: 2025, declared: true, confirmed: false },
      { year: 2026, declared: true, confirmed: false },
      { year: 2027, declared: false, confirmed: false },
      { year: 2030, declared: true, confirmed: false },
    ]);
  });

  it('clears UNCONFIRMED once a year is declared confirmed, and shows its reference', () => {
    const reference = 'Công văn 12729/VPCP-KGVX ngày 25/12/2025';
    const status = calendarStatus(
      declared(
        { year: 2026, confirmed: true, reference },
        { year: 2027, holidays: ['2027-01-01'] },
      ),
      SHIPPED,
      '2026-12-03',
    );
    expect(codes(status)).toEqual(['CALENDAR.UNCONFIRMED 2027']);
    expect(status.years.find((y) => y.year === 2026)).toEqual({
      year: 2026,
      declared: true,
      confirmed: true,
      reference,
    });
    const both = declared(
      { year: 2026, confirmed: true, reference },
      { year: 2027, confirmed: true, reference: 'x' },
    );
    expect(calendarStatus(both, SHIPPED, '2026-12-03').warnings).toEqual([]);
  });

  it('reads a declaration recorded before confirmation existed as unconfirmed', () => {
    const old = declared({ year: 2026, holidays: ['2026-01-01'] });
    expect(codes(calendarStatus(old, {}, '2026-06-01'))).toEqual(['CALENDAR.UNCONFIRMED 2026']);
  });

  it('does not warn about past years or years after the next', () => {
    const status = calendarStatus(declared({ year: 2029 }), SHIPPED, '2028-10-01');
    expect(codes(status)).toEqual(['CALENDAR.YEAR_MISSING 2028', 'CALENDAR.UNCONFIRMED 2029']);
  });

  it('says in each message which year to declare', () => {
    for (const warning of calendarStatus(none, SHIPPED, '2026-10-01').warnings) {
      expect(warning.message).toContain(String(warning.year));
    }
  });
});
