import { DomainError, type FieldError } from '../shared/domain-error';
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
  /**
   * The legal reference of single days, where the year's decision is not the whole story (a day
   * taken under Labour Code art. 111(3), a swap announced in a separate letter). Each date is one
   * of `holidays` or `workingSaturdays`, at most once.
   */
  dayReferences: DayReference[];
}

/** Why one declared day is a rest day or a make-up working day. */
export interface DayReference {
  date: LocalDate;
  reference: string;
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
 * Version 3 added `dayReferences`; older declarations had none.
 */
export const calendarEvents = new EventSchema<CalendarEvent>(
  ['CalendarYearDeclared'],
  [
    {
      type: 'CalendarYearDeclared',
      fromVersion: 1,
      upcast: (data) => ({ ...(data as object), confirmed: false, reference: null }),
    },
    {
      type: 'CalendarYearDeclared',
      fromVersion: 2,
      upcast: (data) => ({ ...(data as object), dayReferences: [] }),
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
    const errors = dayReferenceErrors(command.year);
    if (errors.length > 0) {
      throw new DomainError(
        'VALIDATION',
        errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        { errors },
      );
    }
    const { year, holidays, workingSaturdays, confirmed, reference, dayReferences } = command.year;
    // Only the fields of the shape are stored, whatever object the command was built from.
    return [
      {
        type: 'CalendarYearDeclared',
        data: {
          year,
          holidays: [...holidays],
          workingSaturdays: [...workingSaturdays],
          confirmed,
          reference,
          dayReferences: [...dayReferences]
            .sort((a, b) => a.date.localeCompare(b.date))
            .map((d) => ({ date: d.date, reference: d.reference })),
        },
      },
    ];
  },
};

/** The calendar in force: the shipped defaults with every year an admin declared laid over them. */
export function calendarInForce(declarations: CalendarDeclarations): WorkingCalendar {
  let calendar = DEFAULT_CALENDAR;
  for (const year of declarations.values()) calendar = calendar.withYear(year.year, year);
  return calendar;
}

/**
 * A day's reference must name a day the declaration lists (a reference for a plain working day
 * would explain nothing), once. Fields are named as the request body spells them.
 */
export function dayReferenceErrors(year: CalendarYear): FieldError[] {
  const declared = new Set([...year.holidays, ...year.workingSaturdays]);
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  year.dayReferences.forEach(({ date }, index) => {
    if (!declared.has(date)) {
      errors.push({
        field: `dayReferences.${index}.date`,
        message: `${date} is neither in holidays nor in workingSaturdays`,
      });
    } else if (seen.has(date)) {
      errors.push({ field: `dayReferences.${index}.date`, message: `${date} is listed twice` });
    }
    seen.add(date);
  });
  return errors;
}
