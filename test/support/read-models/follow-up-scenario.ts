import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../../src/event-store/event-store.port';
import { handleCommand, type CommandMetadata } from '../../../src/event-sourcing/command-handler';
import type { DeadlineSpec } from '../../../src/items/deadline';
import type { ItemCommand } from '../../../src/items/item.commands';
import { itemDecider } from '../../../src/items/item.decider';
import type { ItemKind } from '../../../src/items/item.events';
import {
  unitRegistry,
  UNITS_STREAM,
  type UnitCommand,
  type UnitKind,
} from '../../../src/organisation/unit.registry';
import { toLocalDate } from '../../../src/shared/calendar/local-date';
import { DEFAULT_CALENDAR } from '../../../src/shared/calendar/default-calendar';
import type { WorkingCalendar } from '../../../src/shared/calendar/working-calendar';
import {
  generateProvince,
  provinceUnits,
  type GeneratedAct,
  type ProvinceShape,
} from './province-generator';

type DataOf<T extends ItemCommand['type']> = Omit<
  Extract<ItemCommand, { type: T }>['data'],
  'itemId'
>;

const OFFICE = { sub: 'office-1', role: 'office', unit: null, name: 'Văn phòng UBND tỉnh' };

/**
 * Writes a follow-up history through the real command path (`handleCommand` with the item decider,
 * so events are decided, hash-chained and appended as the API would), with the business time of
 * every act given explicitly. For specs, e2e tests and the benchmark's small runs.
 */
export class FollowUpScenario {
  private readonly kinds = new Map<string, ItemKind>();

  constructor(
    readonly store: EventStore,
    private readonly calendar: WorkingCalendar = DEFAULT_CALENDAR,
  ) {}

  async registerUnits(units: { id: string; name: string; kind: UnitKind }[]): Promise<void> {
    for (const unit of units) {
      await handleCommand({
        store: this.store,
        decider: unitRegistry,
        streamId: UNITS_STREAM,
        command: { type: 'RegisterUnit', unit },
        metadata: metadata(new Date().toISOString()),
      });
    }
  }

  /**
   * Registers a generated province's units and writes every act of its history through the command
   * path, in order. `beforeAct` runs before each act (e.g. to set the clock to its recording time).
   */
  async writeProvince(
    shape: ProvinceShape,
    beforeAct?: (act: GeneratedAct) => void,
  ): Promise<void> {
    const { departments, communes } = provinceUnits(shape);
    await this.registerUnits([...departments, ...communes]);
    for (const act of generateProvince(shape, this.calendar)) {
      beforeAct?.(act);
      if (act.command.type === 'RaiseItem') {
        await this.raise(act.occurredAt, act.command.data, act.itemId);
      } else {
        await this.act(act.itemId, act.occurredAt, act.command);
      }
    }
  }

  /** Raises an item and returns its id. */
  async raise(
    at: string,
    data: Partial<DataOf<'RaiseItem'>> & { kind: ItemKind },
    itemId: string = randomUUID(),
  ): Promise<string> {
    this.kinds.set(itemId, data.kind);
    await this.act(itemId, at, {
      type: 'RaiseItem',
      data: { title: `Việc ${itemId.slice(0, 8)}`, ...data, itemId },
    });
    return itemId;
  }

  assign(itemId: string, at: string, leadUnit: string, deadline?: DeadlineSpec) {
    return this.act(itemId, at, {
      type: 'AssignItem',
      data: { itemId, leadUnit, ...(deadline ? { deadline } : {}) },
    });
  }

  acknowledge(itemId: string, at: string) {
    return this.act(itemId, at, { type: 'AcknowledgeItem', data: { itemId } });
  }

  returnItem(itemId: string, at: string) {
    return this.act(itemId, at, { type: 'ReturnItem', data: { itemId, reason: 'Sai thẩm quyền' } });
  }

  requestExtension(itemId: string, at: string, proposedDueDate: string) {
    return this.act(itemId, at, {
      type: 'RequestExtension',
      data: { itemId, proposedDueDate, reason: 'Chờ số liệu' },
    });
  }

  decideExtension(itemId: string, at: string, approve: boolean, dueDate?: string) {
    return this.act(itemId, at, {
      type: 'DecideExtension',
      data: { itemId, approve, ...(dueDate ? { dueDate } : {}) },
    });
  }

  reportCompletion(itemId: string, at: string) {
    return this.act(itemId, at, {
      type: 'ReportCompletion',
      data: { itemId, summary: 'Đã hoàn thành' },
    });
  }

  review(itemId: string, at: string, verdict: 'accept' | 'return') {
    return this.act(itemId, at, { type: 'ReviewCompletion', data: { itemId, verdict } });
  }

  resolve(itemId: string, at: string, outcome: DataOf<'ResolveItem'>['outcome'] = 'completed') {
    return this.act(itemId, at, { type: 'ResolveItem', data: { itemId, outcome, note: 'Xong' } });
  }

  reopen(itemId: string, at: string) {
    return this.act(itemId, at, { type: 'ReopenItem', data: { itemId, reason: 'Chưa đạt' } });
  }

  cancel(itemId: string, at: string) {
    return this.act(itemId, at, { type: 'CancelItem', data: { itemId, reason: 'Rút lại' } });
  }

  progress(itemId: string, at: string) {
    return this.act(itemId, at, {
      type: 'ReportProgress',
      data: { itemId, note: 'Đang thực hiện' },
    });
  }

  /**
   * Renames, merges or dissolves units as the admin would, recorded at `at` (the day that
   * effective dates may not lie after); resolves to the log position of its last event.
   */
  async changeUnits(at: string, command: Exclude<UnitCommand, { type: 'RegisterUnit' }>) {
    const result = await handleCommand({
      store: this.store,
      decider: unitRegistry,
      streamId: UNITS_STREAM,
      command,
      context: { today: toLocalDate(at) },
      metadata: metadata(at),
    });
    return result.position;
  }

  /** Runs one command at business time `at`; resolves to the log position of its last event. */
  async act(itemId: string, at: string, command: ItemCommand): Promise<bigint> {
    const kind = this.kinds.get(itemId);
    if (!kind) throw new Error(`No item ${itemId} raised in this scenario`);
    const result = await handleCommand({
      store: this.store,
      decider: itemDecider,
      streamId: `${kind}-${itemId}`,
      command,
      context: { now: at, calendar: this.calendar },
      metadata: metadata(at),
    });
    return result.position;
  }
}

function metadata(occurredAt: string): CommandMetadata {
  return {
    actor: OFFICE,
    occurredAt: new Date(occurredAt).toISOString(),
    correlationId: randomUUID(),
    causationId: null,
    commandId: randomUUID(),
  };
}
