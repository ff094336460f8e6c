import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '../../shared/domain-error';
import type { LocalDate } from '../../shared/calendar/local-date';
import type { ReadYourWrites } from '../../read-models/min-position';
import type { ReportBasis } from '../overdue/overdue-report.query';
import { RatingRulesService } from './rating-rules.service';
import { ratingRulesFor, type RatingRulesVersion } from './rating-rules.registry';
import { RATINGS_READER, type RatingsReader } from './ratings-reader';
import type { RatingRulesUsed } from './ratings.query';

export interface GetRatingsRequest extends ReadYourWrites {
  from: LocalDate;
  to: LocalDate;
  basis: ReportBasis;
  unitId?: string;
  /** Rate with this version of the rules instead of the one in force at the end of the period. */
  rulesRevision?: bigint;
}

/**
 * Each lead unit's score and grade over a period, with the rules' version that made them: the
 * `Ratings` answer as JSON text (see `RatingsReader`).
 */
export class GetRatingsQuery extends Query<string> {
  constructor(readonly request: GetRatingsRequest) {
    super();
  }
}

@QueryHandler(GetRatingsQuery)
export class GetRatingsHandler implements IQueryHandler<GetRatingsQuery> {
  constructor(
    @Inject(RATINGS_READER) private readonly readSide: RatingsReader,
    private readonly rules: RatingRulesService,
  ) {}

  async execute({ request }: GetRatingsQuery): Promise<string> {
    const { from, to, basis, unitId, rulesRevision, minPosition } = request;
    const version = ratingRulesFor(await this.rules.history(), to, rulesRevision);
    if (!version) {
      throw DomainError.invalidField('rulesRevision', 'no version of the rating rules has it');
    }
    return this.readSide.ratingsJson({
      ratings: { from, to, basis, unitId, rules: rulesUsed(version) },
      minPosition,
    });
  }
}

export function rulesUsed(version: RatingRulesVersion): RatingRulesUsed {
  return {
    onTimePoints: version.onTimePoints,
    overduePenalty: version.overduePenalty,
    grades: version.grades.map((band) => ({ ...band })),
    revision: version.revision === null ? null : version.revision.toString(),
    effectiveFrom: version.effectiveFrom,
  };
}
