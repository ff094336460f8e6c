import fc from 'fast-check';
import { DEFAULT_CALENDAR } from '../shared/calendar/default-calendar';
import { addDays } from '../shared/calendar/local-date';
import { DomainError } from '../shared/domain-error';
import { CALENDAR_NOT_LOADED, COMMANDS_USING_CALENDAR, type ItemCommand } from './item.commands';
import { decide, evolve, initialState } from './item.decider';
import type { ItemEvent } from './item.events';
import type { ItemState } from './item.state';

/**
 * Random sequences of valid and invalid commands against the decider. Whatever the order, the
 * invariants of the follow-up rules must hold after every step, and a refused command emits nothing.
 */
const ITEM = '6f1c2d3e-0000-4000-8000-000000000001';
const UNITS = ['so-noi-vu', 'so-y-te', 'xa-thanh-ba'];
const START = Date.parse('2026-01-05T02:00:00.000Z');

const unit = fc.constantFrom(...UNITS);
const text = fc.string({ minLength: 1, maxLength: 20 });
const date = fc.integer({ min: 0, max: 400 }).map((d) => addDays('2026-01-05', d));
const deadline = fc.oneof(
  fc.record({ type: fc.constant('date' as const), date }),
  fc.record({ type: fc.constant('working-days' as const), days: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ type: fc.constant('calendar-days' as const), days: fc.integer({ min: 1, max: 90 }) }),
  fc.constant({ type: 'none' as const }),
);

const command: fc.Arbitrary<ItemCommand> = fc.oneof(
  fc.record({
    type: fc.constant('RaiseItem' as const),
    data: fc.record({
      itemId: fc.constant(ITEM),
      kind: fc.constantFrom('directive' as const, 'recommendation' as const),
      title: text,
    }),
  }),
  fc.record({
    type: fc.constant('AssignItem' as const),
    data: fc.record(
      { itemId: fc.constant(ITEM), leadUnit: unit, supportingUnits: fc.subarray(UNITS), deadline },
      { requiredKeys: ['itemId', 'leadUnit'] },
    ),
  }),
  fc.constant<ItemCommand>({ type: 'AcknowledgeItem', data: { itemId: ITEM } }),
  fc.record({
    type: fc.constant('ReturnItem' as const),
    data: fc.record({ itemId: fc.constant(ITEM), reason: text }),
  }),
  fc.record({
    type: fc.constant('ReportProgress' as const),
    data: fc.record({ itemId: fc.constant(ITEM), note: text }),
  }),
  fc.record({
    type: fc.constant('RequestExtension' as const),
    data: fc.record({ itemId: fc.constant(ITEM), proposedDueDate: date, reason: text }),
  }),
  fc.record({
    type: fc.constant('DecideExtension' as const),
    data: fc.record(
      { itemId: fc.constant(ITEM), approve: fc.boolean(), dueDate: date },
      { requiredKeys: ['itemId', 'approve'] },
    ),
  }),
  fc.record({
    type: fc.constant('AnswerRecommendation' as const),
    data: fc.record({ itemId: fc.constant(ITEM), response: text }),
  }),
  fc.record({
    type: fc.constant('ReportCompletion' as const),
    data: fc.record({ itemId: fc.constant(ITEM), summary: text }),
  }),
  fc.record({
    type: fc.constant('ReviewCompletion' as const),
    data: fc.record({
      itemId: fc.constant(ITEM),
      verdict: fc.constantFrom('accept' as const, 'return' as const),
    }),
  }),
  fc.record({
    type: fc.constant('ResolveItem' as const),
    data: fc.record({
      itemId: fc.constant(ITEM),
      outcome: fc.constantFrom(
        'completed' as const,
        'not-feasible' as const,
        'forwarded' as const,
        'duplicate' as const,
      ),
      note: text,
    }),
  }),
  fc.record({
    type: fc.constant('ReopenItem' as const),
    data: fc.record({ itemId: fc.constant(ITEM), reason: text }),
  }),
  fc.record({
    type: fc.constant('CancelItem' as const),
    data: fc.record({ itemId: fc.constant(ITEM), reason: text }),
  }),
);

/** Runs the commands one a day; returns every state reached and every event emitted. */
function run(commands: ItemCommand[]) {
  let state: ItemState = initialState();
  const events: ItemEvent[] = [];
  const steps: {
    command: ItemCommand;
    before: ItemState;
    after: ItemState;
    emitted: ItemEvent[];
    refused: boolean;
  }[] = [];
  commands.forEach((c, day) => {
    const before = state;
    const frozen = JSON.stringify(before);
    let emitted: ItemEvent[] = [];
    let refused = false;
    try {
      emitted = decide(c, state, {
        now: new Date(START + day * 86_400_000).toISOString(),
        // As the server decides: without a calendar unless the command is one that uses it.
        calendar: COMMANDS_USING_CALENDAR.has(c.type) ? DEFAULT_CALENDAR : CALENDAR_NOT_LOADED,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused = true;
    }
    // The decider is pure: deciding never changes the state it was given.
    expect(JSON.stringify(before)).toBe(frozen);
    state = emitted.reduce(evolve, state);
    events.push(...emitted);
    steps.push({ command: c, before, after: state, emitted, refused });
  });
  return { state, events, steps };
}

describe('item decider invariants under random command sequences', () => {
  it('holds the follow-up rules after every step', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 40 }), (commands) => {
        const { events, steps } = run(commands);
        for (const { after, refused, emitted, before } of steps) {
          if (refused) {
            expect(emitted).toEqual([]);
            expect(after).toBe(before);
          }
          if (after.status === 'none') continue;
          // One lead unit at most, and never also a supporting unit.
          expect(after.leadUnit === null || typeof after.leadUnit === 'string').toBe(true);
          if (after.leadUnit) expect(after.supportingUnits).not.toContain(after.leadUnit);
          // Past "raised", someone leads the item (a return puts it back to raised).
          if (['assigned', 'in-progress', 'awaiting-review'].includes(after.status))
            expect(after.leadUnit).not.toBeNull();
          // A resolved item has a resolution.
          if (after.status === 'resolved') {
            expect(after.outcome).not.toBeNull();
            expect(after.resolvedAt).not.toBeNull();
          } else {
            expect(after.outcome).toBeNull();
          }
        }
        // The current deadline is the original, an assigned due date, or an approved extension.
        const final = steps[steps.length - 1].after;
        if (final.status !== 'none' && final.deadline.current !== null) {
          const allowed = new Set<string>();
          for (const e of events) {
            if (e.type === 'ItemAssigned' && e.data.dueDate) allowed.add(e.data.dueDate);
            if (e.type === 'ExtensionDecided' && e.data.approved && e.data.dueDate)
              allowed.add(e.data.dueDate);
          }
          expect(allowed).toContain(final.deadline.current);
          expect(allowed).toContain(final.deadline.original);
        }
        // Nothing is accepted after a cancellation.
        const cancelledAt = steps.findIndex((s) => s.after.status === 'cancelled');
        if (cancelledAt >= 0) {
          for (const later of steps.slice(cancelledAt + 1)) expect(later.emitted).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('replaying the emitted events rebuilds the same state', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 40 }), (commands) => {
        const { state, events } = run(commands);
        const replayed = JSON.parse(JSON.stringify(events)).reduce(evolve, initialState());
        expect(replayed).toEqual(state);
      }),
      { numRuns: 200 },
    );
  });
});
