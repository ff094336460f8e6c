import fc from 'fast-check';
import { itemDecider } from '../item.decider';
import type { ItemEvent } from '../item.events';
import type { ItemState } from '../item.state';
import { DEFAULT_CALENDAR } from '../../shared/calendar/default-calendar';
import { DomainError } from '../../shared/domain-error';
import { commandFor, history, HISTORY_START_MS } from '../../read-models/testing/random-history';
import { evolveInPlace } from './item-fold';

const ITEM = '6f1c2d3e-0000-4000-8000-0000000000aa';

/**
 * The in-place fold against the domain's `evolve`, event by event, on random histories of one
 * item: the same state, serialised the same way (key order included), as the items read model
 * stores it.
 */
describe('evolveInPlace', () => {
  it('leaves the state evolve makes, after every event', () => {
    fc.assert(
      fc.property(history({ maxActs: 60 }), ({ kinds, acts }) => {
        let byEvolve: ItemState = itemDecider.initialState();
        let inPlace: ItemState = itemDecider.initialState();
        let at = HISTORY_START_MS;
        for (const act of acts) {
          at += act.gapHours * 3_600_000;
          let events: ItemEvent[];
          try {
            const command = commandFor(ITEM, kinds[0], byEvolve, act.draw);
            const now = new Date(at).toISOString();
            events = itemDecider.decide(command, byEvolve, { now, calendar: DEFAULT_CALENDAR });
          } catch (error) {
            if (error instanceof DomainError) continue;
            throw error;
          }
          for (const event of events) {
            byEvolve = itemDecider.evolve(byEvolve, event);
            // As read from a store: a copy of the event, and a state the fold owns.
            inPlace = evolveInPlace(inPlace, JSON.parse(JSON.stringify(event)) as ItemEvent);
            expect(JSON.stringify(inPlace)).toBe(JSON.stringify(byEvolve));
          }
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
