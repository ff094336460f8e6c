import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { inParallel } from '../../shared/in-parallel';
import { FireReminderCommand } from './fire-reminder';
import { REMINDER_AGENDA_READER, type ReminderAgendaReader } from './reminder-agenda-reader';

/** Items' worth of reminders fired per tick at most; the rest wait for the next tick. */
const TICK_LIMIT = 1_000;
/** Reminders being recorded at once. */
const FIRE_CONCURRENCY = 32;

/**
 * The clock half of the reminder engine: every `REMINDER_INTERVAL_MS` it asks the agenda (a read
 * model, the other half) what is due and records each reminder in its item's stream. Records are
 * idempotent (see `FireReminderHandler`), so a tick cut short by a crash is simply done again.
 */
@Injectable()
export class ReminderEngine implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReminderEngine');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REMINDER_AGENDA_READER) private readonly agenda: ReminderAgendaReader,
    private readonly commands: CommandBus,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.reminderIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.config.reminderIntervalMs);
    // A timer alone must not keep a stopping process alive.
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Fires what is due at `now`; resolves with how many reminders were recorded. */
  tick(now = new Date()): Promise<number> {
    // One tick at a time: a slow one (a morning of 5,000 reminders) is not started twice.
    this.running ??= this.fireDue(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async fireDue(now: Date): Promise<number> {
    let due;
    try {
      due = await this.agenda.dueReminders({ nowMs: now.getTime(), limit: TICK_LIMIT });
    } catch (error) {
      this.logger.warn(`No agenda this tick: ${(error as Error).message}`);
      return 0;
    }
    let recorded = 0;
    // Several at once: their appends then share the store's group commits (one fsync for many).
    // Two reminders of one item meet at the expected revision and are simply decided again.
    await inParallel(due, FIRE_CONCURRENCY, async (reminder) => {
      try {
        const result = await this.commands.execute(
          new FireReminderCommand(reminder, now.toISOString()),
        );
        recorded += result.appended;
      } catch (error) {
        // One item's failure (the store away, the item gone) must not stop the others.
        this.logger.error(
          `Reminder ${reminder.ruleId} for item ${reminder.itemId}: ${(error as Error).message}`,
        );
      }
    });
    return recorded;
  }
}
