import { MemoryEventStore } from '../../event-store/memory/memory-event-store';
import type { Principal } from '../../shared/principal';
import { TIMELINESS_VALUES } from '../timeliness';
import { DEFAULT_CALENDAR } from '../../shared/calendar/default-calendar';
import type { ReadModelSet } from '../../read-side/read-model-set';
import { FollowUpScenario } from '../../../test/support/read-models/follow-up-scenario';
import { projectToHead } from '../../../test/support/read-models/project';
import { listItems, listItemsInSlices, type ItemFilters } from './items.query';

const leader: Principal = { sub: 'l', name: 'Lãnh đạo', role: 'leader' };

describe('items list', () => {
  let set: ReadModelSet;
  let ids: Record<string, string>;
  const now = new Date('2026-02-13T10:00:00+07:00');

  beforeAll(async () => {
    const store = new MemoryEventStore();
    const s = new FollowUpScenario(store);
    const at = '2026-02-02T09:00:00+07:00';
    ids = {
      disbursement: await s.raise(at, {
        kind: 'directive',
        title: 'Đẩy nhanh giải ngân vốn đầu tư công',
        communes: ['xa-thanh-ba'],
      }),
      staffing: await s.raise(at, {
        kind: 'recommendation',
        title: 'Bổ sung biên chế công chức cấp xã',
        description: 'Đề nghị Sở Nội vụ xem xét',
        originUnit: 'xa-quang-yen',
      }),
      dyke: await s.raise(at, { kind: 'recommendation', title: 'Bảo vệ hành lang đê điều' }),
    };
    await s.assign(ids.disbursement, at, 'so-tai-chinh', { type: 'date', date: '2026-02-12' });
    await s.assign(ids.staffing, at, 'so-noi-vu', { type: 'date', date: '2026-02-24' });
    await s.assign(ids.dyke, at, 'so-nong-nghiep', { type: 'date', date: '2026-02-11' });
    await s.cancel(ids.dyke, '2026-02-09T09:00:00+07:00');
    set = await projectToHead(store);
  });

  afterAll(() => set.db.close());

  const list = (filters: ItemFilters = {}, principal = leader, page = 1, pageSize = 20) =>
    listItems(set.db, principal, filters, { page, pageSize }, now, DEFAULT_CALENDAR);
  const titles = (filters: ItemFilters = {}, principal = leader) =>
    list(filters, principal).items.map((i) => i.title);

  it('finds Vietnamese words with or without diacritics, in title or description', () => {
    expect(titles({ q: 'giai ngan' })).toEqual(['Đẩy nhanh giải ngân vốn đầu tư công']);
    expect(titles({ q: 'GIẢI NGÂN vốn' })).toEqual(['Đẩy nhanh giải ngân vốn đầu tư công']);
    expect(titles({ q: 'de dieu' })).toEqual(['Bảo vệ hành lang đê điều']);
    expect(titles({ q: 'so noi vu' })).toEqual(['Bổ sung biên chế công chức cấp xã']);
    expect(titles({ q: '100%' })).toEqual([]);
  });

  it('takes a total an earlier page counted, and reads the same page without counting again', () => {
    const counted = list({}, leader, 2, 1);
    const given = listItems(
      set.db,
      leader,
      {},
      { page: 2, pageSize: 1, knownTotal: counted.total },
      now,
      DEFAULT_CALENDAR,
    );
    expect(given).toEqual(counted);
    // The total is the caller's: nothing counts it behind its back.
    const stale = listItems(
      set.db,
      leader,
      {},
      { page: 2, pageSize: 1, knownTotal: 99 },
      now,
      DEFAULT_CALENDAR,
    );
    expect(stale).toEqual({ ...counted, total: 99 });
  });

  describe('a search every row must be read for, in slices', () => {
    const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
    const sliced = (filters: ItemFilters, page = 1, pageSize = 20, pause = nextTurn) =>
      listItemsInSlices(
        set.db,
        leader,
        filters,
        { page, pageSize },
        now,
        DEFAULT_CALENDAR,
        pause,
        1,
      );

    it.each<[ItemFilters, number, number]>([
      [{ q: 'xa' }, 1, 20],
      [{ q: 'cong' }, 1, 1],
      [{ q: 'cong' }, 2, 1],
      [{ q: 'de', kind: 'recommendation' }, 1, 20],
      [{ q: 'zz' }, 1, 20],
      [{ q: 'xa', timeliness: 'due-soon' }, 1, 20],
    ])('answers %j page %i of %i as listItems does', async (filters, page, pageSize) => {
      expect(await sliced(filters, page, pageSize)).toEqual(list(filters, leader, page, pageSize));
    });

    it('lets other queries of the thread run between its slices', async () => {
      const done: string[] = [];
      let pauses = 0;
      const search = sliced({ q: 'xa' }, 1, 20, () => {
        pauses++;
        return nextTurn();
      }).then(() => done.push('search'));
      const other = nextTurn().then(() => {
        list({ kind: 'directive' });
        done.push('other');
      });
      await Promise.all([search, other]);
      expect(pauses).toBe(2); // three rows, one per slice
      expect(done).toEqual(['other', 'search']);
    });
  });

  it('filters by kind, status, lead unit and commune concerned', () => {
    expect(list({ kind: 'recommendation' }).total).toBe(2);
    expect(titles({ status: 'cancelled' })).toEqual(['Bảo vệ hành lang đê điều']);
    expect(titles({ leadUnit: 'so-noi-vu' })).toEqual(['Bổ sung biên chế công chức cấp xã']);
    expect(titles({ commune: 'xa-quang-yen' })).toEqual(['Bổ sung biên chế công chức cấp xã']);
    expect(titles({ commune: 'xa-thanh-ba' })).toEqual(['Đẩy nhanh giải ngân vốn đầu tư công']);
  });

  it('judges timeliness as of now; a cancelled item is only ever `cancelled`', () => {
    // Fri 13 Feb: the disbursement was due on the 12th; staffing is due after Tet (24 Feb, 2
    // working days left); the dyke item was cancelled on 9 Feb, before its due date.
    expect(titles({ timeliness: 'overdue' })).toEqual(['Đẩy nhanh giải ngân vốn đầu tư công']);
    expect(titles({ timeliness: 'due-soon' })).toEqual(['Bổ sung biên chế công chức cấp xã']);
    expect(titles({ timeliness: 'cancelled' })).toEqual(['Bảo vệ hành lang đê điều']);
    for (const timeliness of TIMELINESS_VALUES) {
      for (const item of list({ timeliness }).items) expect(item.timeliness).toBe(timeliness);
    }
  });

  it('shows a unit only the items it leads, supports, raised or whose communes include it', () => {
    const unit = (id: string): Principal => ({ sub: 'u', name: id, role: 'unit', unit: id });
    expect(titles({}, unit('xa-quang-yen'))).toEqual(['Bổ sung biên chế công chức cấp xã']);
    expect(titles({}, unit('so-tai-chinh'))).toEqual(['Đẩy nhanh giải ngân vốn đầu tư công']);
    expect(titles({}, unit('so-xay-dung'))).toEqual([]);
  });

  it('pages newest first and reports the total', () => {
    const page1 = list({}, leader, 1, 2);
    const page2 = list({}, leader, 2, 2);
    expect(page1).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(page1.items).toHaveLength(2);
    expect(page2.items).toHaveLength(1);
    expect(new Set([...page1.items, ...page2.items].map((i) => i.id)).size).toBe(3);
  });
});

describe('items list timeliness filter on a generated province', () => {
  it('puts every item in exactly the class its view shows, at several instants', async () => {
    const store = new MemoryEventStore();
    const s = new FollowUpScenario(store);
    const shape = {
      departments: 3,
      communes: 5,
      items: 120,
      start: '2026-01-05T01:00:00Z',
      days: 150,
      seed: 3,
    };
    await s.writeProvince(shape);
    const set = await projectToHead(store);
    for (const instant of [
      '2026-03-01T00:00:00+07:00',
      '2026-06-01T12:00:00Z',
      '2027-01-01T00:00:00Z',
    ]) {
      const at = new Date(instant);
      const all = listItems(set.db, leader, {}, { page: 1, pageSize: 100 }, at, DEFAULT_CALENDAR);
      let sum = 0;
      for (const timeliness of TIMELINESS_VALUES) {
        const page = listItems(
          set.db,
          leader,
          { timeliness },
          { page: 1, pageSize: 100 },
          at,
          DEFAULT_CALENDAR,
        );
        sum += page.total;
        for (const item of page.items) expect(item.timeliness).toBe(timeliness);
      }
      expect(sum).toBe(all.total);
    }
    set.db.close();
  });
});
