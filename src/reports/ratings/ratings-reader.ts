import type { ReadYourWrites } from '../../read-models/min-position';
import type { Ratings, RatingsRequest } from './ratings.query';

/** Injection token of the {@link RatingsReader}: the read side, in whichever thread it runs. */
export const RATINGS_READER = Symbol('RATINGS_READER');

export interface RatingRequest extends ReadYourWrites {
  ratings: RatingsRequest;
}

/**
 * What ratings need of the read side: the scores, from the overdue report's index, as JSON text.
 * A year's explanation lists every item due in it (tens of thousands): serialised where it is
 * computed, it crosses threads as one string and the thread that answers commands only sends it.
 */
export interface RatingsReader {
  ratingsJson(request: RatingRequest): Promise<string>;
}

/** The answer of {@link RatingsReader.ratingsJson}, parsed (for a workbook). */
export type { Ratings };
