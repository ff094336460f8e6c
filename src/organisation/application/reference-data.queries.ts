import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { LocalDate } from '../../shared/calendar/local-date';
import type { CalendarYear as CalendarDays } from '../../shared/calendar/working-calendar';
import { DomainError } from '../../shared/domain-error';
import type { CalendarStatus } from '../calendar-status';
import type { DayReference } from '../calendar.registry';
import { DEFAULT_CALENDAR_CONFIRMATIONS } from '../../shared/calendar/default-calendar';
import type { Source } from '../source.registry';
import type { Unit, UnitRecord } from '../unit.registry';
import { ReferenceDataService } from './reference-data.service';

export class ListUnitsQuery extends Query<Unit[]> {}

@QueryHandler(ListUnitsQuery)
export class ListUnitsHandler implements IQueryHandler<ListUnitsQuery> {
  constructor(private readonly referenceData: ReferenceDataService) {}

  execute(): Promise<Unit[]> {
    return this.referenceData.units();
  }
}

/** A unit with its lineage: names over time, predecessors, successor (API.md, "Units that change"). */
export type UnitDetail = Omit<UnitRecord, 'changedOn'>;

export class GetUnitQuery extends Query<UnitDetail> {
  constructor(readonly id: string) {
    super();
  }
}

@QueryHandler(GetUnitQuery)
export class GetUnitHandler implements IQueryHandler<GetUnitQuery> {
  constructor(private readonly referenceData: ReferenceDataService) {}

  async execute({ id }: GetUnitQuery): Promise<UnitDetail> {
    const unit = await this.referenceData.unit(id);
    if (!unit) throw new DomainError('UNIT.NOT_FOUND', `No unit ${id}`, undefined, 'not-found');
    const { changedOn: _internal, ...detail } = unit;
    return detail;
  }
}

export class ListSourcesQuery extends Query<Source[]> {}

@QueryHandler(ListSourcesQuery)
export class ListSourcesHandler implements IQueryHandler<ListSourcesQuery> {
  constructor(private readonly referenceData: ReferenceDataService) {}

  execute(): Promise<Source[]> {
    return this.referenceData.sources();
  }
}

export class GetSourceQuery extends Query<Source> {
  constructor(readonly id: string) {
    super();
  }
}

@QueryHandler(GetSourceQuery)
export class GetSourceHandler implements IQueryHandler<GetSourceQuery> {
  constructor(private readonly referenceData: ReferenceDataService) {}

  async execute({ id }: GetSourceQuery): Promise<Source> {
    const source = await this.referenceData.source(id);
    if (!source) {
      throw new DomainError('SOURCE.NOT_FOUND', `No source ${id}`, undefined, 'not-found');
    }
    return source;
  }
}

/**
 * One year's rest days and make-up working days, as the calendar in force counts them, and how
 * they were declared: by an admin (`declared`), confirmed against which decision, and the legal
 * reference of single days. A year only shipped with the code is not declared.
 */
export type CalendarYearView = { year: number } & CalendarDays & {
    declared: boolean;
    confirmed: boolean;
    reference: string | null;
    dayReferences: DayReference[];
  };

export class GetCalendarYearQuery extends Query<CalendarYearView> {
  constructor(readonly year: number) {
    super();
  }
}

@QueryHandler(GetCalendarYearQuery)
export class GetCalendarYearHandler implements IQueryHandler<GetCalendarYearQuery> {
  constructor(private readonly referenceData: ReferenceDataService) {}

  async execute({ year }: GetCalendarYearQuery): Promise<CalendarYearView> {
    const days = (await this.referenceData.calendar()).year(year);
    const declaration = await this.referenceData.calendarDeclaration(year);
    const shipped = DEFAULT_CALENDAR_CONFIRMATIONS[String(year)];
    return {
      year,
      ...days,
      declared: declaration !== undefined,
      confirmed: declaration?.confirmed ?? shipped?.confirmed ?? false,
      reference: declaration ? declaration.reference : (shipped?.reference ?? null),
      dayReferences: declaration?.dayReferences.map((d) => ({ ...d })) ?? [],
    };
  }
}

/** Which years are declared and confirmed, and the warnings, as of `today` (a local day). */
export class GetCalendarStatusQuery extends Query<CalendarStatus> {
  constructor(readonly today: LocalDate) {
    super();
  }
}

@QueryHandler(GetCalendarStatusQuery)
export class GetCalendarStatusHandler implements IQueryHandler<GetCalendarStatusQuery> {
  constructor(private readonly referenceData: ReferenceDataService) {}

  execute({ today }: GetCalendarStatusQuery): Promise<CalendarStatus> {
    return this.referenceData.calendarStatus(today);
  }
}
