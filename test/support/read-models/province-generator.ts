import type { DeadlineSpec } from '../../../src/items/deadline';
import type { ItemCommand } from '../../../src/items/item.commands';
import { itemDecider } from '../../../src/items/item.decider';
import type { ItemEvent, ItemKind } from '../../../src/items/item.events';
import { itemExists, type Item, type ItemState } from '../../../src/items/item.state';
import type { UnitKind } from '../../../src/organisation/unit.registry';
import { addDays, toLocalDate } from '../../../src/shared/calendar/local-date';
import type { WorkingCalendar } from '../../../src/shared/calendar/working-calendar';
import { DomainError } from '../../../src/shared/domain-error';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface ProvinceShape {
  departments: number;
  communes: number;
  items: number;
  /** First business day of the log, ISO instant. */
  start: string;
  days: number;
  seed: number;
  /** Share of acts entered late, with a business time days before they were recorded. */
  lateEntryRate?: number;
}

export interface GeneratedUnit {
  id: string;
  name: string;
  kind: UnitKind;
}

/** One act of the generated history, in the order it was recorded. */
export interface GeneratedAct {
  itemId: string;
  kind: ItemKind;
  command: ItemCommand;
  /** Business time of the act. */
  occurredAt: string;
  /** When it was entered in the system (later than `occurredAt` for late entries). */
  recordedAt: string;
  /** The events the decider made of it (the same a command handler would append). */
  events: ItemEvent[];
}

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same province. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function provinceUnits(shape: Pick<ProvinceShape, 'departments' | 'communes'>): {
  departments: GeneratedUnit[];
  communes: GeneratedUnit[];
} {
  const departments = Array.from({ length: shape.departments }, (_, i) => ({
    id: `so-${i + 1}`,
    name: `Sở số ${i + 1}`,
    kind: 'department' as const,
  }));
  const communes = Array.from({ length: shape.communes }, (_, i) => ({
    id: `xa-${i + 1}`,
    name: `Xã số ${i + 1}`,
    kind: 'commune' as const,
  }));
  return { departments, communes };
}

/** Deterministic UUID-shaped ids, so generated items are addressable through the API. */
function itemIdOf(n: number, seed: number): string {
  const hex = (n + seed * 1_000_003).toString(16).padStart(12, '0').slice(-12);
  return `00000000-0000-4000-8000-${hex}`;
}

interface Life {
  itemId: string;
  kind: ItemKind;
  state: ItemState;
  raisedMs: number;
  nextMs: number;
  acts: number;
}

/**
 * A province's follow-up history: items raised over `days`, each living through assignments,
 * acknowledgements, progress, extensions, completion reports, reviews, reopenings, returns and
 * cancellations, every act decided by the real decider (so the history is one the API could have
 * written). Acts come out in recorded order; some are entered late with an earlier business time.
 */
export function* generateProvince(
  shape: ProvinceShape,
  calendar: WorkingCalendar,
): Generator<GeneratedAct> {
  const rnd = random(shape.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const { departments, communes } = provinceUnits(shape);
  const leads = [...departments, ...departments, ...communes.slice(0, 40)].map((u) => u.id);
  const communeIds = communes.map((u) => u.id);
  const startMs = Date.parse(shape.start);
  const endMs = startMs + shape.days * DAY_MS;
  const lateRate = shape.lateEntryRate ?? 0.05;

  const lives: Life[] = [];
  for (let n = 0; n < shape.items; n++) {
    const raisedMs = workingHour(startMs + Math.floor(rnd() * shape.days) * DAY_MS, rnd);
    lives.push({
      itemId: itemIdOf(n, shape.seed),
      kind: rnd() < 0.6 ? 'directive' : 'recommendation',
      state: itemDecider.initialState(),
      raisedMs,
      nextMs: raisedMs,
      acts: 0,
    });
  }
  const heap = new MinHeap<Life>((a, b) => a.nextMs - b.nextMs);
  for (const life of lives) heap.push(life);

  while (heap.size > 0) {
    const life = heap.pop()!;
    const recordedMs = life.nextMs;
    if (recordedMs > endMs) continue;
    const late = life.acts > 1 && rnd() < lateRate;
    const lagMs = late ? (1 + Math.floor(rnd() * 10)) * DAY_MS : Math.floor(rnd() * 2 * HOUR_MS);
    const occurredMs = Math.max(life.raisedMs, recordedMs - lagMs);
    const occurredAt = new Date(occurredMs).toISOString();
    const command = nextCommand(life, occurredAt, rnd, pick, leads, communeIds);
    if (command) {
      try {
        const events = itemDecider.decide(command, life.state, { now: occurredAt, calendar });
        life.state = events.reduce(itemDecider.evolve, life.state);
        life.acts++;
        yield {
          itemId: life.itemId,
          kind: life.kind,
          command,
          occurredAt,
          recordedAt: new Date(recordedMs).toISOString(),
          events,
        };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
    const closed =
      itemExists(life.state) &&
      (life.state.status === 'cancelled' || (life.state.status === 'resolved' && rnd() < 0.9));
    if (!closed && life.acts < 30) {
      life.nextMs = workingHour(recordedMs + (1 + Math.floor(rnd() * 12)) * DAY_MS, rnd);
      heap.push(life);
    }
  }
}

/** A time between 08:00 and 17:00 local on the day of `ms`. */
function workingHour(ms: number, rnd: () => number): number {
  const localMidnight = Math.floor((ms + 7 * HOUR_MS) / DAY_MS) * DAY_MS - 7 * HOUR_MS;
  return localMidnight + 8 * HOUR_MS + Math.floor(rnd() * 9 * HOUR_MS);
}

function nextCommand(
  life: Life,
  at: string,
  rnd: () => number,
  pick: <T>(list: readonly T[]) => T,
  leads: string[],
  communes: string[],
): ItemCommand | undefined {
  const itemId = life.itemId;
  const state = life.state;
  if (!itemExists(state)) {
    const origin = life.kind === 'recommendation' ? pick(communes) : null;
    const listed = rnd() < 0.5 ? [pick(communes)] : [];
    if (origin && rnd() < 0.5) listed.push(origin);
    return {
      type: 'RaiseItem',
      data: {
        itemId,
        kind: life.kind,
        title: `${life.kind === 'directive' ? 'Chỉ đạo' : 'Kiến nghị'} giải ngân vốn đầu tư công số ${itemId.slice(-6)}`,
        description: 'Đẩy nhanh tiến độ, tháo gỡ vướng mắc về bồi thường, giải phóng mặt bằng',
        ...(origin ? { originUnit: origin } : {}),
        communes: [...new Set(listed)],
      },
    };
  }
  const r = rnd();
  switch (state.status) {
    case 'raised':
      if (r < 0.03) return { type: 'CancelItem', data: { itemId, reason: 'Trùng lặp' } };
      return {
        type: 'AssignItem',
        data: { itemId, leadUnit: pick(leads), deadline: deadline(rnd, at) },
      };
    case 'assigned':
    case 'in-progress':
      return working(state, itemId, r, rnd, pick, leads);
    case 'awaiting-review':
      return {
        type: 'ReviewCompletion',
        data: { itemId, verdict: r < 0.85 ? 'accept' : 'return' },
      };
    case 'resolved':
      return { type: 'ReopenItem', data: { itemId, reason: 'Chưa đạt yêu cầu' } };
    case 'cancelled':
      return undefined;
  }
}

function working(
  state: Item,
  itemId: string,
  r: number,
  rnd: () => number,
  pick: <T>(list: readonly T[]) => T,
  leads: string[],
): ItemCommand {
  if (state.pendingExtension && r < 0.7) {
    return { type: 'DecideExtension', data: { itemId, approve: rnd() < 0.75 } };
  }
  if (state.status === 'assigned' && r < 0.5) return { type: 'AcknowledgeItem', data: { itemId } };
  if (r < 0.03) return { type: 'ReturnItem', data: { itemId, reason: 'Không thuộc thẩm quyền' } };
  if (r < 0.05) return { type: 'AssignItem', data: { itemId, leadUnit: pick(leads) } };
  if (r < 0.06) return { type: 'CancelItem', data: { itemId, reason: 'Rút lại' } };
  if (r < 0.16 && state.deadline.current && !state.pendingExtension) {
    const proposed = addDays(state.deadline.current, 10 + Math.floor(rnd() * 30));
    return {
      type: 'RequestExtension',
      data: { itemId, proposedDueDate: proposed, reason: 'Chờ vốn' },
    };
  }
  if (r < 0.24 && state.kind === 'recommendation' && !state.answered) {
    return { type: 'AnswerRecommendation', data: { itemId, response: 'Đã trả lời bằng văn bản' } };
  }
  if (r < 0.8) return { type: 'ReportProgress', data: { itemId, note: 'Đang triển khai' } };
  if (r < 0.83)
    return { type: 'ResolveItem', data: { itemId, outcome: 'completed', note: 'Đã xử lý' } };
  return { type: 'ReportCompletion', data: { itemId, summary: 'Đã hoàn thành' } };
}

function deadline(rnd: () => number, at: string): DeadlineSpec {
  const r = rnd();
  if (r < 0.6) return { type: 'working-days', days: 5 + Math.floor(rnd() * 25) };
  if (r < 0.85)
    return { type: 'date', date: addDays(toLocalDate(at), 10 + Math.floor(rnd() * 50)) };
  return { type: 'none' };
}

/** A binary min-heap: the generator merges 100,000 item lives in recorded order. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.less(a[i], a[parent]) >= 0) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m]) < 0) m = l;
        if (r < a.length && this.less(a[r], a[m]) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
