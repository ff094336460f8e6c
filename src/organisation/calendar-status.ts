import type { YearConfirmation } from '../shared/calendar/default-calendar';
import { isValidLocalDate, type LocalDate } from '../shared/calendar/local-date';
import type { CalendarDeclarations } from './calendar.registry';

export interface CalendarYearStatus {
  year: number;
  /** Days exist for the year, shipped or declared by an admin. */
  declared: boolean;
  /** The days were checked against the year's decision. */
  confirmed: boolean;
  reference?: string;
}

export type CalendarWarningCode = 'CALENDAR.YEAR_MISSING' | 'CALENDAR.UNCONFIRMED';

export interface CalendarWarning {
  code: CalendarWarningCode;
  year: number;
  /** English; the dashboard shows its own text for each code. */
  message: string;
}

export interface CalendarStatus {
  years: CalendarYearStatus[];
  warnings: CalendarWarning[];
}

/**
 * Next year's days are asked for from this day on (month-day): the decisions for Tết usually come
 * out in the autumn, and a deadline set in October can already run into January.
 */
export const NEXT_YEAR_EXPECTED_FROM = '10-01';

/**
 * Which years have days, and what an administrator must do about the current and the next one.
 * A year missing from the calendar has no holidays at all, so a working-day deadline that crosses
 * it skips Saturdays and Sundays only (Tết would count as working days).
 *
 * @param declarations years declared through the API; they replace the shipped defaults
 * @param defaults the shipped years and whether each was confirmed
 * @param today the Asia/Ho_Chi_Minh day
 */
export function calendarStatus(
  declarations: CalendarDeclarations,
  defaults: Readonly<Record<string, YearConfirmation>>,
  today: LocalDate,
): CalendarStatus {
  if (!isValidLocalDate(today)) throw new RangeError(`Not a YYYY-MM-DD date: ${String(today)}`);
  const current = Number(today.slice(0, 4));
  const next = current + 1;
  const statusOf = (year: number): CalendarYearStatus => {
    const declared = declarations.get(year);
    if (declared) {
      return {
        year,
        declared: true,
        confirmed: declared.confirmed,
        ...(declared.reference ? { reference: declared.reference } : {}),
      };
    }
    const shipped = defaults[String(year)];
    if (shipped) {
      return {
        year,
        declared: true,
        confirmed: shipped.confirmed,
        ...(shipped.reference ? { reference: shipped.reference } : {}),
      };
    }
    return { year, declared: false, confirmed: false };
  };
  const listed = new Set([...Object.keys(defaults).map(Number), ...declarations.keys()]);
  listed.add(current).add(next);
  const years = [...listed].sort((a, b) => a - b).map(statusOf);

  const warnings: CalendarWarning[] = [];
  for (const status of years.filter((y) => y.year === current || y.year === next)) {
    if (!status.declared) {
      if (status.year === current || today.slice(5) >= NEXT_YEAR_EXPECTED_FROM) {
        warnings.push(yearMissing(status.year));
      }
    } else if (!status.confirmed) {
      warnings.push(unconfirmed(status.year));
    }
  }
  return { years, warnings };
}

function yearMissing(year: number): CalendarWarning {
  return {
    code: 'CALENDAR.YEAR_MISSING',
    year,
    message:
      `No holidays are declared for ${year}: working-day deadlines that run into ${year} are ` +
      `counted with Saturdays and Sundays as the only days off. Declare the year's days ` +
      `(PUT /api/calendar/${year}) from its decision.`,
  };
}

function unconfirmed(year: number): CalendarWarning {
  return {
    code: 'CALENDAR.UNCONFIRMED',
    year,
    message:
      `The holidays of ${year} have not been confirmed against the year's decision: check them ` +
      `and declare the year again with confirmed: true and the decision's reference.`,
  };
}
