import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReferenceDataService } from '../../organisation/application/reference-data.service';
import { dayReferenceErrors, type CalendarYear } from '../../organisation/calendar.registry';
import type { LocalDate } from '../../shared/calendar/local-date';
import { dateRange } from '../../shared/calendar/local-date';
import { DomainError } from '../../shared/domain-error';
import {
  CALENDAR_EFFECTS_READER,
  type CalendarEffects,
  type CalendarEffectsReader,
} from './calendar-effects-reader';
import { ReminderRulesService } from './reminder-rules.service';

/** Affected items listed in a preview at most (all are counted). */
export const PREVIEW_LIMIT = 200;

/** What declaring `year` as proposed would change: the days, and the open items' pending work. */
export interface CalendarPreview extends CalendarEffects {
  year: number;
  /** Days whose kind changes: `working` is what the day would be with the proposed calendar. */
  days: { date: LocalDate; working: boolean }[];
  holidaysAdded: LocalDate[];
  holidaysRemoved: LocalDate[];
  workingSaturdaysAdded: LocalDate[];
  workingSaturdaysRemoved: LocalDate[];
}

/** Judges a proposed declaration of one year without recording anything (admin). */
export class PreviewCalendarYearQuery extends Query<CalendarPreview> {
  constructor(
    readonly year: CalendarYear,
    readonly nowMs: number,
  ) {
    super();
  }
}

@QueryHandler(PreviewCalendarYearQuery)
export class PreviewCalendarYearHandler implements IQueryHandler<PreviewCalendarYearQuery> {
  constructor(
    private readonly referenceData: ReferenceDataService,
    private readonly rules: ReminderRulesService,
    @Inject(CALENDAR_EFFECTS_READER) private readonly reader: CalendarEffectsReader,
  ) {}

  async execute({ year, nowMs }: PreviewCalendarYearQuery): Promise<CalendarPreview> {
    // The same checks as the declaration itself, so a preview that passes would save.
    const current = await this.referenceData.calendar();
    const proposed = current.withYear(year.year, year);
    const errors = dayReferenceErrors(year);
    if (errors.length > 0) {
      throw new DomainError(
        'VALIDATION',
        errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        { errors },
      );
    }
    const before = current.year(year.year);
    const after = proposed.year(year.year);
    const minus = (a: LocalDate[], b: LocalDate[]) => a.filter((d) => !b.includes(d));
    const days = dateRange(`${year.year}-01-01`, `${year.year}-12-31`)
      .filter((date) => current.isWorkingDay(date) !== proposed.isWorkingDay(date))
      .map((date) => ({ date, working: proposed.isWorkingDay(date) }));
    const { rules, sendWindow } = await this.rules.current();
    const effects = await this.reader.calendarEffects({
      current: current.toJSON(),
      proposed: proposed.toJSON(),
      rules: { rules, sendWindow },
      nowMs,
      limit: PREVIEW_LIMIT,
    });
    return {
      year: year.year,
      days,
      holidaysAdded: minus(after.holidays, before.holidays),
      holidaysRemoved: minus(before.holidays, after.holidays),
      workingSaturdaysAdded: minus(after.workingSaturdays, before.workingSaturdays),
      workingSaturdaysRemoved: minus(before.workingSaturdays, after.workingSaturdays),
      ...effects,
    };
  }
}
