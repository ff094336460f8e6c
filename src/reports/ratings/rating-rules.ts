import type { FieldError } from '../../shared/domain-error';

/** One grade band: a score at or above `minScore` (and below the band above) gets this grade. */
export interface GradeBand {
  /** Short code shown in tables ("A"). */
  grade: string;
  /** What the grade means ("Hoàn thành xuất sắc nhiệm vụ"). */
  label: string;
  minScore: number;
}

/**
 * How units are rated on the items due within a period: `onTimePoints` times the share of those
 * items completed on time, minus `overduePenalty` per item still overdue at the end of the period,
 * never below 0; graded by the first band (highest first) whose `minScore` the score reaches.
 */
export interface RatingRules {
  onTimePoints: number;
  overduePenalty: number;
  grades: GradeBand[];
}

/** The rules in force until an administrator sets others (score bands 90 / 75 / 50 are common). */
export const DEFAULT_RATING_RULES: RatingRules = {
  onTimePoints: 100,
  overduePenalty: 2,
  grades: [
    { grade: 'A', label: 'Hoàn thành xuất sắc nhiệm vụ', minScore: 90 },
    { grade: 'B', label: 'Hoàn thành tốt nhiệm vụ', minScore: 75 },
    { grade: 'C', label: 'Hoàn thành nhiệm vụ', minScore: 50 },
    { grade: 'D', label: 'Không hoàn thành nhiệm vụ', minScore: 0 },
  ],
};

export const MAX_GRADES = 10;

/**
 * What is wrong with a set of rules beyond the shape the DTO checks: bands in strictly
 * descending order of `minScore`, each grade once, and the last band at 0 so every score has one.
 */
export function ratingRulesErrors(rules: RatingRules): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  rules.grades.forEach((band, i) => {
    if (seen.has(band.grade)) {
      errors.push({ field: `grades[${i}].grade`, message: `grade ${band.grade} is given twice` });
    }
    seen.add(band.grade);
    if (i > 0 && band.minScore >= rules.grades[i - 1].minScore) {
      errors.push({
        field: `grades[${i}].minScore`,
        message: 'bands must be listed highest first, each minScore below the one before',
      });
    }
  });
  const last = rules.grades[rules.grades.length - 1];
  if (last && last.minScore !== 0) {
    errors.push({
      field: `grades[${rules.grades.length - 1}].minScore`,
      message: 'the last band must start at 0, so that every score has a grade',
    });
  }
  return errors;
}

/** The band a score falls in (the rules' last band starts at 0, so there always is one). */
export function gradeOf(rules: RatingRules, score: number): GradeBand {
  return (
    rules.grades.find((band) => score >= band.minScore) ?? rules.grades[rules.grades.length - 1]
  );
}
