import { randomUUID } from 'node:crypto';
import { fakeOnlyTheClock } from '../../../test/support/read-models/fake-clock';
import { FollowUpScenario } from '../../../test/support/read-models/follow-up-scenario';
import { projectToHead } from '../../../test/support/read-models/project';
import { handleCommand } from '../../event-sourcing/command-handler';
import { MemoryEventStore } from '../../event-store/memory/memory-event-store';
import { itemDecider } from '../../items/item.decider';
import { listItems } from '../../items/read-model/items.query';
import { dayNumber, NO_DAY } from '../../items/read-model/timeliness-clock';
import { readUnits } from '../../organisation/read-model/units.projection';
import { DEFAULT_CALENDAR } from '../../shared/calendar/default-calendar';
import { overdueReport } from './overdue-report.query';

/**
 * The report marks "no due date" with a number no day can have. A day once used as the marker
 * (−1 is 1969-12-31) made an item due then "no deadline" in the report and "overdue" in the list.
 * Such a date is refused on the way in; this checks that one already in the log is still judged
 * the same by both.
 */
describe('the overdue report and the item list agree on any stored due day', () => {
  it('uses a "no deadline" marker that is no valid day', () => {
    expect(Number.isInteger(NO_DAY) && NO_DAY >= dayNumber('0000-01-01')).toBe(false);
  });

  it.each(['1969-12-31', '1970-01-01', '2026-02-10'])(
    'an open item due %s is overdue in both on 1 March 2026',
    async (due) => {
      fakeOnlyTheClock();
      const store = new MemoryEventStore();
      const s = new FollowUpScenario(store);
      const raisedAt = '2026-02-02T08:00:00+07:00';
      jest.setSystemTime(new Date(raisedAt));
      await s.registerUnits([{ id: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department' }]);
      const itemId = await s.raise(raisedAt, { kind: 'directive', title: 'Chỉ đạo' });
      // The decider refuses such a date today; the log may still hold one written before.
      await handleCommand({
        store,
        decider: {
          ...itemDecider,
          decide: (command, state, context) =>
            itemDecider.decide(command, state, context).map((event) =>
              event.type === 'ItemAssigned'
                ? {
                    ...event,
                    data: {
                      ...event.data,
                      deadline: { type: 'date' as const, date: due },
                      dueDate: due,
                    },
                  }
                : event,
            ),
        },
        streamId: `directive-${itemId}`,
        command: {
          type: 'AssignItem' as const,
          data: {
            itemId,
            leadUnit: 'so-noi-vu',
            deadline: { type: 'date' as const, date: '2026-02-10' },
          },
        },
        context: { now: raisedAt, calendar: DEFAULT_CALENDAR },
        metadata: {
          actor: { sub: 'office-1', role: 'office', unit: null, name: 'Văn phòng' },
          occurredAt: new Date(raisedAt).toISOString(),
          correlationId: randomUUID(),
          causationId: null,
          commandId: randomUUID(),
        },
      });
      const set = await projectToHead(store);
      jest.useRealTimers();
      try {
        const at = new Date('2026-03-01T09:00:00+07:00');
        const report = overdueReport(set.report.reportIndex, readUnits(set.db), DEFAULT_CALENDAR, {
          groupBy: 'lead-unit',
          basis: 'effective',
          asOfMs: at.getTime(),
        });
        const leader = { sub: 'l', role: 'leader' as const, name: 'Lãnh đạo' };
        const list = listItems(set.db, leader, {}, { page: 1, pageSize: 10 }, at, DEFAULT_CALENDAR);
        expect(list.items.map((i) => i.timeliness)).toEqual(['overdue']);
        expect(report.totals).toMatchObject({ openOverdue: 1, noDeadline: 0 });
      } finally {
        set.db.close();
      }
    },
  );
});
