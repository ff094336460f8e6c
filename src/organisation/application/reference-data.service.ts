import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { StreamFold } from '../../event-sourcing/stream-fold';
import { DomainError } from '../../shared/domain-error';
import { DEFAULT_CALENDAR_CONFIRMATIONS } from '../../shared/calendar/default-calendar';
import type { LocalDate } from '../../shared/calendar/local-date';
import type { WorkingCalendar } from '../../shared/calendar/working-calendar';
import {
  CALENDAR_STREAM,
  calendarInForce,
  calendarRegistry,
  type CalendarDeclarations,
  type CalendarEvent,
  type CalendarYear,
} from '../calendar.registry';
import { calendarStatus, type CalendarStatus } from '../calendar-status';
import { SOURCES_STREAM, sourceRegistry, type Source, type SourceEvent } from '../source.registry';
import {
  UNITS_STREAM,
  unitRegistry,
  unitSummary,
  type Unit,
  type UnitEvent,
  type UnitRecord,
} from '../unit.registry';

/**
 * Reads units, sources and the working-day calendar: small registries, each one stream, folded in
 * memory and refreshed from the store on every read so all instances agree. Writes go through the
 * command bus (`reference-data.commands.ts`).
 */
@Injectable()
export class ReferenceDataService {
  private readonly unitsFold: StreamFold<ReadonlyMap<string, UnitRecord>, UnitEvent>;
  private readonly sourcesFold: StreamFold<ReadonlyMap<string, Source>, SourceEvent>;
  private readonly calendarFold: StreamFold<CalendarDeclarations, CalendarEvent>;
  private calendarCache?: { declarations: CalendarDeclarations; calendar: WorkingCalendar };

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.unitsFold = new StreamFold(store, UNITS_STREAM, unitRegistry);
    this.sourcesFold = new StreamFold(store, SOURCES_STREAM, sourceRegistry);
    this.calendarFold = new StreamFold(store, CALENDAR_STREAM, calendarRegistry);
  }

  async units(): Promise<Unit[]> {
    return [...(await this.unitsFold.current()).values()].map(unitSummary);
  }

  /** The unit with its history (names, predecessors, successor). */
  async unit(id: string): Promise<UnitRecord | undefined> {
    return (await this.unitsFold.current()).get(id);
  }

  /**
   * Refuses (400, naming each field) unit ids that are not registered, ids listed as communes
   * that are not communes (commune lists decide who sees an item and how reports group it), and,
   * with `activeOnly`, units that were merged or dissolved: work goes to their successor.
   */
  async assertUnitsExist(
    fields: {
      field: string;
      ids: readonly string[];
      communesOnly?: boolean;
      activeOnly?: boolean;
    }[],
  ): Promise<void> {
    const units = await this.unitsFold.current();
    let inactive = 0;
    const errors = fields.flatMap(({ field, ids, communesOnly, activeOnly }) =>
      ids.flatMap((id) => {
        const unit = units.get(id);
        if (!unit) return [{ field, message: `no unit ${id}` }];
        if (communesOnly && unit.kind !== 'commune')
          return [{ field, message: `${id} is not a commune` }];
        if (activeOnly && !unit.active) {
          inactive++;
          const successor = unit.successor ? `; its work went to ${unit.successor.id}` : '';
          return [{ field, message: `${id} ended on ${unit.validTo}${successor}` }];
        }
        return [];
      }),
    );
    if (errors.length === 0) return;
    // Only ended units: a stable code of its own (400 still), so clients can offer the successor.
    if (inactive === errors.length) {
      throw new DomainError('UNIT.INACTIVE', 'Units no longer active', { errors }, 'invalid');
    }
    throw new DomainError('VALIDATION', 'Unknown units', { errors });
  }

  async sources(): Promise<Source[]> {
    return [...(await this.sourcesFold.current()).values()];
  }

  async source(id: string): Promise<Source | undefined> {
    return (await this.sourcesFold.current()).get(id);
  }

  /** The shipped defaults with every year an admin declared laid over them. */
  async calendar(): Promise<WorkingCalendar> {
    const declarations = await this.calendarFold.current();
    if (this.calendarCache?.declarations !== declarations) {
      this.calendarCache = { declarations, calendar: calendarInForce(declarations) };
    }
    return this.calendarCache.calendar;
  }

  /** The year as an admin last declared it; undefined for a year only shipped with the code. */
  async calendarDeclaration(year: number): Promise<CalendarYear | undefined> {
    return (await this.calendarFold.current()).get(year);
  }

  /** Which years have days and what is missing or unconfirmed, on `today` (a local day). */
  async calendarStatus(today: LocalDate): Promise<CalendarStatus> {
    return calendarStatus(await this.calendarFold.current(), DEFAULT_CALENDAR_CONFIRMATIONS, today);
  }
}
