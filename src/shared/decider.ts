import type { EventSchema } from './event-schema';

/**
 * A pure decider (Emmett style): no I/O; time, ids and the calendar arrive in `context`.
 * `events` names the stream's event types and upcasts older versions of them as they are read.
 */
export interface Decider<Command, Event extends { type: string; data: unknown }, State, Context> {
  events: EventSchema<Event>;
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State, context: Context): Event[];
}
