import { startOfLocalDayUtc, type LocalDate } from '../shared/calendar/local-date';
import type { UnitEvent } from './unit.registry';

/**
 * One dated fact of the organisation: a unit began (with its name), was renamed, or ended (merged
 * or dissolved, its work going to `successor`, if any). `effectiveMs` is the first instant of
 * the day it took effect (see {@link effectiveInstant}); `recordedMs` when the system learnt of it.
 */
export interface LineageChange {
  unitId: string;
  change: 'registered' | 'renamed' | 'ended';
  name: string | null;
  successor: string | null;
  effectiveMs: number;
  recordedMs: number;
}

/** Which units a report groups by: as organised at its date, or as organised today. */
export type UnitsAsOf = 'then' | 'now';

/** Which facts count at an instant: business times (`effective`) or what was recorded. */
export type LineageBasis = 'effective' | 'recorded';

/**
 * The instant a change effective on `day` takes effect: the first millisecond after 24:00 of the
 * day before. 24:00 belongs to the day it ends, as deadlines count it (Civil Code art. 148): a
 * report "as of 30 June" (its 24:00) shows the units of 30 June, not those of a merger effective
 * 1 July. Transfers are dated at this instant too, so a report and the items' folds agree.
 */
export function effectiveInstant(day: LocalDate): string {
  return new Date(Date.parse(startOfLocalDayUtc(day)) + 1).toISOString();
}

/** {@link effectiveInstant} as epoch ms (registrations without a first day: -Infinity). */
export function effectiveMsOf(day: LocalDate | null): number {
  return day === null ? -Infinity : Date.parse(effectiveInstant(day));
}

/** The lineage facts a units-stream event states. */
export function lineageChangesOf(event: UnitEvent, recordedMs: number): LineageChange[] {
  switch (event.type) {
    case 'UnitRegistered': {
      const d = event.data;
      const effectiveMs = effectiveMsOf(d.validFrom);
      const base = { unitId: d.id, successor: null, effectiveMs, recordedMs };
      return [{ ...base, change: 'registered', name: d.name }];
    }
    case 'UnitRenamed': {
      const d = event.data;
      const effectiveMs = effectiveMsOf(d.effectiveOn);
      return [
        {
          unitId: d.unitId,
          change: 'renamed',
          name: d.name,
          successor: null,
          effectiveMs,
          recordedMs,
        },
      ];
    }
    case 'UnitsMerged': {
      const effectiveMs = effectiveMsOf(event.data.effectiveOn);
      return event.data.from.map((unitId) => ({
        unitId,
        change: 'ended' as const,
        name: null,
        successor: event.data.into,
        effectiveMs,
        recordedMs,
      }));
    }
    case 'UnitDissolved': {
      const d = event.data;
      const effectiveMs = effectiveMsOf(d.effectiveOn);
      return [
        {
          unitId: d.unitId,
          change: 'ended',
          name: null,
          successor: d.successor,
          effectiveMs,
          recordedMs,
        },
      ];
    }
    default: {
      const _never: never = event;
      return _never;
    }
  }
}

/**
 * The units as organised at an instant: whose work each unit's had become (itself, or the
 * successor it was merged into, following chains) and the name it bore. `then` counts the facts
 * in force at `asOfMs` on the basis (`effective`: taken effect by then, as known today;
 * `recorded`: recorded by then, so a merger recorded after its effective date is not seen before
 * it was recorded); `now` counts every fact known.
 */
export class UnitLineage {
  private readonly cache = new Map<string, UnitsOrganisation>();

  constructor(private readonly changes: readonly LineageChange[]) {}

  static empty(): UnitLineage {
    return new UnitLineage([]);
  }

  get isEmpty(): boolean {
    return this.changes.every((c) => c.change === 'registered');
  }

  at(units: UnitsAsOf, asOfMs: number, basis: LineageBasis): UnitsOrganisation {
    const key = units === 'now' ? 'now' : `${basis}@${asOfMs}`;
    let organisation = this.cache.get(key);
    if (!organisation) {
      const known =
        units === 'now'
          ? this.changes
          : this.changes.filter(
              (c) => c.effectiveMs <= asOfMs && (basis === 'effective' || c.recordedMs <= asOfMs),
            );
      organisation = new UnitsOrganisation(known);
      if (this.cache.size > 64) this.cache.clear();
      this.cache.set(key, organisation);
    }
    return organisation;
  }
}

/** The organisation that a set of lineage facts describes. */
export class UnitsOrganisation {
  private readonly successors = new Map<string, string>();
  private readonly names = new Map<string, { name: string; effectiveMs: number }>();
  private readonly resolved = new Map<string, string>();

  constructor(changes: readonly LineageChange[]) {
    for (const c of changes) {
      if (c.change === 'ended') {
        if (c.successor !== null) this.successors.set(c.unitId, c.successor);
      } else if (c.name !== null) {
        // The name in force is the one of the latest effective date (later records break ties).
        const current = this.names.get(c.unitId);
        if (!current || c.effectiveMs >= current.effectiveMs) {
          this.names.set(c.unitId, { name: c.name, effectiveMs: c.effectiveMs });
        }
      }
    }
  }

  /** The unit whose work `unitId`'s had become: itself, or its successor's successor… */
  unitOf(unitId: string): string {
    const known = this.resolved.get(unitId);
    if (known !== undefined) return known;
    let unit = unitId;
    const seen = new Set<string>([unit]);
    for (
      let next = this.successors.get(unit);
      next !== undefined;
      next = this.successors.get(unit)
    ) {
      // The registry refuses cycles; a log written otherwise stops at the first repeat.
      if (seen.has(next)) break;
      seen.add(next);
      unit = next;
    }
    this.resolved.set(unitId, unit);
    return unit;
  }

  /** The unit's name then, when the facts name it. */
  nameOf(unitId: string): string | undefined {
    return this.names.get(unitId)?.name;
  }
}
