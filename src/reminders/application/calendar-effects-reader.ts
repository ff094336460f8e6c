import type { CalendarData } from '../../shared/calendar/working-calendar';
import type { AffectedItem } from '../calendar-effects';
import type { ReminderRules } from '../reminder-rules';

/** Injection token of the {@link CalendarEffectsReader}: the read side, in whichever thread. */
export const CALENDAR_EFFECTS_READER = Symbol('CALENDAR_EFFECTS_READER');

export interface CalendarEffectsRequest {
  /** The calendar in force and the one proposed, as plain data (they cross threads). */
  current: CalendarData;
  proposed: CalendarData;
  rules: ReminderRules;
  nowMs: number;
  /** Affected items listed at most; all are counted. */
  limit: number;
}

export interface CalendarEffects {
  /** Open items looked at. */
  openItems: number;
  /** Open items whose pending computations the change would alter. */
  total: number;
  /** The first `limit` of them, by due date (none last), then id. */
  items: AffectedItem[];
}

/** What the calendar preview needs of the read side: the open items' states, judged there. */
export interface CalendarEffectsReader {
  calendarEffects(request: CalendarEffectsRequest): Promise<CalendarEffects>;
}
