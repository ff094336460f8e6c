import type { EventSchema } from './event-schema';

/**
 * A pure decider (Emmett style): no I/O; time, ids and the calendar arrive in `context`.
 * `events` names the stream's event types and upcasts older versions of them as they are read.
 */
export interface Decider<Command, Event extends { type: string; data: unknown }, State, Context> {
  events: EventSchema<Event>;
  initialState(): State;
  evolve(state: State, event: Event): State;
  /**
   * `evolve` allowed to change `state` itself, for a fold that owns its state (one `evolve` made
   * it, nobody else holds it): a long stream then folds without a copy per event.
   */
  evolveInPlace?(state: State, event: Event): State;
  decide(command: Command, state: State, context: Context): Event[];
}
