import type { ItemListReader } from '../items/application/item-list-reader';
import type { InboxReader } from '../notifications/application/inbox-reader';
import type { ReadSideStatusReader } from '../read-models/read-side-status';
import type { ReminderAgendaReader } from '../reminders/application/reminder-agenda-reader';
import type { CalendarEffectsReader } from '../reminders/application/calendar-effects-reader';
import type { OverdueReportReader } from '../reports/overdue/overdue-report-reader';
import type { PeriodReportReader } from '../reports/period/period-report-reader';
import type { RatingsReader } from '../reports/ratings/ratings-reader';

/** Injection token of the {@link ReadSide} in use, inside this folder's module. */
export const READ_SIDE = Symbol('READ_SIDE');

/**
 * Every query of the read models, as the features declare them (each feature names the part it
 * needs as a port of its own). Plain data in, plain data out, so the read models may live in this
 * thread ({@link ReadSideQueries}) or in a worker thread of their own ({@link WorkerReadSide}, the
 * default), where the projector's writes and the queries' scans do not hold up the event loop
 * that answers commands.
 */
export type ReadSide = ItemListReader &
  InboxReader &
  OverdueReportReader &
  PeriodReportReader &
  RatingsReader &
  ReminderAgendaReader &
  CalendarEffectsReader &
  ReadSideStatusReader;
