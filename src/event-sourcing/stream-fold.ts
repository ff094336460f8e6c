import type { EventStore } from '../event-store/event-store.port';
import type { Decider } from '../shared/decider';

/**
 * A small stream kept folded in memory and brought up to date on each read by reading only the
 * events after the last one seen. For short, rarely written streams (units, sources, calendar)
 * that many requests consult: another instance's writes are still seen on the next read.
 */
export class StreamFold<State, Event extends { type: string; data: unknown }> {
  private state: State;
  private revision = -1n;

  constructor(
    private readonly store: EventStore,
    readonly streamId: string,
    private readonly decider: Pick<
      Decider<never, Event, State, never>,
      'events' | 'initialState' | 'evolve'
    >,
  ) {
    this.state = decider.initialState();
  }

  async current(): Promise<State> {
    const fresh = await this.store.readStream(this.streamId, { fromRevision: this.revision + 1n });
    for (const event of fresh) {
      // Two concurrent reads may fetch the same events; fold each revision once.
      if (event.revision <= this.revision) continue;
      this.state = this.decider.evolve(this.state, this.decider.events.decode(event));
      this.revision = event.revision;
    }
    return this.state;
  }
}
