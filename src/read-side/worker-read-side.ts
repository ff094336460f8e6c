import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Worker } from 'node:worker_threads';
import type { AppConfig } from '../config/app-config';
import type { EventStore } from '../event-store/event-store.port';
import { TemporarilyUnavailableError } from '../shared/temporarily-unavailable.error';
import { startWorker } from '../shared/start-worker';
import { WorkerRequests } from '../shared/worker-requests';
import type { ItemPage } from '../items/read-model/items.query';
import type { OverdueReport } from '../reports/overdue/overdue-report.query';
import type {
  ItemIdsPage,
  ItemListRequest,
  ItemsAtRequest,
} from '../items/application/item-list-reader';
import type { ReadSideStatus } from '../read-models/read-side-status';
import type { ReportRequest } from '../reports/overdue/overdue-report-reader';
import type { PeriodRequest } from '../reports/period/period-report-reader';
import type { PeriodReport } from '../reports/period/period-report.query';
import type { RatingRequest } from '../reports/ratings/ratings-reader';
import type { DueReminder } from '../reminders/application/reminder-agenda-reader';
import type {
  CalendarEffects,
  CalendarEffectsRequest,
} from '../reminders/application/calendar-effects-reader';
import type { InboxReader } from '../notifications/application/inbox-reader';
import type { InboxPage } from '../notifications/read-model/inbox.query';
import type { ReadSide } from './read-side';
import {
  deserializeError,
  type MainToWorker,
  type ReadSideMethod,
  type ReadSideWorkerData,
  type WorkerToMain,
} from './read-side.protocol';

/** Pause before a worker that died is started again. */
const RESTART_DELAY_MS = 1_000;
/** Young-generation size of the read-side worker's heap (see `spawn`). */
const READ_SIDE_YOUNG_GENERATION_MB = 8;
/** How long a stopping worker may take to finish its batch and close its files. */
const STOP_TIMEOUT_MS = 10_000;

/**
 * The read models in a worker thread of their own: the projector's transactions and the queries'
 * scans run there, on the machine's other core, and the event loop that answers commands only
 * passes messages (bench:http: 1,412 → 1,947 commands/s when this moved, see bench/README.md).
 *
 * The worker opens its own connection to the store. On SQLite, every commit of this process is
 * announced to it, so it projects at once rather than at its next poll.
 *
 * Should the worker die, the queries it was answering get a 503 and it is started again after a
 * second; later queries wait for the new one (a 503 if it cannot start). Its read models resume
 * from their checkpoints, as after a restart of the whole server.
 */
export class WorkerReadSide implements ReadSide, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ReadSide');
  private worker?: Promise<Worker>;
  private readonly requests = new WorkerRequests();
  private stopping = false;
  private stopAnnouncing?: () => void;
  private announcing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly store: EventStore,
    private readonly logging: boolean,
  ) {}

  async onModuleInit(): Promise<void> {
    this.worker = this.spawn();
    await this.worker;
    // Stores that announce local commits let the worker's connection read them at once.
    this.stopAnnouncing = this.store.onAppend?.(() => this.announceAppend());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.stopAnnouncing?.();
    const worker = await this.worker?.catch(() => undefined);
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ type: 'stop' } satisfies MainToWorker);
    const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  listItems(request: ItemListRequest): Promise<ItemPage> {
    return this.ask('listItems', request) as Promise<ItemPage>;
  }

  itemsAt(request: ItemsAtRequest): Promise<ItemIdsPage> {
    return this.ask('itemsAt', request) as Promise<ItemIdsPage>;
  }

  openItemsConcerning(request: Parameters<ReadSide['openItemsConcerning']>[0]): Promise<number> {
    return this.ask('openItemsConcerning', request) as Promise<number>;
  }

  itemQueues(request: Parameters<ReadSide['itemQueues']>[0]): ReturnType<ReadSide['itemQueues']> {
    return this.ask('itemQueues', request) as ReturnType<ReadSide['itemQueues']>;
  }

  overdueReport(request: ReportRequest): Promise<OverdueReport> {
    return this.ask('overdueReport', request) as Promise<OverdueReport>;
  }

  overdueReportWithPosition(
    request: ReportRequest,
  ): Promise<{ report: OverdueReport; position: string }> {
    return this.ask('overdueReportWithPosition', request) as Promise<{
      report: OverdueReport;
      position: string;
    }>;
  }

  periodReport(request: PeriodRequest): Promise<PeriodReport> {
    return this.ask('periodReport', request) as Promise<PeriodReport>;
  }

  ratingsJson(request: RatingRequest): Promise<string> {
    return this.ask('ratingsJson', request) as Promise<string>;
  }

  inbox(request: Parameters<InboxReader['inbox']>[0]): Promise<InboxPage> {
    return this.ask('inbox', request) as Promise<InboxPage>;
  }

  inInbox(request: Parameters<InboxReader['inInbox']>[0]): Promise<boolean> {
    return this.ask('inInbox', request) as Promise<boolean>;
  }

  dueReminders(request: { nowMs: number; limit: number }): Promise<DueReminder[]> {
    return this.ask('dueReminders', request) as Promise<DueReminder[]>;
  }

  calendarEffects(request: CalendarEffectsRequest): Promise<CalendarEffects> {
    return this.ask('calendarEffects', request) as Promise<CalendarEffects>;
  }

  status(): Promise<ReadSideStatus> {
    return this.ask('status') as Promise<ReadSideStatus>;
  }

  private async ask(method: ReadSideMethod, request?: unknown): Promise<unknown> {
    if (!this.worker || this.stopping) throw unavailable();
    // A restart that failed leaves a rejected promise here until the next one: still a 503.
    const worker = await this.worker.catch(() => {
      throw unavailable();
    });
    return this.requests.send(
      worker,
      (id) => ({ type: 'query', id, method, request }) satisfies MainToWorker,
    );
  }

  /** One message per turn of the event loop however many batches committed in it. */
  private announceAppend(): void {
    if (this.announcing) return;
    this.announcing = true;
    setImmediate(() => {
      this.announcing = false;
      void this.worker?.then((worker) =>
        worker.postMessage({ type: 'appended' } satisfies MainToWorker),
      );
    });
  }

  /** Starts a worker; resolves once its read models are open (rejects if they cannot be). */
  private spawn(restart = false): Promise<Worker> {
    const worker = startWorker(
      __filename,
      'read-side.worker',
      { config: this.config, logging: this.logging } satisfies ReadSideWorkerData,
      // Reports allocate short-lived fold arrays, and each thread has a young generation of its
      // own: capped, 100 reports and lists on a 100,000-item province peaked at 223 MB of RSS
      // instead of 265 MB.
      { maxYoungGenerationSizeMb: READ_SIDE_YOUNG_GENERATION_MB },
    );
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: WorkerToMain) => {
        if (message.type === 'ready') {
          ready = true;
          resolve(worker);
          return;
        }
        if (message.ok) this.requests.resolve(message.id, message.value);
        else this.requests.reject(message.id, deserializeError(message.error));
      });
      worker.on('error', (error) => {
        this.logger.error(`Read-side worker failed: ${error.stack ?? error.message}`);
        if (!ready) reject(error);
      });
      worker.on('exit', (code) => {
        this.requests.rejectAll(unavailable());
        if (!ready)
          reject(new Error(`The read-side worker exited (code ${code}) before it was ready`));
        // A worker that cannot open at start-up fails the start; later, it is tried again.
        if (this.stopping || (!ready && !restart)) return;
        this.logger.error(`Read-side worker exited (code ${code}); starting it again`);
        this.worker = delay(RESTART_DELAY_MS).then(() => this.spawn(true));
        this.worker.catch(() => undefined);
      });
    });
  }
}

function unavailable(): TemporarilyUnavailableError {
  return new TemporarilyUnavailableError(
    'READ_MODEL.UNAVAILABLE',
    'The read models are restarting; retry shortly',
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
