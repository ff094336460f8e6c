import { EventSchema } from '../shared/event-schema';
import { DEFAULT_CALENDAR } from '../shared/calendar/default-calendar';
import type { LocalDate } from '../shared/calendar/local-date';
import type { WorkingCalendar } from '../shared/calendar/working-calendar';

/** The declared rest and make-up working days of one year, as an admin last set them. */
export interface CalendarYear {
  year: number;
  holidays: LocalDate[];
  workingSaturdays: LocalDate[];
  /** The admin checked these days against the year's decision. */
  confirmed: boolean;
  /** The decision the days were taken from, e.g. "Công văn 12729/VPCP-KGVX ngày 25/12/2025". */
  reference: string | null;
}

/**
 * One stream holds every declaration, in the order they were made: the calendar is versioned by
 * when it was declared, and deadlines already computed stay stored in their events.
 */
export const CALENDAR_STREAM = 'calendar-province';

export type CalendarEvent = { type: 'CalendarYearDeclared'; data: CalendarYear };
export type CalendarCommand = { type: 'DeclareCalendarYear'; year: CalendarYear };
/** Years declared through the API; years absent here use the shipped defaults. */
export type CalendarDeclarations = ReadonlyMap<number, CalendarYear>;

/**
 * The calendar stream's schema. Version 2 of `CalendarYearDeclared` added `confirmed` and
 * `reference`; a version-1 declaration was never checked against a decision, so it reads as
 * unconfirmed, with no reference (absent values are null, never missing, as in every event).
 */
export const calendarEvents = new EventSchema<CalendarEvent>(
  ['CalendarYearDeclared'],
  [
    {
      type: 'CalendarYearDeclared',
      fromVersion: 1,
      upcast: (data) => ({ ...(data as object), confirmed: false, reference: null }),
    },
  ],
);

export const calendarRegistry = {
  events: calendarEvents,
  initialState: (): CalendarDeclarations => new Map(),
  evolve(state: CalendarDeclarations, event: CalendarEvent): CalendarDeclarations {
    return new Map(state).set(event.data.year, event.data);
  },
  decide(command: CalendarCommand): CalendarEvent[] {
    return [{ type: 'CalendarYearDeclared', data: command.year }];
  },
};

/** The calendar in force: the shipped defaults with every year an admin declared laid over them. */
export function calendarInForce(declarations: CalendarDeclarations): WorkingCalendar {
  let calendar = DEFAULT_CALENDAR;
  for (const year of declarations.values()) calendar = calendar.withYear(year.year, year);
  return calendar;
}
