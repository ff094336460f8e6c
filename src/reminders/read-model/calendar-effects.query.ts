import type { Database } from 'better-sqlite3';
import { OPEN } from '../../items/item.guards';
import type { Item } from '../../items/item.state';
import { WorkingCalendar } from '../../shared/calendar/working-calendar';
import type {
  CalendarEffects,
  CalendarEffectsRequest,
} from '../application/calendar-effects-reader';
import { calendarEffectsOn, type AffectedItem } from '../calendar-effects';

/**
 * Every open item's state, judged against both calendars (`calendar-effects.ts`). A preview an
 * admin asks for before declaring a year: it reads the open items once, in the read side's thread.
 */
export function calendarEffects(db: Database, request: CalendarEffectsRequest): CalendarEffects {
  const current = new WorkingCalendar(request.current);
  const proposed = new WorkingCalendar(request.proposed);
  const states = db
    .prepare(
      `SELECT s.state FROM items i JOIN item_states s ON s.no = i.no
        WHERE i.status IN (${OPEN.map(() => '?').join(', ')})`,
    )
    .pluck()
    .iterate(...OPEN) as IterableIterator<string>;
  let openItems = 0;
  const affected: AffectedItem[] = [];
  for (const state of states) {
    openItems++;
    const item = JSON.parse(state) as Item;
    const effect = calendarEffectsOn(item, request.rules, current, proposed, request.nowMs);
    if (effect) affected.push(effect);
  }
  affected.sort(
    (a, b) =>
      (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.itemId.localeCompare(b.itemId),
  );
  return { openItems, total: affected.length, items: affected.slice(0, request.limit) };
}
