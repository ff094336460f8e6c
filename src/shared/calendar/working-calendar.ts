import { DomainError, type FieldError } from '../domain-error';
import {
  addDays,
  daysBetween,
  isValidInstant,
  isValidLocalDate,
  type LocalDate,
  toLocalDate,
  weekday,
} from './local-date';

/**
 * How a deadline is expressed. Day counts run from the day after the triggering event
 * (Civil Code 2015, art. 147). `none` is a standing task ("thường xuyên").
 */
export type DeadlineSpec =
  | { type: 'date'; date: LocalDate }
  | { type: 'working-days'; days: number }
  | { type: 'calendar-days'; days: number }
  | { type: 'none' };

/**
 * One year's declared days, as the yearly government decisions state them. Monday–Friday are
 * working days unless listed in `holidays`; a Saturday listed in `workingSaturdays` is a make-up
 * working day (days swapped to make a longer break). Weekend dates in `holidays` are allowed and
 * harmless, so a decision's range ("Sat 14 – Sun 22 Feb") can be copied as is.
 */
export interface CalendarYear {
  holidays: LocalDate[];
  workingSaturdays: LocalDate[];
}

/** Declared years keyed by the four-digit year. A year not declared has no holidays at all. */
export type CalendarData = Readonly<Record<string, CalendarYear>>;

/**
 * Working days of Vietnamese public bodies, built from data only (no clock, no I/O), so the domain
 * stays pure and an administrator can correct a year without a release. Immutable: `withYear`
 * returns a new calendar.
 */
export class WorkingCalendar {
  private readonly data: Record<string, CalendarYear>;
  private readonly holidays = new Set<LocalDate>();
  private readonly workingSaturdays = new Set<LocalDate>();
  /** Holidays that fall Monday–Friday and so actually remove a working day, sorted. */
  private readonly weekdayHolidays: LocalDate[];
  private readonly sortedWorkingSaturdays: LocalDate[];

  /** @throws DomainError `CALENDAR.INVALID` when a year's declared days are inconsistent. */
  constructor(data: CalendarData = {}) {
    this.data = {};
    for (const [key, year] of Object.entries(data)) {
      const declared = WorkingCalendar.normaliseYear(key, year);
      this.data[key] = declared;
      declared.holidays.forEach((d) => this.holidays.add(d));
      declared.workingSaturdays.forEach((d) => this.workingSaturdays.add(d));
    }
    this.weekdayHolidays = [...this.holidays]
      .filter((d) => weekday(d) >= 1 && weekday(d) <= 5)
      .sort();
    this.sortedWorkingSaturdays = [...this.workingSaturdays].sort();
  }

  private static normaliseYear(key: string, year: CalendarYear): CalendarYear {
    const errors: FieldError[] = [];
    if (!/^\d{4}$/.test(key)) errors.push({ field: 'year', message: `not a year: ${key}` });
    const check = (field: string, dates: unknown): LocalDate[] => {
      if (!Array.isArray(dates)) {
        errors.push({ field, message: 'must be a list of dates' });
        return [];
      }
      dates.forEach((d, i) => {
        if (!isValidLocalDate(d)) errors.push({ field: `${field}[${i}]`, message: 'not a date' });
        else if (d.slice(0, 4) !== key) {
          errors.push({ field: `${field}[${i}]`, message: `${d} is not in ${key}` });
        }
      });
      return [...new Set(dates as LocalDate[])].sort();
    };
    const holidays = check('holidays', year?.holidays);
    const workingSaturdays = check('workingSaturdays', year?.workingSaturdays);
    for (const d of workingSaturdays) {
      if (!isValidLocalDate(d)) continue;
      if (weekday(d) !== 6)
        errors.push({ field: 'workingSaturdays', message: `${d} is not a Saturday` });
      if (holidays.includes(d)) {
        errors.push({ field: 'workingSaturdays', message: `${d} is also declared a holiday` });
      }
    }
    if (errors.length > 0) {
      throw new DomainError('CALENDAR.INVALID', `Calendar ${key} is invalid`, { errors });
    }
    return { holidays, workingSaturdays };
  }

  /** The declared days of a year (empty lists when the year was never declared). */
  year(year: number): CalendarYear {
    const y = this.data[String(year)];
    return y
      ? { holidays: [...y.holidays], workingSaturdays: [...y.workingSaturdays] }
      : { holidays: [], workingSaturdays: [] };
  }

  /** The years that have declared days, ascending. */
  years(): number[] {
    return Object.keys(this.data)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** A new calendar with one year's declared days replaced. */
  withYear(year: number, days: CalendarYear): WorkingCalendar {
    return new WorkingCalendar({ ...this.data, [String(year)]: days });
  }

  /** Plain data, suitable for storing in an event or a read model. */
  toJSON(): CalendarData {
    const out: Record<string, CalendarYear> = {};
    for (const y of this.years()) out[String(y)] = this.year(y);
    return out;
  }

  isWorkingDay(date: LocalDate): boolean {
    if (this.workingSaturdays.has(date)) return true;
    const wd = weekday(date);
    return wd >= 1 && wd <= 5 && !this.holidays.has(date);
  }

  nextWorkingDayOnOrAfter(date: LocalDate): LocalDate {
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  /** The `n`th working day after `from` (`from` itself never counts); `n = 0` gives `from`. */
  addWorkingDays(from: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Not a working-day count: ${n}`);
    // Jump whole weeks (five working days each, less the holidays in them) towards the answer, then
    // walk the last few days: a 200-working-day deadline costs a handful of steps, not 280.
    let d = addDays(from, Math.floor(Math.max(0, n - 1) / 5) * 7);
    let left = n - this.workingDaysBetween(from, d);
    if (left <= 0) {
      // Make-up Saturdays overshot the jump (rare): count from the start instead.
      d = from;
      left = n;
    }
    for (; left > 0;) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /**
   * The due date of a deadline set by an event at `trigger` (an ISO instant, read in local time, or
   * a local date), per Civil Code 2015 arts. 147–148: counting starts the day after the event;
   * N working days is the Nth working day after; N calendar days is the Nth day after, and that or a
   * fixed date moves to the next working day when it is a rest day. `none` has no due date.
   */
  dueDateFor(spec: DeadlineSpec, trigger: string): LocalDate | null {
    const start = isValidLocalDate(trigger)
      ? trigger
      : isValidInstant(trigger)
        ? toLocalDate(trigger)
        : (() => {
            throw new RangeError(`Not a date or an instant: ${trigger}`);
          })();
    switch (spec.type) {
      case 'none':
        return null;
      case 'date':
        return this.nextWorkingDayOnOrAfter(spec.date);
      case 'working-days':
        return this.addWorkingDays(start, spec.days);
      case 'calendar-days':
        if (!Number.isInteger(spec.days) || spec.days < 0) {
          throw new RangeError(`Not a day count: ${spec.days}`);
        }
        return this.nextWorkingDayOnOrAfter(addDays(start, spec.days));
      default: {
        const _never: never = spec;
        throw new Error(`Unknown deadline type: ${JSON.stringify(_never)}`);
      }
    }
  }

  /**
   * Working days after `a` up to and including `b`: what is left on day `a` of a deadline ending on
   * day `b` (0 when `b` is `a`). Negative when `b` is before `a`. Counted arithmetically, not day by
   * day, because reports call it for every open item.
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number {
    if (b < a) return -this.workingDaysBetween(b, a);
    const n = daysBetween(a, b);
    let count = Math.floor(n / 7) * 5;
    // The remainder is fewer than 7 days: walk them.
    for (let i = n - (n % 7) + 1; i <= n; i++) {
      const wd = weekday(addDays(a, i));
      if (wd >= 1 && wd <= 5) count++;
    }
    const inRange = (d: LocalDate) => d > a && d <= b;
    count -= this.weekdayHolidays.filter(inRange).length;
    count += this.sortedWorkingSaturdays.filter(inRange).length;
    return count;
  }
}
