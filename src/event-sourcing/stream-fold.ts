import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import type { Decider } from '../shared/decider';

type Folding<State, Event extends { type: string; data: unknown }> = Pick<
  Decider<never, Event, State, never>,
  'events' | 'initialState' | 'evolve' | 'evolveInPlace'
>;

/**
 * Folds `events` onto `state` and returns the new state, leaving `state` as it was: the first
 * event is applied with `evolve` (a copy), the others in place on that copy when the decider can
 * (`evolveInPlace`). So folding n events onto a map of m entries costs one copy, not n.
 */
export function foldEvents<State, Event extends { type: string; data: unknown }>(
  decider: Folding<State, Event>,
  state: State,
  events: readonly RecordedEvent[],
): State {
  let owned = false;
  for (const event of events) {
    const decoded = decider.events.decode(event);
    state =
      owned && decider.evolveInPlace
        ? decider.evolveInPlace(state, decoded)
        : decider.evolve(state, decoded);
    owned = true;
  }
  return state;
}

/**
 * A small stream kept folded in memory and brought up to date on each read by reading only the
 * events after the last one seen. For rarely written streams (units, sources, calendar) that many
 * requests consult: another instance's writes are still seen on the next read. A state it has
 * answered is never changed afterwards: each read with new events folds them onto one copy.
 */
export class StreamFold<State, Event extends { type: string; data: unknown }> {
  private state: State;
  private revision = -1n;

  constructor(
    private readonly store: EventStore,
    readonly streamId: string,
    private readonly decider: Folding<State, Event>,
  ) {
    this.state = decider.initialState();
  }

  async current(): Promise<State> {
    const fresh = await this.store.readStream(this.streamId, { fromRevision: this.revision + 1n });
    // Two concurrent reads may fetch the same events; fold each revision once.
    const unseen = fresh.filter((event) => event.revision > this.revision);
    if (unseen.length === 0) return this.state;
    this.state = foldEvents(this.decider, this.state, unseen);
    this.revision = unseen[unseen.length - 1].revision;
    return this.state;
  }
}
