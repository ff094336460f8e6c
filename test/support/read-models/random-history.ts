import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../../src/event-store/event-store.port';
import { handleCommand } from '../../../src/event-sourcing/command-handler';
import type { DeadlineSpec } from '../../../src/items/deadline';
import type { ItemCommand } from '../../../src/items/item.commands';
import { itemDecider } from '../../../src/items/item.decider';
import type { ItemKind, ItemOutcome } from '../../../src/items/item.events';
import type { ItemState } from '../../../src/items/item.state';
import { unitRegistry, UNITS_STREAM } from '../../../src/organisation/unit.registry';
import { DEFAULT_CALENDAR } from '../../../src/shared/calendar/default-calendar';
import { addDays, toLocalDate } from '../../../src/shared/calendar/local-date';
import { effectiveInstant } from '../../../src/organisation/unit-lineage';
import { DomainError } from '../../../src/shared/domain-error';

/**
 * Random follow-up histories for property specs: a few items, each act recorded hours after the
 * one before, some entered late with a business time days earlier. Each act draws a command
 * fitting its item's state (assign a raised item, review one awaiting review...), or now and then
 * any command at all, which the decider may refuse: a refused act writes nothing, as through the
 * API. Acts are drawn as numbers and turned into commands while the history is written, against
 * the item as it stands then.
 */

export const DEPARTMENTS = ['so-a', 'so-b'];
export const COMMUNES = ['xa-a', 'xa-b', 'xa-c'];
const UNITS = [...DEPARTMENTS, ...COMMUNES];
export const HISTORY_START_MS = Date.parse('2026-01-05T01:00:00.000Z');
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Fixed ids, so that a shrunk counterexample reads the same from run to run. */
const ITEM_IDS = Array.from({ length: 4 }, (_, i) => `6f1c2d3e-0000-4000-8000-00000000000${i}`);

/** Texts with and without Vietnamese marks, for the search to find or miss. */
const TEXTS = [
  'Đẩy nhanh giải ngân vốn đầu tư công',
  'Bổ sung biên chế công chức cấp xã',
  'Bảo vệ hành lang đê điều',
  'Sửa đường 100% vốn tỉnh',
  'Giai ngan',
];
const OUTCOMES: ItemOutcome[] = ['completed', 'not-feasible', 'forwarded', 'duplicate'];

/** The random values one act may use, whatever command it turns out to be. */
interface Draw {
  /** Which command, among those fitting the item's state (see `commandFor`). */
  pick: number;
  /** Any command at all instead (often refused). */
  wild: boolean;
  unit: string;
  supporting: string[];
  communes: string[];
  deadline: DeadlineSpec | null;
  date: string;
  text: string;
  description: string | null;
  flag: boolean;
  outcome: ItemOutcome;
}

export interface Act {
  item: number;
  draw: Draw;
  /** Hours since the previous act was recorded. */
  gapHours: number;
  /** How long before it was recorded the act took place (late entries: days). */
  lagMinutes: number;
}

/**
 * The two communes merged into a new one, {@link MERGED_INTO}, when a history has a merger: it is
 * recorded after act `afterAct`, effective `effectiveDaysBefore` days before (a merger recorded
 * late), and its transfers are recorded `transferAfterActs` acts later still.
 */
export const MERGED = ['xa-a', 'xa-b'];
export const MERGED_INTO = 'xa-ab';

export interface Merger {
  /** Where among the acts it is recorded, as a fraction of them (late in the history: it then concerns items). */
  afterAct: number;
  effectiveDaysBefore: number;
  transferAfterActs: number;
}

export interface History {
  kinds: ItemKind[];
  acts: Act[];
  merger?: Merger | null;
}

const deadline: fc.Arbitrary<DeadlineSpec> = fc.oneof(
  fc.record({
    type: fc.constant('date' as const),
    date: fc.integer({ min: 0, max: 200 }).map((d) => addDays('2026-01-05', d)),
  }),
  fc.record({ type: fc.constant('working-days' as const), days: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ type: fc.constant('calendar-days' as const), days: fc.integer({ min: 1, max: 60 }) }),
  fc.constant({ type: 'none' as const }),
);

const draw: fc.Arbitrary<Draw> = fc.record({
  // Unbiased: fast-check leans towards small numbers, which would pick the first command always.
  pick: fc.noBias(fc.integer({ min: 0, max: 9_999 })).map((n) => n / 10_000),
  wild: fc.constant(false),
  unit: fc.constantFrom(...UNITS),
  supporting: fc.subarray(UNITS),
  communes: fc.subarray(COMMUNES),
  deadline: fc.option(deadline),
  date: fc.integer({ min: 0, max: 200 }).map((d) => addDays('2026-01-05', d)),
  text: fc.oneof(fc.constantFrom(...TEXTS), fc.string({ maxLength: 12 })),
  description: fc.option(fc.constantFrom(...TEXTS)),
  flag: fc.boolean(),
  outcome: fc.constantFrom(...OUTCOMES),
});

const act = (items: number): fc.Arbitrary<Act> =>
  fc.record({
    item: fc.integer({ min: 0, max: items - 1 }),
    // One act in ten is any command at all.
    draw: fc
      .tuple(draw, fc.integer({ min: 0, max: 9 }))
      .map(([d, wild]) => ({ ...d, wild: wild === 0 })),
    gapHours: fc.integer({ min: 1, max: 96 }),
    lagMinutes: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 120 }), weight: 4 },
      { arbitrary: fc.integer({ min: 1, max: 10 }).map((days) => days * 24 * 60), weight: 1 },
    ),
  });

export const history = (options: { maxActs: number; mergers?: boolean }): fc.Arbitrary<History> =>
  fc.integer({ min: 1, max: ITEM_IDS.length }).chain((items) =>
    fc.record({
      kinds: fc.array(fc.constantFrom('directive' as const, 'recommendation' as const), {
        minLength: items,
        maxLength: items,
      }),
      // size 'max': fast-check otherwise keeps arrays to about ten entries.
      acts: fc.array(act(items), { minLength: 1, maxLength: options.maxActs, size: 'max' }),
      merger: options.mergers
        ? fc.option(
            fc.record({
              afterAct: fc.double({ min: 0.2, max: 1, noNaN: true }),
              effectiveDaysBefore: fc.integer({ min: 0, max: 20 }),
              transferAfterActs: fc.integer({ min: 0, max: 3 }),
            }),
            { freq: 3 },
          )
        : fc.constant(null),
    }),
  );

/** When the history's merger took effect (start of its day) and was recorded; null without one. */
export function mergerOf(
  h: History,
): { effectiveOn: string; effectiveMs: number; recordedMs: number } | null {
  if (!h.merger) return null;
  const after = mergerIndex(h);
  const recordedMs =
    h.acts.slice(0, after).reduce((ms, a) => ms + a.gapHours * HOUR_MS, HISTORY_START_MS) +
    30 * 60_000;
  const effectiveOn = addDays(
    toLocalDate(new Date(recordedMs).toISOString()),
    -h.merger.effectiveDaysBefore,
  );
  return { effectiveOn, effectiveMs: Date.parse(effectiveInstant(effectiveOn)), recordedMs };
}

/** The index of the act the merger is recorded before (the acts' length: after the last). */
function mergerIndex(h: History): number {
  return Math.min(h.acts.length, Math.floor((h.merger?.afterAct ?? 1) * h.acts.length));
}

/** After the merger, what the registry lets a command name: the merged communes' successor. */
function organisedDraw(d: Draw): Draw {
  const map = (u: string) => (MERGED.includes(u) ? MERGED_INTO : u);
  return {
    ...d,
    unit: map(d.unit),
    supporting: [...new Set(d.supporting.map(map))],
    communes: [...new Set(d.communes.map(map))],
  };
}

/** Every command the draw can make, by name. */
function commands(itemId: string, kind: ItemKind, d: Draw): Record<string, ItemCommand> {
  return {
    raise: {
      type: 'RaiseItem',
      data: {
        itemId,
        kind,
        title: d.text || TEXTS[0],
        communes: d.communes,
        ...(d.description === null ? {} : { description: d.description }),
        ...(kind === 'recommendation' && d.flag
          ? { originUnit: d.communes[0] ?? COMMUNES[2] }
          : {}),
        ...(d.deadline === null ? {} : { deadline: d.deadline }),
      },
    },
    assign: {
      type: 'AssignItem',
      data: {
        itemId,
        leadUnit: d.unit,
        supportingUnits: d.supporting.filter((u) => u !== d.unit),
        ...(d.deadline === null ? {} : { deadline: d.deadline }),
      },
    },
    acknowledge: { type: 'AcknowledgeItem', data: { itemId } },
    return: { type: 'ReturnItem', data: { itemId, reason: 'Sai thẩm quyền' } },
    progress: { type: 'ReportProgress', data: { itemId, note: d.text || 'x' } },
    extend: {
      type: 'RequestExtension',
      data: { itemId, proposedDueDate: d.date, reason: 'Chờ vốn' },
    },
    decide: {
      type: 'DecideExtension',
      data: { itemId, approve: d.flag, ...(d.flag && d.pick < 0.5 ? { dueDate: d.date } : {}) },
    },
    answer: { type: 'AnswerRecommendation', data: { itemId, response: d.text || 'x' } },
    complete: { type: 'ReportCompletion', data: { itemId, summary: 'Đã hoàn thành' } },
    review: { type: 'ReviewCompletion', data: { itemId, verdict: d.flag ? 'accept' : 'return' } },
    resolve: { type: 'ResolveItem', data: { itemId, outcome: d.outcome, note: 'Xong' } },
    reopen: { type: 'ReopenItem', data: { itemId, reason: 'Chưa đạt' } },
    cancel: { type: 'CancelItem', data: { itemId, reason: 'Rút lại' } },
  };
}

/** Which commands fit a state, the likelier first and repeated for weight. */
function fitting(state: ItemState): string[] {
  switch (state.status) {
    case 'none':
      return ['raise'];
    case 'raised':
      return ['assign', 'assign', 'assign', 'assign', 'assign', 'cancel'];
    case 'assigned':
    case 'in-progress': {
      const work = ['acknowledge', 'progress', 'progress', 'extend', 'extend', 'complete'];
      const rarer = ['answer', 'resolve', 'return', 'assign', 'cancel'];
      return state.pendingExtension
        ? ['decide', 'decide', 'decide', ...work, ...rarer]
        : [...work, ...work, ...rarer];
    }
    case 'awaiting-review':
      return ['review', 'review', 'review', 'review', 'cancel'];
    case 'resolved':
      return ['reopen', 'reopen', 'reopen', 'cancel'];
    case 'cancelled':
      return ['progress'];
  }
}

/** The command an act makes of the item's current state. */
export function commandFor(itemId: string, kind: ItemKind, state: ItemState, d: Draw): ItemCommand {
  const all = commands(itemId, kind, d);
  const names = d.wild ? Object.keys(all) : fitting(state);
  return all[names[Math.floor(d.pick * names.length)]];
}

/** The instant the last act of `history` was recorded. */
export function historyEndMs(h: History): number {
  return h.acts.reduce((ms, a) => ms + a.gapHours * HOUR_MS, HISTORY_START_MS);
}

/**
 * Runs the history through the real command path into `store`. `recordAt(ms)` is called before
 * each act with its recorded time (the spec moves a fake clock there: stores stamp `recordedAt`
 * from the clock). Returns how many acts the decider accepted.
 */
export async function writeHistory(
  store: EventStore,
  h: History,
  recordAt: (ms: number) => void,
  options: { transfer?: () => Promise<void> } = {},
): Promise<number> {
  const states: ItemState[] = h.kinds.map(() => itemDecider.initialState());
  let recordedMs = HISTORY_START_MS;
  let accepted = 0;
  const merger = mergerOf(h);
  let merged = false;
  const steps = async (index: number) => {
    if (!merger || !h.merger) return;
    if (!merged && index >= mergerIndex(h)) {
      recordAt(merger.recordedMs);
      await handleCommand({
        store,
        decider: unitRegistry,
        streamId: UNITS_STREAM,
        command: {
          type: 'MergeUnits',
          from: MERGED,
          into: { id: MERGED_INTO, name: 'Xã A-B', kind: 'commune' },
          effectiveOn: merger.effectiveOn,
        },
        context: { today: toLocalDate(new Date(merger.recordedMs).toISOString()) },
        metadata: {
          actor: { sub: 'admin-1', role: 'admin', unit: null },
          occurredAt: new Date(merger.recordedMs).toISOString(),
          correlationId: randomUUID(),
          causationId: null,
          commandId: randomUUID(),
        },
      });
      merged = true;
    }
    const transferAt = Math.min(mergerIndex(h) + h.merger.transferAfterActs, h.acts.length);
    if (merged && index >= transferAt && options.transfer) {
      const transfer = options.transfer;
      options = {};
      recordAt(Math.max(recordedMs, merger.recordedMs) + 45 * 60_000);
      await transfer();
    }
  };
  for (const [index, a] of h.acts.entries()) {
    await steps(index);
    recordedMs += a.gapHours * HOUR_MS;
    const occurredAt = new Date(
      Math.max(HISTORY_START_MS - DAY_MS, recordedMs - a.lagMinutes * 60_000),
    ).toISOString();
    const itemId = ITEM_IDS[a.item];
    const kind = h.kinds[a.item];
    recordAt(recordedMs);
    try {
      const result = await handleCommand({
        store,
        decider: itemDecider,
        streamId: `${kind}-${itemId}`,
        command: commandFor(itemId, kind, states[a.item], merged ? organisedDraw(a.draw) : a.draw),
        context: { now: occurredAt, calendar: DEFAULT_CALENDAR },
        metadata: {
          actor: { sub: 'office-1', role: 'office', unit: null },
          occurredAt,
          correlationId: randomUUID(),
          causationId: null,
          commandId: randomUUID(),
        },
      });
      states[a.item] = result.state;
      accepted++;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  await steps(h.acts.length);
  return accepted;
}
