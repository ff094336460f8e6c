/**
 * Reminder engine benchmark (issue 13's targets): `npm run bench:reminders`.
 *
 * 1. Generates a province with the real decider, written straight into a SQLite event file as
 *    `bench:reports` does (`chainEvents`, large transactions, generated recorded times):
 *    - 95,000 items from `generateProvince` over the year up to Wed 2 Dec 2026 (deadlines spread
 *      over that year and into the next two months);
 *    - 5,000 "morning" items raised and assigned in November with the same deadline, Wed 2 Dec;
 *    - what the engine would have recorded by Wed 2 Dec 07:30: for every item, the reminders due
 *      then (`remindersDue`) as `ReminderFired`, so that the next morning only the day's own
 *      reminders come due, not a year of backlog.
 * 2. Rebuilds the read models in a child process, as `npm run cli -- rebuild` does, timing each
 *    projection's share (its `apply` over every page, its `flush` and its index): the agenda's
 *    share gives its planning rate in items/s.
 * 3. Starts the real application (`createApp`, `REMINDER_INTERVAL_MS=0`, `DELIVERY_INTERVAL_MS=0`,
 *    the read side in its worker thread) on that data directory in a child process, and drives the
 *    engine through `app.get(ReminderEngine).tick(date)` and the outbox through its `sweep(date)`:
 *    - ticks with nothing due (Wed 2 Dec from 08:00, inside the send window; again on Thu after
 *      the morning): p50/p99;
 *    - the morning, Thu 3 Dec 07:30: the 5,000 items' `overdue-0` and whatever the generated
 *      province has due that morning. Ticks back to back until one records nothing, waiting
 *      between ticks until the agenda has read the tick's own records (else the next tick would be
 *      handed the same items again); then, once the outbox has planned every record, sweeps of the
 *      outbox until one sends nothing, every unit having one address and email going to the SMTP
 *      sink of the tests (`test/support/smtp-sink.ts`, run in this process, not the server's).
 *      Elapsed time of each half, and the server's RSS before, after and at its highest (sampled
 *      every 25 ms).
 *    Before that, a first start of the application in a child process of its own: its outbox
 *    reads the whole log once, and every unit is given an address through
 *    `PUT /api/units/{id}/contacts`. The measured server is the next start, as after a restart
 *    overnight: nothing of that first start is warm in it.
 *
 * Prints a table, then one line of JSON. `BENCH_ITEMS` scales the province (the morning is 5 % of
 * it, 5,000 of the default 100,000); `BENCH_KEEP=1` keeps the data directory
 * (bench/.tmp/reminders-<pid>); `READ_MODELS_THREAD=main` runs the read side on the app's thread;
 * `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` profiles every thread of the children.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app.factory';
import { TokenService } from '../src/auth/token.service';
import { loadConfig } from '../src/config/app-config';
import { SQLITE_FILE } from '../src/event-store/event-store.module';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { ConsumerEngine } from '../src/event-sourcing/consumer-engine';
import { chainEvents, EMPTY_CHAIN, type ChainTip } from '../src/event-sourcing/hash-chain';
import { ITEM_LIST_READER, type ItemListReader } from '../src/items/application/item-list-reader';
import type { ItemCommand } from '../src/items/item.commands';
import { itemDecider } from '../src/items/item.decider';
import type { ItemEvent, ItemKind } from '../src/items/item.events';
import { OPEN } from '../src/items/item.guards';
import { itemExists, type ItemState } from '../src/items/item.state';
import { Outbox } from '../src/notifications/outbox/outbox.service';
import { rebuildWithProgressBar } from '../src/read-side/rebuild/rebuild-with-progress-bar';
import { REMINDER_ENGINE_ACTOR } from '../src/reminders/application/fire-reminder';
import { ReminderEngine } from '../src/reminders/application/reminder-engine';
import { DEFAULT_REMINDER_RULES } from '../src/reminders/reminder-rules';
import { fireReminderOf, nextReminderAt, remindersDue } from '../src/reminders/reminder-schedule';
import { DEFAULT_CALENDAR } from '../src/shared/calendar/default-calendar';
import { FollowUpScenario } from '../test/support/read-models/follow-up-scenario';
import { SmtpSink } from '../test/support/smtp-sink';
import {
  generateProvince,
  provinceUnits,
  type ProvinceShape,
} from '../test/support/read-models/province-generator';

const TARGETS = {
  agendaItemsPerSecond: 100_000,
  idleTickP99Ms: 5,
  morningSeconds: 10,
  morningRssGrowthMb: 100,
};
const SECRET = 'reminders-bench-secret-0123456789abcdef-012345678';
const DAY_MS = 86_400_000;
const DEPARTMENTS = 15;
const COMMUNES = 148;
const INSERT_BATCH = 20_000;

/** The log runs from Wed 2 Dec 2025 00:00 to Wed 2 Dec 2026 00:00, Asia/Ho_Chi_Minh. */
const LOG_START = '2025-12-01T17:00:00.000Z';
const LOG_DAYS = 365;
/** The morning items' deadline (a Wednesday) and when they were raised (November 2026). */
const DEADLINE_DAY = '2026-12-02';
const MORNING_RAISED_FROM = Date.parse('2026-11-02T02:00:00.000Z');
/** Wed 2 Dec 07:30: the engine's last busy moment before the bench; the log holds what it fired. */
const BACKLOG_AT = '2026-12-02T00:30:00.000Z';
/** Wed 2 Dec 08:00 onwards: inside the send window, nothing due until Thursday's opening. */
const IDLE_BEFORE_FROM = Date.parse('2026-12-02T01:00:00.000Z');
/** Thu 3 Dec 07:30, the opening of the send window: the morning items' `overdue-0` comes due. */
const MORNING_AT = '2026-12-03T00:30:00.000Z';
/** Thu 3 Dec 09:00 onwards: after the morning, nothing due. */
const IDLE_AFTER_FROM = Date.parse('2026-12-03T02:00:00.000Z');
const IDLE_STEP_MS = 20_000;
const IDLE_WARMUP = 50;
const IDLE_TICKS = 1_000;

const round = (value: number, digits = 0): number => Number(value.toFixed(digits));
const percentile = (sorted: readonly number[], fraction: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
const mb = (bytes: number): number => bytes / 1024 / 1024;

/** Peak resident set of this process (Linux), MB. */
function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : mb(process.memoryUsage().rss);
}

/** The kinds of resident memory (Linux: anonymous, file-backed pages, shared memory), MB. */
function rssKinds(): Record<'anon' | 'file' | 'shmem', number> {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024, shmem: kb('RssShmem') / 1024 };
}

/** One act to write: an item's events, with the business and recording times of the act. */
interface Act {
  itemId: string;
  kind: ItemKind;
  occurredAt: string;
  recordedAt: string;
  events: ItemEvent[];
  engine?: boolean;
}

/** The morning items' acts: raised, assigned with the deadline `DEADLINE_DAY`, acknowledged. */
function morningActs(count: number, leads: string[]): Act[] {
  const acts: Act[] = [];
  for (let i = 0; i < count; i++) {
    const itemId = `00000000-0000-4000-9000-${i.toString(16).padStart(12, '0')}`;
    const kind: ItemKind = i % 5 < 3 ? 'directive' : 'recommendation';
    const raisedMs = MORNING_RAISED_FROM + (i % 25) * DAY_MS + (i % 3_600) * 1_000;
    const commands: [number, ItemCommand][] = [
      [
        raisedMs,
        {
          type: 'RaiseItem',
          data: {
            itemId,
            kind,
            title: `Chỉ đạo hoàn thành trước ngày 2/12 số ${itemId.slice(-6)}`,
            description: 'Báo cáo kết quả thực hiện về Văn phòng UBND tỉnh',
            communes: [],
          },
        },
      ],
      [
        raisedMs + 1_800_000,
        {
          type: 'AssignItem',
          data: {
            itemId,
            leadUnit: leads[i % leads.length],
            deadline: { type: 'date', date: DEADLINE_DAY },
          },
        },
      ],
      [raisedMs + DAY_MS, { type: 'AcknowledgeItem', data: { itemId } }],
    ];
    let state: ItemState = itemDecider.initialState();
    for (const [ms, command] of commands) {
      const at = new Date(ms).toISOString();
      const events = itemDecider.decide(command, state, { now: at, calendar: DEFAULT_CALENDAR });
      state = events.reduce(itemDecider.evolve, state);
      acts.push({ itemId, kind, occurredAt: at, recordedAt: at, events });
    }
  }
  return acts.sort((a, b) =>
    a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0,
  );
}

/** The generated province and the morning items, merged in recorded order. */
function* provinceActs(shape: ProvinceShape, morning: Act[]): Generator<Act> {
  let next = 0;
  for (const act of generateProvince(shape, DEFAULT_CALENDAR)) {
    while (next < morning.length && morning[next].recordedAt <= act.recordedAt) {
      yield morning[next++];
    }
    yield act;
  }
  while (next < morning.length) yield morning[next++];
}

interface Population {
  events: number;
  items: number;
  backlogFired: number;
  /** Reminders the schedule says are due at MORNING_AT, and on how many items. */
  morningDue: number;
  morningDueItems: number;
  /** Notifications to a unit those reminders make (the outbox delivers only these). */
  morningUnitNotifications: number;
  /** Items with anything due at the first idle instant (0 expected). */
  idleDueItems: number;
  openItems: number;
  plannedItems: number;
  /** `nextReminderAt` over every open item's state, in this process: µs per item. */
  scheduleMicrosPerOpenItem: number;
}

/** Writes the province, the morning items and the engine's earlier records to the event file. */
async function populate(
  dataDir: string,
  shape: ProvinceShape,
  morning: number,
): Promise<Population> {
  const store = new SqliteEventStore(join(dataDir, SQLITE_FILE));
  try {
    const { departments, communes } = provinceUnits(shape);
    await new FollowUpScenario(store).registerUnits([...departments, ...communes]);
    const leads = [...departments, ...communes.slice(0, 40)].map((u) => u.id);
    const insert = store.db.prepare(
      'INSERT INTO events (stream_id, revision, id, type, data, metadata, recorded_at)' +
        ' VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const flush = store.db.transaction((rows: unknown[][]) => {
      for (const row of rows) insert.run(...row);
    });
    const tips = new Map<string, ChainTip>();
    const states = new Map<string, { kind: ItemKind; state: ItemState }>();
    const office = { sub: 'office-1', role: 'office', unit: null, name: 'Văn phòng UBND tỉnh' };
    let pending: unknown[][] = [];
    let events = 0;
    const write = (act: Act) => {
      const streamId = `${act.kind}-${act.itemId}`;
      const tip = tips.get(streamId) ?? EMPTY_CHAIN;
      const chained = chainEvents(
        streamId,
        tip,
        act.events.map((e) => ({
          id: randomUUID(),
          type: e.type,
          data: e.data,
          metadata: {
            actor: act.engine ? REMINDER_ENGINE_ACTOR : office,
            occurredAt: act.occurredAt,
            correlationId: randomUUID(),
            causationId: null,
            commandId: randomUUID(),
            schemaVersion: 1,
          },
        })),
      );
      chained.forEach((e, i) => {
        pending.push([
          streamId,
          tip.revision + 1n + BigInt(i),
          e.id,
          e.type,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
          act.recordedAt,
        ]);
      });
      tips.set(streamId, {
        revision: tip.revision + BigInt(chained.length),
        hash: chained[chained.length - 1].metadata.hash,
      });
      const entry = states.get(act.itemId) ?? { kind: act.kind, state: itemDecider.initialState() };
      entry.state = act.events.reduce(itemDecider.evolve, entry.state);
      states.set(act.itemId, entry);
      events += chained.length;
      if (pending.length >= INSERT_BATCH) {
        flush(pending);
        pending = [];
        process.stderr.write(`\rGenerated ${events.toLocaleString('en')} events`);
      }
    };

    for (const act of provinceActs(shape, morningActs(morning, leads))) write(act);

    // What the engine recorded at its last busy moment: every reminder due then, once.
    const rules = DEFAULT_REMINDER_RULES;
    const backlogMs = Date.parse(BACKLOG_AT);
    let backlogFired = 0;
    for (const [itemId, { kind, state }] of states) {
      if (!itemExists(state)) continue;
      for (const due of remindersDue(state, rules, DEFAULT_CALENDAR, backlogMs)) {
        const current = states.get(itemId)!.state;
        const command: ItemCommand = { type: 'FireReminder', data: fireReminderOf(itemId, due) };
        const fired = itemDecider.decide(command, current, {
          now: BACKLOG_AT,
          calendar: DEFAULT_CALENDAR,
        });
        if (fired.length === 0) continue;
        write({
          itemId,
          kind,
          occurredAt: BACKLOG_AT,
          recordedAt: BACKLOG_AT,
          events: fired,
          engine: true,
        });
        backlogFired++;
      }
    }
    flush(pending);
    process.stderr.write(`\rGenerated ${events.toLocaleString('en')} events\n`);

    // What the schedule says, for the figures: what the morning holds, that the idle instants
    // hold nothing, and what planning one item costs without any SQL around it.
    let morningDue = 0;
    let morningDueItems = 0;
    let morningUnitNotifications = 0;
    let idleDueItems = 0;
    const all = [...states.values()].map((s) => s.state).filter(itemExists);
    for (const state of all) {
      const due = remindersDue(state, rules, DEFAULT_CALENDAR, Date.parse(MORNING_AT));
      morningDue += due.length;
      if (due.length > 0) morningDueItems++;
      for (const { rule } of due) {
        const units = new Set([
          ...(rule.notify.includes('lead-unit') && state.leadUnit ? [state.leadUnit] : []),
          ...(rule.notify.includes('supporting-units') ? state.supportingUnits : []),
        ]);
        morningUnitNotifications += units.size;
      }
      if (remindersDue(state, rules, DEFAULT_CALENDAR, IDLE_BEFORE_FROM).length > 0) idleDueItems++;
    }
    // The agenda plans open items only (it deletes the others' rows).
    const open = all.filter((state) => OPEN.includes(state.status));
    let planned = 0;
    const started = performance.now();
    for (const state of open)
      if (nextReminderAt(state, rules, DEFAULT_CALENDAR) !== null) planned++;
    const scheduleMicrosPerOpenItem = ((performance.now() - started) * 1000) / open.length;
    return {
      events,
      items: all.length,
      backlogFired,
      morningDue,
      morningDueItems,
      morningUnitNotifications,
      idleDueItems,
      openItems: open.length,
      plannedItems: planned,
      scheduleMicrosPerOpenItem,
    };
  } finally {
    await store.close();
  }
}

interface Share {
  apply: number;
  flush: number;
  indexes: number;
}

interface RebuildFigures {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  peakRssMb: number;
  /** Seconds per projection, by name. */
  shares: Record<string, Share>;
  agendaRows: number;
  agendaPlanned: number;
}

/**
 * Child process: the rebuild as `npm run cli -- rebuild` runs it, with each projection's share
 * timed: `applyTo` (one call per page and projection) and, inside `buildAtomically`, its one
 * `flush` and `createIndexes`. The wrappers cost a few calls per page, not per event.
 */
async function rebuildChild(dataDir: string): Promise<void> {
  const shares: Record<string, Share> = {};
  const share = (name: string) => (shares[name] ??= { apply: 0, flush: 0, indexes: 0 });
  type Timed = { name: string; flush(): void; createIndexes(db: unknown): void };
  const engine = ConsumerEngine.prototype as unknown as {
    applyTo(projection: Timed, ...rest: unknown[]): unknown;
    buildAtomically(...args: unknown[]): Promise<void>;
  };
  const applyTo = engine.applyTo;
  engine.applyTo = function (this: unknown, projection: Timed, ...rest: unknown[]) {
    const started = performance.now();
    try {
      return applyTo.call(this, projection, ...rest);
    } finally {
      share(projection.name).apply += performance.now() - started;
    }
  };
  const buildAtomically = engine.buildAtomically;
  engine.buildAtomically = function (this: { projections: Timed[] }, ...args: unknown[]) {
    for (const projection of this.projections) {
      const flush = projection.flush.bind(projection);
      const createIndexes = projection.createIndexes.bind(projection);
      projection.flush = () => {
        const started = performance.now();
        flush();
        share(projection.name).flush += performance.now() - started;
      };
      projection.createIndexes = (db: unknown) => {
        const started = performance.now();
        createIndexes(db);
        share(projection.name).indexes += performance.now() - started;
      };
    }
    return buildAtomically.apply(this, args);
  };

  const store = new SqliteEventStore(join(dataDir, SQLITE_FILE));
  const result = await rebuildWithProgressBar(store, dataDir);
  await store.close();
  const db = new Database(result.file, { readonly: true });
  const counts = db
    .prepare('SELECT count(*) AS rows, count(due_at) AS planned FROM reminder_agenda')
    .get() as { rows: number; planned: number };
  db.close();
  for (const s of Object.values(shares)) {
    s.apply /= 1000;
    s.flush /= 1000;
    s.indexes /= 1000;
  }
  const figures: RebuildFigures = {
    events: result.events,
    seconds: result.seconds,
    eventsPerSecond: result.eventsPerSecond,
    peakRssMb: peakRssMb(),
    shares,
    agendaRows: counts.rows,
    agendaPlanned: counts.planned,
  };
  process.send!(figures);
}

interface Latencies {
  p50: number;
  p99: number;
  max: number;
  fired: number;
}

interface MorningFigures {
  /** From the first tick to the tick that recorded nothing. */
  firedSeconds: number;
  recorded: number;
  ticks: { recorded: number; tickMs: number; catchUpMs: number }[];
  catchUpSeconds: number;
  /** From then until the outbox had planned every record and a sweep sent nothing more. */
  deliveredSeconds: number;
  sweeps: { sent: number; retrying: number; failed: number; ms: number }[];
  rssBeforeMb: number;
  rssAfterMb: number;
  rssPeakMb: number;
  /** The app thread's V8 heap (the read side's worker has its own, inside the RSS only). */
  heapBeforeMb: number;
  heapAfterMb: number;
  kindsBefore: ReturnType<typeof rssKinds>;
  kindsAfter: ReturnType<typeof rssKinds>;
}

interface FirstStart {
  startupMs: number;
  /** From the app's start until the outbox had read the whole log. */
  outboxCaughtUpMs: number;
}

interface ServerFigures {
  startupMs: number;
  idleBefore: Latencies;
  morning: MorningFigures;
  idleAfter: Latencies;
  peakRssMb: number;
}

/** Ticks at `count` instants from `fromMs`, `IDLE_STEP_MS` apart, after a warm-up. */
async function idleTicks(engine: ReminderEngine, fromMs: number): Promise<Latencies> {
  let fired = 0;
  for (let i = 0; i < IDLE_WARMUP; i++)
    fired += await engine.tick(new Date(fromMs + i * IDLE_STEP_MS));
  const latencies: number[] = [];
  for (let i = IDLE_WARMUP; i < IDLE_WARMUP + IDLE_TICKS; i++) {
    const at = new Date(fromMs + i * IDLE_STEP_MS);
    const started = performance.now();
    fired += await engine.tick(at);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return {
    p50: round(percentile(latencies, 0.5), 3),
    p99: round(percentile(latencies, 0.99), 3),
    max: round(latencies[latencies.length - 1], 3),
    fired,
  };
}

/** Gives every unit one email address, through the API as an admin would (not timed). */
async function setContacts(app: INestApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as {
    inject(request: object): Promise<{ statusCode: number; body: string }>;
  };
  const token = app
    .get(TokenService)
    .sign({ sub: 'bench-admin', name: 'Bench', role: 'admin' }, { expiresIn: '2h' });
  const { departments, communes } = provinceUnits({ departments: DEPARTMENTS, communes: COMMUNES });
  for (const unit of [...departments, ...communes]) {
    const reply = await fastify.inject({
      method: 'PUT',
      url: `/api/units/${unit.id}/contacts`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: { emails: [`vanthu@${unit.id}.example`] },
    });
    if (reply.statusCode !== 200) throw new Error(`contacts of ${unit.id}: ${reply.body}`);
  }
}

/** The real application on `dataDir`, timers off, email to `smtpUrl`, with what the bench uses. */
async function startApp(dataDir: string, smtpUrl: string) {
  const app: INestApplication = await createApp(
    loadConfig({
      DATA_DIR: dataDir,
      DEMO: 'false',
      AUTH_SECRET: SECRET,
      EVENT_STORE: 'sqlite',
      REMINDER_INTERVAL_MS: '0',
      DELIVERY_INTERVAL_MS: '0',
      SMTP_URL: smtpUrl,
      MAIL_FROM: 'theodoi@tinh.example',
      READ_MODELS_THREAD: process.env.READ_MODELS_THREAD,
    }),
    { logger: false },
  );
  const store = app.get<EventStore>(EVENT_STORE);
  const outbox = app.get(Outbox);
  const items = app.get<ItemListReader>(ITEM_LIST_READER);
  return {
    app,
    store,
    outbox,
    engine: app.get(ReminderEngine),
    /** Resolves once the read models (the agenda among them) have applied the log's head. */
    async caughtUp(): Promise<void> {
      await items.listItems({
        minPosition: await store.headPosition(),
        principal: { sub: 'bench', name: 'Bench', role: 'leader' },
        filters: { leadUnit: 'no-such-unit' },
        paging: { page: 1, pageSize: 1 },
        nowMs: Date.now(),
      });
    },
    /** Resolves once the outbox has planned everything up to the log's head. */
    async planned(): Promise<void> {
      const head = await store.headPosition();
      while (!(await outbox.planned(head))) {
        // planned() gives up after 5 s; a first start reads the whole log.
      }
    },
  };
}

/**
 * Child process: the application's first start on the new log (its outbox reads the whole log
 * once), and every unit given an address. Then it stops, as a server restarted overnight would.
 */
async function prepare(dataDir: string, smtpUrl: string): Promise<void> {
  const started = performance.now();
  const { app, planned } = await startApp(dataDir, smtpUrl);
  const startupMs = performance.now() - started;
  await planned();
  const outboxCaughtUpMs = performance.now() - started;
  await setContacts(app);
  await planned();
  await app.close();
  process.send!({ startupMs, outboxCaughtUpMs });
}

/**
 * Child process: the application started again on `dataDir`, the engine and the outbox driven
 * by hand, email going to the SMTP sink at `smtpUrl` (in the parent, so its work is not the
 * server's).
 */
async function serve(dataDir: string, smtpUrl: string): Promise<void> {
  const started = performance.now();
  const { app, engine, outbox, caughtUp, planned } = await startApp(dataDir, smtpUrl);
  const startupMs = performance.now() - started;
  await planned();
  await caughtUp();

  const idleBefore = await idleTicks(engine, IDLE_BEFORE_FROM);

  // The morning: tick until a tick records nothing, as fast as the engine goes; then sweep the
  // outbox until a sweep sends nothing more.
  const rssBefore = process.memoryUsage.rss();
  const heapBefore = process.memoryUsage().heapTotal;
  const kindsBefore = rssKinds();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
  }, 25);
  const morningAt = new Date(MORNING_AT);
  const ticks: MorningFigures['ticks'] = [];
  const morningStarted = performance.now();
  for (;;) {
    const tickStarted = performance.now();
    const recorded = await engine.tick(morningAt);
    const tickEnded = performance.now();
    await caughtUp();
    ticks.push({
      recorded,
      tickMs: round(tickEnded - tickStarted),
      catchUpMs: round(performance.now() - tickEnded),
    });
    if (recorded === 0) break;
  }
  const firedAt = performance.now();
  await planned();
  const sweeps: MorningFigures['sweeps'] = [];
  for (;;) {
    const sweepStarted = performance.now();
    const result = await outbox.sweep(morningAt);
    sweeps.push({ ...result, ms: round(performance.now() - sweepStarted) });
    if (result.sent + result.retrying + result.failed === 0) break;
  }
  const deliveredAt = performance.now();
  clearInterval(sampler);
  const rssAfter = process.memoryUsage.rss();
  const heapAfter = process.memoryUsage().heapTotal;
  const kindsAfter = rssKinds();
  rssPeak = Math.max(rssPeak, rssAfter);

  const idleAfter = await idleTicks(engine, IDLE_AFTER_FROM);
  const figures: ServerFigures = {
    startupMs,
    idleBefore,
    morning: {
      firedSeconds: (firedAt - morningStarted) / 1000,
      recorded: ticks.reduce((sum, t) => sum + t.recorded, 0),
      ticks,
      catchUpSeconds: ticks.reduce((sum, t) => sum + t.catchUpMs, 0) / 1000,
      deliveredSeconds: (deliveredAt - firedAt) / 1000,
      sweeps,
      rssBeforeMb: mb(rssBefore),
      rssAfterMb: mb(rssAfter),
      rssPeakMb: mb(rssPeak),
      heapBeforeMb: mb(heapBefore),
      heapAfterMb: mb(heapAfter),
      kindsBefore,
      kindsAfter,
    },
    idleAfter,
    peakRssMb: peakRssMb(),
  };
  process.send!(figures);
  await new Promise((resolve) => process.once('message', resolve));
  await app.close();
  process.exit(0);
}

function ask<T>(child: ChildProcess, message?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (reply) => resolve(reply as T));
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
    if (message) child.send(message);
  });
}

/** Runs this file again in a child process (`mode`: --rebuild, --prepare or --serve). */
function child(mode: string, ...args: string[]): ChildProcess {
  return fork(__filename, [mode, ...args], {
    // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles every thread of each.
    execArgv: [
      '-r',
      'ts-node/register/transpile-only',
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === '--prepare') return prepare(process.argv[3], process.argv[4]);
  if (process.argv[2] === '--serve') return serve(process.argv[3], process.argv[4]);
  if (process.argv[2] === '--rebuild') return rebuildChild(process.argv[3]);

  const dataDir = join(__dirname, '.tmp', `reminders-${process.pid}`);
  mkdirSync(dataDir, { recursive: true });
  const items = Number(process.env.BENCH_ITEMS ?? 100_000);
  const morning = Math.round(items * 0.05);
  const shape: ProvinceShape = {
    departments: DEPARTMENTS,
    communes: COMMUNES,
    items: items - morning,
    start: LOG_START,
    days: LOG_DAYS,
    seed: 13,
  };
  let server: ChildProcess | undefined;
  let smtp: SmtpSink | undefined;
  try {
    const generationStarted = performance.now();
    const population = await populate(dataDir, shape, morning);
    const generationSeconds = (performance.now() - generationStarted) / 1000;

    const rebuild = await ask<RebuildFigures>(child('--rebuild', dataDir));
    const agenda = rebuild.shares['reminder-agenda'];
    const agendaSeconds = agenda.apply + agenda.flush + agenda.indexes;

    smtp = await SmtpSink.start();
    const firstStart = await ask<FirstStart>(child('--prepare', dataDir, smtp.url));
    server = child('--serve', dataDir, smtp.url);
    const served = await ask<ServerFigures>(server);
    const m = served.morning;
    const morningSeconds = m.firedSeconds + m.deliveredSeconds;
    const sum = (key: 'sent' | 'retrying' | 'failed') =>
      m.sweeps.reduce((total, sweep) => total + sweep[key], 0);

    const figures = {
      items: population.items,
      morningItems: morning,
      events: population.events,
      backlogFired: population.backlogFired,
      generationSeconds: round(generationSeconds, 1),
      rebuildSeconds: round(rebuild.seconds, 2),
      rebuildEventsPerSecond: round(rebuild.eventsPerSecond),
      rebuildPeakRssMb: round(rebuild.peakRssMb),
      projectionSeconds: Object.fromEntries(
        Object.entries(rebuild.shares).map(([name, s]) => [
          name,
          { apply: round(s.apply, 3), flush: round(s.flush, 3), indexes: round(s.indexes, 3) },
        ]),
      ),
      agendaSeconds: round(agendaSeconds, 3),
      agendaItemsPerSecond: round(population.items / agendaSeconds),
      agendaRows: rebuild.agendaRows,
      agendaPlanned: rebuild.agendaPlanned,
      openItems: population.openItems,
      scheduleMicrosPerOpenItem: round(population.scheduleMicrosPerOpenItem, 2),
      firstStartupMs: round(firstStart.startupMs),
      outboxFirstCatchUpSeconds: round(firstStart.outboxCaughtUpMs / 1000, 1),
      serverStartupMs: round(served.startupMs),
      idleTickP50Ms: served.idleBefore.p50,
      idleTickP99Ms: served.idleBefore.p99,
      idleTickMaxMs: served.idleBefore.max,
      idleTickFired: served.idleBefore.fired,
      idleAfterMorningP50Ms: served.idleAfter.p50,
      idleAfterMorningP99Ms: served.idleAfter.p99,
      idleAfterMorningFired: served.idleAfter.fired,
      morningDueExpected: population.morningDue,
      morningDueItems: population.morningDueItems,
      morningRecorded: m.recorded,
      morningTicks: m.ticks.length,
      morningFiredSeconds: round(m.firedSeconds, 2),
      morningCatchUpSeconds: round(m.catchUpSeconds, 2),
      morningRemindersPerSecond: round(m.recorded / m.firedSeconds),
      morningTickMs: m.ticks.map((t) => t.tickMs),
      morningUnitNotificationsExpected: population.morningUnitNotifications,
      morningDeliveriesSent: sum('sent'),
      morningDeliveriesRetrying: sum('retrying'),
      morningDeliveriesFailed: sum('failed'),
      morningEmails: smtp.messages.length,
      morningSweeps: m.sweeps.length,
      morningSweepMs: m.sweeps.map((sweep) => sweep.ms),
      morningDeliveredSeconds: round(m.deliveredSeconds, 2),
      morningSeconds: round(morningSeconds, 2),
      morningRssBeforeMb: round(m.rssBeforeMb),
      morningRssAfterMb: round(m.rssAfterMb),
      morningRssGrowthMb: round(m.rssAfterMb - m.rssBeforeMb),
      morningRssPeakGrowthMb: round(m.rssPeakMb - m.rssBeforeMb),
      morningAppHeapGrowthMb: round(m.heapAfterMb - m.heapBeforeMb),
      morningRssGrowthByKindMb: {
        anon: round(m.kindsAfter.anon - m.kindsBefore.anon),
        file: round(m.kindsAfter.file - m.kindsBefore.file),
        shmem: round(m.kindsAfter.shmem - m.kindsBefore.shmem),
      },
      serverPeakRssMb: round(served.peakRssMb),
    };
    const pass = {
      agenda: figures.agendaItemsPerSecond >= TARGETS.agendaItemsPerSecond,
      idleTick:
        Math.max(figures.idleTickP99Ms, figures.idleAfterMorningP99Ms) <= TARGETS.idleTickP99Ms,
      morning:
        figures.morningSeconds <= TARGETS.morningSeconds &&
        figures.morningRecorded === figures.morningDueExpected &&
        figures.morningDeliveriesSent === figures.morningUnitNotificationsExpected,
      morningRss: figures.morningRssPeakGrowthMb <= TARGETS.morningRssGrowthMb,
    };
    const agendaShare = (100 * agendaSeconds) / rebuild.seconds;
    console.table([
      {
        scenario: `agenda planned in a rebuild of ${population.events.toLocaleString('en')} events`,
        result:
          `${figures.agendaItemsPerSecond.toLocaleString('en')} items/s (${figures.agendaSeconds} s ` +
          `of ${figures.rebuildSeconds} s, ${round(agendaShare, 1)} %)`,
        target: `>= ${TARGETS.agendaItemsPerSecond.toLocaleString('en')} items/s`,
        ok: pass.agenda,
      },
      {
        scenario: 'tick, nothing due (Wed 08:00-13:50)',
        result: `p50 ${figures.idleTickP50Ms} ms, p99 ${figures.idleTickP99Ms} ms, max ${figures.idleTickMaxMs} ms`,
        target: `p99 <= ${TARGETS.idleTickP99Ms} ms`,
        ok: figures.idleTickP99Ms <= TARGETS.idleTickP99Ms && figures.idleTickFired === 0,
      },
      {
        scenario: `morning: ${figures.morningDueExpected.toLocaleString('en')} reminders due (Thu 07:30)`,
        result:
          `${figures.morningRecorded.toLocaleString('en')} recorded in ${figures.morningFiredSeconds} s, ` +
          `${figures.morningTicks} ticks (${figures.morningCatchUpSeconds} s waiting for the agenda)`,
        target: '-',
        ok: figures.morningRecorded === figures.morningDueExpected,
      },
      {
        scenario: `morning: ${figures.morningUnitNotificationsExpected.toLocaleString('en')} unit notifications to the SMTP sink`,
        result:
          `${figures.morningDeliveriesSent.toLocaleString('en')} sent in ${figures.morningDeliveredSeconds} s ` +
          `(${figures.morningEmails} emails, ${figures.morningSweeps} sweeps; ` +
          `${figures.morningDeliveriesRetrying} retrying, ${figures.morningDeliveriesFailed} failed)`,
        target: '-',
        ok: figures.morningDeliveriesSent === figures.morningUnitNotificationsExpected,
      },
      {
        scenario: 'morning: fired, recorded and emailed',
        result: `${figures.morningSeconds} s`,
        target: `<= ${TARGETS.morningSeconds} s`,
        ok: pass.morning,
      },
      {
        scenario: 'morning: server RSS growth (end / highest)',
        result: `${figures.morningRssGrowthMb} / ${figures.morningRssPeakGrowthMb} MB (from ${figures.morningRssBeforeMb} MB)`,
        target: `<= ${TARGETS.morningRssGrowthMb} MB`,
        ok: pass.morningRss,
      },
      {
        scenario: 'tick, nothing due, after the morning',
        result: `p50 ${figures.idleAfterMorningP50Ms} ms, p99 ${figures.idleAfterMorningP99Ms} ms`,
        target: `p99 <= ${TARGETS.idleTickP99Ms} ms`,
        ok:
          figures.idleAfterMorningP99Ms <= TARGETS.idleTickP99Ms &&
          figures.idleAfterMorningFired === 0,
      },
      {
        scenario: 'first start: the outbox reads the whole log (for reference)',
        result: `${figures.outboxFirstCatchUpSeconds} s (createApp returned after ${round(figures.firstStartupMs / 1000, 1)} s)`,
        target: '-',
        ok: '-',
      },
      {
        scenario: 'whole rebuild (for reference)',
        result: `${figures.rebuildEventsPerSecond.toLocaleString('en')} events/s (${figures.rebuildSeconds} s)`,
        target: '-',
        ok: '-',
      },
      {
        scenario: 'server peak RSS (VmHWM, for reference)',
        result: `${figures.serverPeakRssMb} MB`,
        target: '-',
        ok: '-',
      },
    ]);
    console.log(JSON.stringify({ bench: 'reminders', ...figures, pass }));
  } finally {
    if (server && server.exitCode === null) {
      server.send('stop');
      await new Promise((resolve) => server!.once('exit', resolve));
    }
    await smtp?.close();
    if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
