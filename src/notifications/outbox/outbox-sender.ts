import type { Database } from 'better-sqlite3';
import type { EmailChannel } from '../channels/email.channel';
import type { DeliveryResult } from '../channels/delivery';
import { DEFAULT_RETRY_POLICY, nextRetry, type RetryPolicy } from '../channels/retry-policy';
import type { WebhookChannel } from '../channels/webhook.channel';
import { inParallel } from '../../shared/in-parallel';
import type { Notification } from '../notification';

/** A unit's channels, as the sender needs them (the webhook secret in clear). */
export interface UnitChannels {
  emails: string[];
  webhook: { url: string; secret: string } | null;
}

export interface OutboxSenderOptions {
  db: Database;
  contactsOf(unitId: string): Promise<UnitChannels | undefined>;
  /** Absent when no `SMTP_URL` is configured: units' addresses then get nothing. */
  email?: EmailChannel;
  webhook: WebhookChannel;
  /** Whether anything may be sent at this instant (the send window on working days). */
  maySend(now: Date): Promise<boolean>;
  dashboardUrl: string;
  retry?: RetryPolicy;
  random?: () => number;
  /** Deliveries handled per sweep at most; the rest wait for the next sweep. */
  batch?: number;
  /** Webhook calls in flight at once: a receiver that hangs holds up only its own. */
  webhookConcurrency?: number;
  /** Emails in flight at once (one per address): a slow mail server holds up a few, not all. */
  emailConcurrency?: number;
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** One delivery as the admin's list shows it. */
export interface DeliveryView {
  id: string;
  notificationId: string;
  unitId: string;
  channel: 'email' | 'webhook';
  /** The address, or the webhook's URL. */
  target: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
}

export interface SweepResult {
  sent: number;
  retrying: number;
  failed: number;
}

interface DeliveryRow {
  id: string;
  notification_id: string;
  unit_id: string;
  channel: 'email' | 'webhook';
  target: string;
  attempts: number;
  first_attempt_at: number | null;
}

/**
 * Sends what the outbox holds, at least once. A notification is first expanded into one delivery
 * per channel of its unit (each address, the webhook), with the contacts in force then. Due
 * deliveries go out each sweep: one email per address for all its notifications, one webhook call
 * per notification. A delivery is marked sent only after the channel answered, so a crash in
 * between sends it again, under the same notification id that receivers deduplicate on.
 * Failures are retried with backoff for 24 hours, then marked failed for the admin to see.
 */
export class OutboxSender {
  private readonly db: Database;
  private readonly retry: RetryPolicy;
  private readonly random: () => number;
  private readonly batch: number;
  private readonly webhookConcurrency: number;
  private readonly emailConcurrency: number;
  /** Prepared once: a morning's sweep runs them thousands of times. */
  private readonly statements: ReturnType<typeof prepare>;

  constructor(private readonly options: OutboxSenderOptions) {
    this.db = options.db;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.random = options.random ?? Math.random;
    // Large: an address's notifications of one sweep should go out as one message, not several.
    this.batch = options.batch ?? 20_000;
    this.webhookConcurrency = options.webhookConcurrency ?? 4;
    this.emailConcurrency = options.emailConcurrency ?? 8;
    this.statements = prepare(this.db);
  }

  async sweep(now = new Date()): Promise<SweepResult> {
    await this.expand(now);
    const result: SweepResult = { sent: 0, retrying: 0, failed: 0 };
    if (!(await this.options.maySend(now))) return result;
    const due = this.statements.due.all(now.getTime(), this.batch) as DeliveryRow[];
    const byAddress = new Map<string, DeliveryRow[]>();
    const calls: DeliveryRow[] = [];
    for (const row of due) {
      if (row.channel === 'email') {
        const rows = byAddress.get(row.target);
        if (rows) rows.push(row);
        else byAddress.set(row.target, [row]);
      } else calls.push(row);
    }
    await inParallel([...byAddress], this.emailConcurrency, async ([address, rows]) => {
      const outcome = this.options.email
        ? await this.options.email.sendDigest(
            address,
            rows.map((r) => this.notification(r)),
            { dashboardUrl: this.options.dashboardUrl },
          )
        : ({ ok: false, retryable: false, error: 'No SMTP_URL is configured' } as const);
      for (const row of rows) this.record(row, outcome, now, result);
    });
    await inParallel(calls, this.webhookConcurrency, async (row) => {
      this.record(row, await this.callWebhook(row), now, result);
    });
    return result;
  }

  /** Deliveries by status, newest first, for the admin. */
  list(
    status: DeliveryStatus | undefined,
    limit: number,
    offset: number,
  ): { total: number; items: DeliveryView[] } {
    const where = status ? 'WHERE status = ?' : '';
    const args = status ? [status] : [];
    const rows = this.db
      .prepare(`SELECT * FROM deliveries ${where} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`)
      .all(...args, limit, offset) as (DeliveryRow & {
      status: DeliveryStatus;
      next_at: number;
      last_error: string | null;
      sent_at: string | null;
      created_at: string;
    })[];
    const total = this.db
      .prepare(`SELECT COUNT(*) FROM deliveries ${where}`)
      .pluck()
      .get(...args) as number;
    return {
      total,
      items: rows.map((row) => ({
        id: row.id,
        notificationId: row.notification_id,
        unitId: row.unit_id,
        channel: row.channel,
        target: row.target,
        status: row.status,
        attempts: row.attempts,
        lastError: row.last_error,
        createdAt: row.created_at,
        sentAt: row.sent_at,
        nextAttemptAt: row.status === 'pending' ? new Date(row.next_at).toISOString() : null,
      })),
    };
  }

  /** One delivery per channel of the unit, for every notification not yet expanded. */
  private async expand(now: Date): Promise<void> {
    const fresh = this.statements.fresh.all(this.batch) as { id: string; unit_id: string }[];
    if (fresh.length === 0) return;
    const channels = new Map<string, UnitChannels | undefined>();
    for (const { unit_id } of fresh) {
      if (!channels.has(unit_id)) channels.set(unit_id, await this.options.contactsOf(unit_id));
    }
    const { insert, expanded } = this.statements;
    this.db.transaction(() => {
      for (const { id, unit_id } of fresh) {
        const unit = channels.get(unit_id);
        const targets: ['email' | 'webhook', string][] = [];
        if (this.options.email)
          for (const address of unit?.emails ?? []) targets.push(['email', address]);
        if (unit?.webhook) targets.push(['webhook', unit.webhook.url]);
        for (const [channel, target] of targets) {
          insert.run(
            `${id}:${channel}:${target}`,
            id,
            unit_id,
            channel,
            target,
            now.getTime(),
            now.toISOString(),
          );
        }
        expanded.run(id);
      }
    })();
  }

  private notification(row: DeliveryRow): Notification {
    const stored = this.statements.payload.get(row.notification_id) as string;
    return JSON.parse(stored) as Notification;
  }

  private async callWebhook(row: DeliveryRow): Promise<DeliveryResult> {
    const unit = await this.options.contactsOf(row.unit_id);
    if (!unit?.webhook || unit.webhook.url !== row.target) {
      return { ok: false, retryable: false, error: 'The unit no longer has this webhook' };
    }
    return this.options.webhook.deliver(unit.webhook, this.notification(row));
  }

  private record(row: DeliveryRow, outcome: DeliveryResult, now: Date, result: SweepResult): void {
    const attempts = row.attempts + 1;
    const firstAttemptAt = row.first_attempt_at ?? now.getTime();
    if (outcome.ok) {
      this.update(row.id, 'sent', attempts, firstAttemptAt, now.getTime(), null, now.toISOString());
      result.sent++;
      return;
    }
    const decision = outcome.retryable
      ? nextRetry(
          {
            failures: attempts,
            firstAttemptAt: new Date(firstAttemptAt),
            failedAt: now,
            random: this.random(),
          },
          this.retry,
        )
      : ({ giveUp: true } as const);
    if (decision.giveUp) {
      this.update(row.id, 'failed', attempts, firstAttemptAt, now.getTime(), outcome.error, null);
      result.failed++;
    } else {
      const next = decision.nextAttemptAt.getTime();
      this.update(row.id, 'pending', attempts, firstAttemptAt, next, outcome.error, null);
      result.retrying++;
    }
  }

  private update(
    id: string,
    status: DeliveryStatus,
    attempts: number,
    firstAttemptAt: number,
    nextAt: number,
    error: string | null,
    sentAt: string | null,
  ): void {
    this.statements.update.run(status, attempts, firstAttemptAt, nextAt, error, sentAt, id);
  }
}

function prepare(db: Database) {
  return {
    due: db.prepare(
      "SELECT * FROM deliveries WHERE status = 'pending' AND next_at <= ? ORDER BY next_at LIMIT ?",
    ),
    fresh: db.prepare('SELECT id, unit_id FROM outbox_notifications WHERE expanded = 0 LIMIT ?'),
    insert: db.prepare(
      'INSERT OR IGNORE INTO deliveries' +
        ' (id, notification_id, unit_id, channel, target, status, next_at, created_at)' +
        " VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
    ),
    expanded: db.prepare('UPDATE outbox_notifications SET expanded = 1 WHERE id = ?'),
    payload: db.prepare('SELECT payload FROM outbox_notifications WHERE id = ?').pluck(),
    update: db.prepare(
      'UPDATE deliveries SET status = ?, attempts = ?, first_attempt_at = ?, next_at = ?,' +
        ' last_error = ?, sent_at = ? WHERE id = ?',
    ),
  };
}
