import fc from 'fast-check';
import { DEFAULT_CALENDAR } from '../shared/calendar/default-calendar';
import { DomainError } from '../shared/domain-error';
import {
  commandFor,
  history,
  HISTORY_START_MS,
} from '../../test/support/read-models/random-history';
import { itemDecider } from './item.decider';
import type { ItemEvent } from './item.events';
import { evolve, evolveInPlace } from './item.evolve';
import type { ItemState } from './item.state';
import { ev, stateAfter } from './item.test-kit';

const ITEM = '6f1c2d3e-0000-4000-8000-0000000000aa';

/** Freezes `value` and everything it holds, so that any write to it throws (specs run strict). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

type Step = (before: ItemState, event: ItemEvent) => ItemState;

/**
 * Random histories of one item, as the decider writes them: for each history `start` gives the
 * step that folds each event into the state before it.
 */
function foldHistories(start: () => Step) {
  return fc.property(history({ maxActs: 60 }), ({ kinds, acts }) => {
    const step = start();
    let state: ItemState = itemDecider.initialState();
    let at = HISTORY_START_MS;
    for (const act of acts) {
      at += act.gapHours * 3_600_000;
      let events: ItemEvent[];
      try {
        const command = commandFor(ITEM, kinds[0], state, act.draw);
        const now = new Date(at).toISOString();
        events = itemDecider.decide(command, state, { now, calendar: DEFAULT_CALENDAR });
      } catch (error) {
        if (error instanceof DomainError) continue;
        throw error;
      }
      for (const event of events) state = step(state, event);
    }
  });
}

describe('evolve', () => {
  it('never changes the state it is given: a deep-frozen state evolves without a write', () => {
    fc.assert(
      foldHistories(() => (before, event) => evolve(deepFreeze(before), event)),
      { numRuns: 1_000 },
    );
  });

  it('records an extension decision in a new record, leaving the earlier state undecided', () => {
    const requested = deepFreeze(stateAfter([ev.raised(), ev.assigned(), ev.extensionRequested()]));
    const decided = evolve(requested, ev.extensionDecided());
    if (requested.status === 'none' || decided.status === 'none') throw new Error('no item');
    expect(requested.deadline.extensions[0].decision).toBeNull();
    expect(requested.pendingExtension).not.toBeNull();
    expect(decided.deadline.extensions[0].decision).toMatchObject({ approved: true });
    expect(decided.deadline.current).toBe('2026-01-20');
  });
});

/**
 * The in-place fold a rebuild uses, on a state it owns, against `evolve` event by event: the same
 * state, serialised the same way (key order included), as the items read model stores it.
 */
describe('evolveInPlace', () => {
  it('leaves the state evolve makes, after every event', () => {
    fc.assert(
      foldHistories(() => {
        let owned: ItemState = itemDecider.initialState();
        return (before, event) => {
          const after = evolve(before, event);
          // As read from a store: a copy of the event, and a state the fold owns.
          owned = evolveInPlace(owned, JSON.parse(JSON.stringify(event)) as ItemEvent);
          expect(JSON.stringify(owned)).toBe(JSON.stringify(after));
          return after;
        };
      }),
      { numRuns: 1_000 },
    );
  });
});
