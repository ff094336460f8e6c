import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  handleCommand,
  StreamCache,
  type CommandMetadata,
  type CommandResult,
} from '../../event-sourcing/command-handler';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import {
  CALENDAR_STREAM,
  calendarRegistry,
  type CalendarDeclarations,
  type CalendarYear,
} from '../calendar.registry';
import {
  SOURCES_STREAM,
  sourceRegistry,
  type Source,
  type SourceRegistry,
} from '../source.registry';
import {
  UNITS_STREAM,
  unitRegistry,
  type NewUnit,
  type UnitCommand,
  type UnitRegistry,
} from '../unit.registry';
import { toLocalDate, type LocalDate } from '../../shared/calendar/local-date';
import { ReferenceDataService } from './reference-data.service';

/** Registers a department, commune, agency or the province (admin). */
export class RegisterUnitCommand extends Command<CommandResult<UnitRegistry>> {
  constructor(
    readonly unit: NewUnit & { validFrom?: LocalDate },
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RegisterUnitCommand)
export class RegisterUnitHandler implements ICommandHandler<RegisterUnitCommand> {
  /** The units stream kept folded: each registration reads only the events since the last one. */
  private readonly cache = new StreamCache<UnitRegistry>(1);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ unit, metadata }: RegisterUnitCommand): Promise<CommandResult<UnitRegistry>> {
    return handleCommand({
      store: this.store,
      decider: unitRegistry,
      streamId: UNITS_STREAM,
      command: { type: 'RegisterUnit', unit },
      metadata,
      cache: this.cache,
    });
  }
}

/** Records a conclusion notice, document or working session that items come from. */
export class RecordSourceCommand extends Command<CommandResult<SourceRegistry>> {
  constructor(
    readonly source: Source,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(RecordSourceCommand)
export class RecordSourceHandler implements ICommandHandler<RecordSourceCommand> {
  /** The sources stream kept folded: each POST reads only the events since the last one. */
  private readonly cache = new StreamCache<SourceRegistry>(1);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly referenceData: ReferenceDataService,
  ) {}

  async execute({ source, metadata }: RecordSourceCommand): Promise<CommandResult<SourceRegistry>> {
    await this.referenceData.assertUnitsExist([
      { field: 'communes', ids: source.communes ?? [], communesOnly: true },
    ]);
    return handleCommand({
      store: this.store,
      decider: sourceRegistry,
      streamId: SOURCES_STREAM,
      command: { type: 'RecordSource', source },
      metadata,
      cache: this.cache,
    });
  }
}

/** Replaces one year's declared rest days and make-up working days (admin). */
export class DeclareCalendarYearCommand extends Command<CommandResult<CalendarDeclarations>> {
  constructor(
    readonly year: CalendarYear,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(DeclareCalendarYearCommand)
export class DeclareCalendarYearHandler implements ICommandHandler<DeclareCalendarYearCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly referenceData: ReferenceDataService,
  ) {}

  async execute({
    year,
    metadata,
  }: DeclareCalendarYearCommand): Promise<CommandResult<CalendarDeclarations>> {
    // Validate against the calendar rules (dates inside the year, Saturdays really Saturdays) first.
    (await this.referenceData.calendar()).withYear(year.year, year);
    return handleCommand({
      store: this.store,
      decider: calendarRegistry,
      streamId: CALENDAR_STREAM,
      command: { type: 'DeclareCalendarYear', year },
      metadata,
    });
  }
}

/** Renames, merges or dissolves units (admin): the units' lineage, with effective dates. */
export class ChangeUnitsCommand extends Command<CommandResult<UnitRegistry>> {
  constructor(
    readonly change: Exclude<UnitCommand, { type: 'RegisterUnit' }>,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

@CommandHandler(ChangeUnitsCommand)
export class ChangeUnitsHandler implements ICommandHandler<ChangeUnitsCommand> {
  private readonly cache = new StreamCache<UnitRegistry>(1);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ change, metadata }: ChangeUnitsCommand): Promise<CommandResult<UnitRegistry>> {
    return handleCommand({
      store: this.store,
      decider: unitRegistry,
      streamId: UNITS_STREAM,
      command: change,
      // Effective dates may not lie ahead of the day the change is recorded.
      context: { today: toLocalDate(metadata.occurredAt) },
      metadata,
      cache: this.cache,
    });
  }
}
