import type { ReadYourWrites } from '../../read-models/min-position';
import type { Ratings, RatingsRequest } from './ratings.query';

/** Injection token of the {@link RatingsReader}: the read side, in whichever thread it runs. */
export const RATINGS_READER = Symbol('RATINGS_READER');

export interface RatingRequest extends ReadYourWrites {
  ratings: RatingsRequest;
}

/** What ratings need of the read side: the scores, from the overdue report's index. */
export interface RatingsReader {
  ratings(request: RatingRequest): Promise<Ratings>;
}
