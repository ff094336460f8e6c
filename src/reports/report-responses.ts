import { S, type Schema } from '../http/api-docs';
import { XLSX_TYPE } from './export/xlsx-workbook';

/** OpenAPI schemas of what the report routes answer (API.md, "Reports"). */

const counts = (fields: readonly string[]) =>
  Object.fromEntries(fields.map((field) => [field, S.integer({ minimum: 0 })]));

const OVERDUE_COUNTS = counts([
  'total',
  'completedOnTime',
  'completedLate',
  'openOnTime',
  'dueSoon',
  'openOverdue',
  'noDeadline',
  'overdue1to30',
  'overdue31to90',
  'overdueOver90',
  'extended',
]);

const PERIOD_COUNTS = counts([
  'carriedOver',
  'received',
  'completedOnTime',
  'completedLate',
  'openOnTime',
  'openOverdue',
  'openNoDeadline',
  'cancelled',
  'extended',
  'urged',
]);

const unitRow = (fields: Record<string, Schema>) =>
  S.object({ unitId: S.nullable(S.string()), unitName: S.string(), ...fields });

const BASIS = S.enum(['effective', 'recorded']);
const GROUP_BY = S.enum(['lead-unit', 'commune']);
const UNITS = S.enum(['then', 'now']);

export const OVERDUE_REPORT = S.object({
  asOf: S.time(),
  basis: BASIS,
  groupBy: GROUP_BY,
  units: UNITS,
  rows: S.array(unitRow(OVERDUE_COUNTS)),
  totals: S.object(OVERDUE_COUNTS),
});

export const PERIOD_REPORT = S.object({
  from: S.date(),
  to: S.date(),
  basis: BASIS,
  groupBy: GROUP_BY,
  kind: S.nullable(S.enum(['directive', 'recommendation'])),
  units: UNITS,
  rows: S.array(unitRow(PERIOD_COUNTS)),
  totals: S.object(PERIOD_COUNTS),
  position: S.decimal(),
});

const RULES_USED = S.object({
  onTimePoints: S.number(),
  overduePenalty: S.number(),
  grades: S.array(S.object({ grade: S.string(), label: S.string(), minScore: S.number() })),
  revision: S.nullable(S.decimal()),
  effectiveFrom: S.nullable(S.date()),
});

export const RATINGS = S.object({
  from: S.date(),
  to: S.date(),
  basis: BASIS,
  rules: RULES_USED,
  rows: S.array(
    S.object({
      unitId: S.string(),
      unitName: S.string(),
      score: S.number(),
      grade: S.string(),
      gradeLabel: S.string(),
      basis: S.object(counts(['due', 'completedOnTime', 'completedLate', 'openOverdue'])),
      explanation: S.array(
        S.object({
          itemId: S.string(),
          outcome: S.enum(['completed-on-time', 'completed-late', 'open-overdue']),
          dueDate: S.date(),
          effect: S.number(),
        }),
      ),
    }),
  ),
  position: S.decimal(),
});

/** A report as JSON, or (`format=xlsx`) the same numbers as a workbook. */
export function jsonOrWorkbook(schema: Schema) {
  return {
    content: {
      'application/json': { schema },
      [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  };
}
