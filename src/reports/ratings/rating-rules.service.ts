import { Inject, Injectable } from '@nestjs/common';
import { StreamFold } from '../../event-sourcing/stream-fold';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import {
  RATING_RULES_STREAM,
  ratingRulesRegistry,
  type RatingRulesEvent,
  type RatingRulesHistory,
} from './rating-rules.registry';

/**
 * Reads the rating rules: one short stream, folded in memory and brought up to date from the
 * store on every read, so all instances agree. Writes go through the command bus.
 */
@Injectable()
export class RatingRulesService {
  private readonly fold: StreamFold<RatingRulesHistory, RatingRulesEvent>;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.fold = new StreamFold(store, RATING_RULES_STREAM, ratingRulesRegistry);
  }

  /** Every version set so far. Shared between callers: read it, do not change it. */
  history(): Promise<RatingRulesHistory> {
    return this.fold.current();
  }
}
