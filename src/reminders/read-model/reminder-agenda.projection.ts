import type { Database, Statement } from 'better-sqlite3';
import { isItemStream, type ItemStates } from '../../items/read-model/items.projection';
import { itemEvents } from '../../items/item.events';
import { itemExists } from '../../items/item.state';
import { OPEN } from '../../items/item.guards';
import {
  calendarEvents,
  calendarInForce,
  calendarRegistry,
  type CalendarDeclarations,
  type CalendarYear,
} from '../../organisation/calendar.registry';
import type { ProjectedEvent, Projection } from '../../read-models/projection';
import type { WorkingCalendar } from '../../shared/calendar/working-calendar';
import type { DueReminder } from '../application/reminder-agenda-reader';
import { DEFAULT_REMINDER_RULES, type ReminderRules } from '../reminder-rules';
import { reminderRuleEvents } from '../reminder-rules.registry';
import { fireReminderOf, inSendWindow, nextReminderAt, remindersDue } from '../reminder-schedule';

interface Settings {
  rules: ReminderRules;
  declarations: CalendarDeclarations;
}

/**
 * The reminder engine's agenda: for every open item, the next moment a reminder rule comes due,
 * so that a tick reads only what is due (an index on `due_at`), never every item. Disposable like
 * every read model: fired reminders are events in the items' streams, so a rebuild plans the
 * same agenda.
 *
 * It follows the rules and the calendar in force from their own streams, and recomputes every
 * open item when either changes (rare). It must run after the items projection in a batch: it
 * reads the states that projection has just folded.
 */
export class ReminderAgendaProjection implements Projection {
  readonly name = 'reminder-agenda';
  private settings: Settings = { rules: DEFAULT_REMINDER_RULES, declarations: new Map() };
  private calendar: WorkingCalendar = calendarInForce(new Map());
  /** Settings changed by the batch in progress, published on commit. */
  private staged?: Settings;
  private touched = new Set<string>();
  private statements!: ReturnType<typeof prepare>;

  constructor(private readonly items: ItemStates) {}

  setUp(db: Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS reminder_agenda (
        item_id TEXT PRIMARY KEY,
        due_at  INTEGER
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS reminder_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID`);
  }

  createIndexes(db: Database): void {
    db.exec('CREATE INDEX IF NOT EXISTS reminder_agenda_due ON reminder_agenda (due_at)');
  }

  open(db: Database): void {
    this.statements = prepare(db);
    const stored = this.statements.loadSettings.get() as { value: string } | undefined;
    if (stored) {
      const { rules, declarations } = JSON.parse(stored.value) as {
        rules: ReminderRules;
        declarations: [number, CalendarYear][];
      };
      this.publish({ rules, declarations: new Map(declarations) });
    }
  }

  apply(event: ProjectedEvent): void {
    if (isItemStream(event.streamId)) {
      if (itemEvents.is(event)) this.touched.add(event.data.itemId);
    } else if (reminderRuleEvents.is(event)) {
      this.staged = { ...(this.staged ?? this.settings), rules: event.data };
    } else if (calendarEvents.is(event)) {
      const current = this.staged ?? this.settings;
      this.staged = {
        ...current,
        declarations: calendarRegistry.evolve(current.declarations, event),
      };
    }
  }

  flush(): void {
    const settings = this.staged ?? this.settings;
    const calendar = this.staged ? calendarInForce(settings.declarations) : this.calendar;
    let ids: Iterable<string> = this.touched;
    if (this.staged) {
      this.statements.saveSettings.run(
        JSON.stringify({ rules: settings.rules, declarations: [...settings.declarations] }),
      );
      // New rules or days move every open item's next moment.
      const all = new Set(this.statements.allItems.all() as string[]);
      for (const id of this.touched) all.add(id);
      ids = all;
    }
    for (const itemId of ids) {
      const state = this.items.stateOf(itemId);
      if (!itemExists(state) || !OPEN.includes(state.status)) {
        this.statements.remove.run(itemId);
        continue;
      }
      this.statements.upsert.run(itemId, nextReminderAt(state, settings.rules, calendar));
    }
    this.touched.clear();
  }

  committed(): void {
    if (this.staged) this.publish(this.staged);
    this.staged = undefined;
  }

  rolledBack(): void {
    this.staged = undefined;
    this.touched.clear();
  }

  /**
   * The reminders to fire at `nowMs` (none outside the send window), at most `limit` items'
   * worth, earliest first. An item whose moment came but that has nothing to fire (a reminder
   * before a deadline that has since passed, with no rule after it) is moved to its next moment.
   */
  due(nowMs: number, limit: number): DueReminder[] {
    const { rules } = this.settings;
    if (!inSendWindow(nowMs, rules.sendWindow, this.calendar)) return [];
    const ids = this.statements.due.all(nowMs, limit) as string[];
    return ids.flatMap((itemId) => {
      const state = this.items.stateOf(itemId);
      if (!itemExists(state)) return [];
      const due = remindersDue(state, rules, this.calendar, nowMs);
      if (due.length === 0) {
        this.statements.upsert.run(itemId, nextReminderAt(state, rules, this.calendar, nowMs));
      }
      return due.map((s) => fireReminderOf(itemId, s));
    });
  }

  private publish(settings: Settings): void {
    this.settings = settings;
    this.calendar = calendarInForce(settings.declarations);
  }
}

function prepare(db: Database) {
  const statement = (sql: string): Statement => db.prepare(sql);
  return {
    upsert: statement(
      'INSERT INTO reminder_agenda (item_id, due_at) VALUES (?, ?)' +
        ' ON CONFLICT (item_id) DO UPDATE SET due_at = excluded.due_at',
    ),
    remove: statement('DELETE FROM reminder_agenda WHERE item_id = ?'),
    allItems: statement('SELECT item_id FROM reminder_agenda').pluck(),
    due: statement(
      'SELECT item_id FROM reminder_agenda WHERE due_at <= ? ORDER BY due_at LIMIT ?',
    ).pluck(),
    loadSettings: statement("SELECT value FROM reminder_settings WHERE key = 'settings'"),
    saveSettings: statement(
      "INSERT INTO reminder_settings (key, value) VALUES ('settings', ?)" +
        ' ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
  };
}
