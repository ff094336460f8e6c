import { DomainError } from '../../shared/domain-error';
import { EventSchema } from '../../shared/event-schema';
import { toLocalDate, type LocalDate } from '../../shared/calendar/local-date';
import { DEFAULT_RATING_RULES, ratingRulesErrors, type RatingRules } from './rating-rules';

/**
 * One stream holds every version of the rating rules, in the order an administrator set them.
 * Versions are kept, not replaced: a period is rated with the version in force at its end, so a
 * rating once exported reads the same after the rules change.
 */
export const RATING_RULES_STREAM = 'rating-rules-province';

export type RatingRulesEvent = {
  type: 'RatingRulesSet';
  data: RatingRules & { effectiveFrom: LocalDate };
};
export type RatingRulesCommand = { type: 'SetRatingRules'; rules: RatingRules };

/** One version of the rules: null revision and effectiveFrom for the built-in defaults. */
export interface RatingRulesVersion extends RatingRules {
  revision: bigint | null;
  /** The local day it was set: it rates the periods ending on or after that day. */
  effectiveFrom: LocalDate | null;
}

export interface RatingRulesHistory {
  /** Every version set, oldest first. */
  versions: RatingRulesVersion[];
}

export const DEFAULT_RATING_RULES_VERSION: RatingRulesVersion = {
  ...DEFAULT_RATING_RULES,
  revision: null,
  effectiveFrom: null,
};

/** The rating-rules stream's schema (no older versions yet). */
export const ratingRuleEvents = new EventSchema<RatingRulesEvent>(['RatingRulesSet']);

export const ratingRulesRegistry = {
  events: ratingRuleEvents,
  initialState: (): RatingRulesHistory => ({ versions: [] }),
  evolve(state: RatingRulesHistory, event: RatingRulesEvent): RatingRulesHistory {
    // Every event of the stream is a set, so the sets counted are its revisions.
    const { onTimePoints, overduePenalty, grades, effectiveFrom } = event.data;
    const version: RatingRulesVersion = {
      onTimePoints,
      overduePenalty,
      grades,
      effectiveFrom,
      revision: BigInt(state.versions.length),
    };
    return { versions: [...state.versions, version] };
  },
  decide(command: RatingRulesCommand, _state: RatingRulesHistory, context: { now: string }) {
    const errors = ratingRulesErrors(command.rules);
    if (errors.length > 0) {
      throw new DomainError(
        'VALIDATION',
        errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        { errors },
      );
    }
    // Only the fields of the shape are stored, whatever object the command was built from.
    const { onTimePoints, overduePenalty, grades } = command.rules;
    const event: RatingRulesEvent = {
      type: 'RatingRulesSet',
      data: {
        onTimePoints,
        overduePenalty,
        grades: grades.map(({ grade, label, minScore }) => ({ grade, label, minScore })),
        effectiveFrom: toLocalDate(context.now),
      },
    };
    return [event];
  },
};

/** The latest version (the defaults while none was set). */
export function latestRatingRules(history: RatingRulesHistory): RatingRulesVersion {
  return history.versions[history.versions.length - 1] ?? DEFAULT_RATING_RULES_VERSION;
}

/**
 * The version that rates a period ending on `to`: the last one set on or before that day (the
 * defaults when none was), or the one asked for by revision.
 */
export function ratingRulesFor(
  history: RatingRulesHistory,
  to: LocalDate,
  revision?: bigint,
): RatingRulesVersion | undefined {
  if (revision !== undefined) return history.versions[Number(revision)];
  let chosen = DEFAULT_RATING_RULES_VERSION;
  for (const version of history.versions) {
    if (version.effectiveFrom !== null && version.effectiveFrom <= to) chosen = version;
  }
  return chosen;
}
