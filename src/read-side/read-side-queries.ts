import type { ReferenceDataService } from '../organisation/application/reference-data.service';
import {
  countOpenItemsConcerning,
  itemIdsConcerning,
  listItems,
  listItemsInSlices,
  queueCounts,
  searchScans,
  type ItemPage,
} from '../items/read-model/items.query';
import { reportItems } from '../reports/overdue/report-items';
import { overdueReport, type OverdueReport } from '../reports/overdue/overdue-report.query';
import { PROJECTIONS } from './read-model-set';
import type { ReadModels } from './read-models.service';
import { readUnitLineage, readUnits } from '../organisation/read-model/units.projection';
import type {
  ItemIdsPage,
  ItemListRequest,
  ItemsAtRequest,
} from '../items/application/item-list-reader';
import type { ReadSideStatus } from '../read-models/read-side-status';
import type { ReportRequest } from '../reports/overdue/overdue-report-reader';
import type { PeriodRequest } from '../reports/period/period-report-reader';
import { periodReport, type PeriodReport } from '../reports/period/period-report.query';
import type { RatingRequest } from '../reports/ratings/ratings-reader';
import { ratings } from '../reports/ratings/ratings.query';
import type { DueReminder } from '../reminders/application/reminder-agenda-reader';
import type {
  CalendarEffects,
  CalendarEffectsRequest,
} from '../reminders/application/calendar-effects-reader';
import { calendarEffects } from '../reminders/read-model/calendar-effects.query';
import type { InboxReader } from '../notifications/application/inbox-reader';
import { inInbox, listInbox, type InboxPage } from '../notifications/read-model/inbox.query';
import type { ReadSide } from './read-side';

/**
 * The read-side queries against the read models of the thread they run in: the body of both the
 * in-process read side and the worker.
 */
export class ReadSideQueries implements ReadSide {
  constructor(
    private readonly readModels: ReadModels,
    private readonly referenceData: ReferenceDataService,
  ) {}

  async listItems(request: ItemListRequest): Promise<ItemPage> {
    await this.readModels.caughtUp(request.minPosition, [PROJECTIONS.items]);
    const calendar = await this.referenceData.calendar();
    // Taken after the awaits: a switch to a rebuilt file may have happened meanwhile.
    const { db } = this.readModels.current;
    const { principal, filters, paging } = request;
    const now = new Date(request.nowMs);
    // A search every row must be read for runs in slices: other queries go between them.
    if (searchScans(db, filters)) {
      return listItemsInSlices(db, principal, filters, paging, now, calendar, nextTurn);
    }
    return listItems(db, principal, filters, paging, now, calendar);
  }

  async itemsAt(request: ItemsAtRequest): Promise<ItemIdsPage> {
    // The report's timeline says how items stood; the items' membership says who may see them.
    await this.readModels.caughtUp(request.minPosition, [
      PROJECTIONS.report,
      PROJECTIONS.units,
      PROJECTIONS.items,
    ]);
    const calendar = await this.referenceData.calendar();
    const { db, report } = this.readModels.current;
    const { principal } = request;
    return reportItems(
      report.reportIndex,
      readUnits(db),
      calendar,
      {
        ...request.filters,
        asOfMs: request.asOfMs,
        basis: request.basis,
        visible:
          principal.role === 'unit' ? itemIdsConcerning(db, principal.unit ?? '') : undefined,
        ...request.paging,
      },
      readUnitLineage(db),
    );
  }

  async openItemsConcerning(
    request: Parameters<ReadSide['openItemsConcerning']>[0],
  ): Promise<number> {
    await this.readModels.caughtUp(request.minPosition, [PROJECTIONS.items]);
    return countOpenItemsConcerning(this.readModels.current.db, request.unitId);
  }

  async itemQueues(
    request: Parameters<ReadSide['itemQueues']>[0],
  ): ReturnType<ReadSide['itemQueues']> {
    await this.readModels.caughtUp(request.minPosition, [PROJECTIONS.items]);
    return queueCounts(this.readModels.current.db, request.principal);
  }

  async overdueReport(request: ReportRequest): Promise<OverdueReport> {
    await this.readModels.caughtUp(request.minPosition, [PROJECTIONS.report, PROJECTIONS.units]);
    const calendar = await this.referenceData.calendar();
    const { db, report } = this.readModels.current;
    return overdueReport(
      report.reportIndex,
      readUnits(db),
      calendar,
      request.report,
      readUnitLineage(db),
    );
  }

  async overdueReportWithPosition(
    request: ReportRequest,
  ): Promise<{ report: OverdueReport; position: string }> {
    await this.readModels.caughtUp(request.minPosition, [PROJECTIONS.report, PROJECTIONS.units]);
    const calendar = await this.referenceData.calendar();
    const { db, report, projector } = this.readModels.current;
    return {
      report: overdueReport(
        report.reportIndex,
        readUnits(db),
        calendar,
        request.report,
        readUnitLineage(db),
      ),
      position: projector.checkpointOf(PROJECTIONS.report).toString(),
    };
  }

  async periodReport(request: PeriodRequest): Promise<PeriodReport> {
    await this.readModels.caughtUp(request.minPosition, [PROJECTIONS.report, PROJECTIONS.units]);
    const calendar = await this.referenceData.calendar();
    const { db, report, projector } = this.readModels.current;
    return periodReport(
      report.reportIndex,
      readUnits(db),
      calendar,
      request.report,
      projector.checkpointOf(PROJECTIONS.report),
      readUnitLineage(db),
    );
  }

  async ratingsJson(request: RatingRequest): Promise<string> {
    await this.readModels.caughtUp(request.minPosition, [PROJECTIONS.report, PROJECTIONS.units]);
    const { db, report, projector } = this.readModels.current;
    return JSON.stringify(
      ratings(
        report.reportIndex,
        readUnits(db),
        request.ratings,
        projector.checkpointOf(PROJECTIONS.report),
      ),
    );
  }

  async dueReminders(request: { nowMs: number; limit: number }): Promise<DueReminder[]> {
    return this.readModels.current.reminderAgenda.due(request.nowMs, request.limit);
  }

  async calendarEffects(request: CalendarEffectsRequest): Promise<CalendarEffects> {
    return calendarEffects(this.readModels.current.db, request);
  }

  async inbox(request: Parameters<InboxReader['inbox']>[0]): Promise<InboxPage> {
    await this.readModels.caughtUp(request.minPosition, [PROJECTIONS.inbox]);
    return listInbox(this.readModels.current.db, request);
  }

  async inInbox(request: Parameters<InboxReader['inInbox']>[0]): Promise<boolean> {
    await this.readModels.caughtUp(request.minPosition, [PROJECTIONS.inbox]);
    return inInbox(this.readModels.current.db, request.inbox, request.id);
  }

  async status(): Promise<ReadSideStatus> {
    return this.readModels.status();
  }
}

/** Lets whatever waits in this thread's queue (other queries, the projector) run first. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
