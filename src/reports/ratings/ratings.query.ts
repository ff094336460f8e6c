import { completedOnTime, dateOfDay, dayNumber } from '../../items/read-model/timeliness-clock';
import type { UnitRow } from '../../organisation/read-model/units.projection';
import type { LocalDate } from '../../shared/calendar/local-date';
import type { ReportBasis } from '../overdue/overdue-report.query';
import { NO_UNIT, STATUS } from '../overdue/report-fold';
import type { ReportIndex } from '../overdue/report-index';
import { periodBounds } from '../period/period-fold';
import { byName } from '../period/period-report.query';
import { gradeOf, type RatingRules } from './rating-rules';

/** The rules a rating was made with, as the answer states them. */
export interface RatingRulesUsed extends RatingRules {
  /** The rating-rules stream's revision of this version; null for the built-in defaults. */
  revision: string | null;
  effectiveFrom: LocalDate | null;
}

export interface RatingsRequest {
  from: LocalDate;
  to: LocalDate;
  basis: ReportBasis;
  rules: RatingRulesUsed;
  /** Only this lead unit's rating (the explanation of one unit is what it checks). */
  unitId?: string;
}

export type RatingOutcome = 'completed-on-time' | 'completed-late' | 'open-overdue';

/** One item's part in a unit's score. */
export interface RatingEffect {
  itemId: string;
  outcome: RatingOutcome;
  dueDate: LocalDate;
  /** Points it adds to (or, overdue, takes from) the score, rounded to 2 decimals. */
  effect: number;
}

export interface UnitRating {
  unitId: string;
  unitName: string;
  /** 0 to `onTimePoints`, rounded to 2 decimals. */
  score: number;
  grade: string;
  gradeLabel: string;
  basis: { due: number; completedOnTime: number; completedLate: number; openOverdue: number };
  explanation: RatingEffect[];
}

export interface Ratings {
  from: LocalDate;
  to: LocalDate;
  basis: ReportBasis;
  rules: RatingRulesUsed;
  rows: UnitRating[];
  position: string;
}

/**
 * Rates every lead unit on the items due within `[from, to]` (their deadline in force at the end
 * of the period falls in it; cancelled items and items without a lead unit left out), each item
 * as it stood at the end of the period:
 * - completed on time (resolved by 24:00 of its due day): `onTimePoints / due` points;
 * - completed late (resolved after that, by the end of the period): no points;
 * - still open at the end of the period, so past its deadline: minus `overduePenalty`.
 * The score is the sum of those effects, never below 0; units with nothing due are not rated.
 */
export function ratings(
  index: ReportIndex,
  units: ReadonlyMap<string, UnitRow>,
  request: RatingsRequest,
  position: bigint,
): Ratings {
  const bounds = periodBounds(request.from, request.to);
  const end = index.stateAsOf(bounds.endMs, request.basis);
  const fromDay = dayNumber(request.from);
  const toDay = dayNumber(request.to);
  const onlyUnit =
    request.unitId === undefined ? undefined : (index.unitCode(request.unitId) ?? -2);
  const byUnit = new Map<number, { itemNo: number; outcome: RatingOutcome }[]>();
  for (let i = 0, n = index.itemCount; i < n; i++) {
    const status = end.status[i];
    if (status !== STATUS.open && status !== STATUS.resolved) continue;
    const lead = end.lead[i];
    if (lead === NO_UNIT || (onlyUnit !== undefined && lead !== onlyUnit)) continue;
    const due = end.due[i];
    if (due < fromDay || due > toDay) continue; // NO_DAY is below every day
    const outcome: RatingOutcome =
      status === STATUS.open
        ? 'open-overdue'
        : completedOnTime(end.done[i], due)
          ? 'completed-on-time'
          : 'completed-late';
    let list = byUnit.get(lead);
    if (!list) byUnit.set(lead, (list = []));
    list.push({ itemNo: i, outcome });
  }

  const { rules } = request;
  const itemIds = index.itemIds;
  const rows: UnitRating[] = [];
  // Dates as text once per day, not once per item: a year's ratings explain every item due in it.
  const dates = new Map<number, LocalDate>();
  const dateOf = (day: number) => {
    let date = dates.get(day);
    if (date === undefined) dates.set(day, (date = dateOfDay(day)));
    return date;
  };
  for (const [code, items] of byUnit) {
    const due = items.length;
    let onTime = 0;
    let late = 0;
    for (const { outcome } of items) {
      if (outcome === 'completed-on-time') onTime++;
      else if (outcome === 'completed-late') late++;
    }
    const overdue = due - onTime - late;
    const raw = (rules.onTimePoints * onTime) / due - rules.overduePenalty * overdue;
    const score = round2(Math.max(0, raw));
    const band = gradeOf(rules, score);
    const unitId = index.unitIds[code];
    const effects: Record<RatingOutcome, number> = {
      'completed-on-time': round2(rules.onTimePoints / due),
      'completed-late': 0,
      'open-overdue': round2(-rules.overduePenalty),
    };
    const explanation = items.map(({ itemNo, outcome }) => ({
      itemId: itemIds[itemNo],
      outcome,
      dueDate: dateOf(end.due[itemNo]),
      effect: effects[outcome],
    }));
    explanation.sort((a, b) =>
      a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.itemId < b.itemId ? -1 : 1,
    );
    rows.push({
      unitId,
      unitName: units.get(unitId)?.name ?? unitId,
      score,
      grade: band.grade,
      gradeLabel: band.label,
      basis: { due, completedOnTime: onTime, completedLate: late, openOverdue: overdue },
      explanation,
    });
  }
  rows.sort((a, b) => b.score - a.score || byName(a, b));
  return {
    from: request.from,
    to: request.to,
    basis: request.basis,
    rules: request.rules,
    rows,
    position: position.toString(),
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100 + 0; // + 0 turns -0 into 0
}
