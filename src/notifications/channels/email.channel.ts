import { createHash } from 'node:crypto';
import { createTransport, type NodemailerError, type Transporter } from 'nodemailer';
import { DELIVERED, deliveryFailed, type DeliveryResult } from './delivery';
import type { Notification, NotificationKind } from '../notification';

export interface EmailChannelOptions {
  /** `SMTP_URL`, e.g. `smtp://mail.tinh.gov.vn:25` (`smtps://` for implicit TLS). */
  smtpUrl: string;
  /** `MAIL_FROM`, e.g. `"Theo dõi chỉ đạo" <theodoi@tinh.gov.vn>`. */
  from: string;
  /** Longest wait for each step: connecting, the greeting, each answer. Default 5 s. */
  timeoutMs?: number;
  /** Longest wait for a whole message, however slowly the server trickles. Default 20 s. */
  sendTimeoutMs?: number;
}

export interface DigestOptions {
  /** Where the dashboard is served, e.g. `https://theodoi.tinh.gov.vn`; items link below it. */
  dashboardUrl: string;
}

export interface DigestMessage {
  subject: string;
  text: string;
  html: string;
}

/** Header listing the notification ids a message carries, so duplicates can be recognised. */
export const NOTIFICATION_IDS_HEADER = 'X-Notification-Ids';

const KIND_LABELS: Record<NotificationKind, string> = {
  assigned: 'Được giao chủ trì',
  'due-soon': 'Sắp đến hạn',
  overdue: 'Quá hạn',
  escalated: 'Quá hạn kéo dài, đã báo cáo lãnh đạo',
  urged: 'Được đôn đốc',
  returned: 'Đơn vị trả lại',
  'awaiting-review': 'Chờ đánh giá',
  'extension-requested': 'Đề nghị gia hạn',
  'extension-decided': 'Đã quyết định gia hạn',
  unassigned: 'Chưa giao đơn vị chủ trì',
};

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_SEND_TIMEOUT_MS = 20_000;

/**
 * Sends what one sweep has for one address as one message (API.md): a Vietnamese subject and a
 * plain-text and HTML body listing each item with its kind and its link on the dashboard.
 *
 * The Message-ID is derived from the notification ids and `X-Notification-Ids` lists them, so a
 * digest sent again after an unclear failure (the server took it, the answer was lost) can be
 * recognised as a duplicate. A failure is returned, never thrown: 4xx replies and connection
 * errors or timeouts are worth retrying, 5xx replies and unusable addresses are not.
 */
export class EmailChannel {
  private readonly transport: Transporter;
  private readonly from: string;
  private readonly messageIdDomain: string;
  private readonly timeoutMs: number;
  private readonly sendTimeoutMs: number;

  constructor(options: EmailChannelOptions) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.timeoutMs = timeoutMs;
    this.transport = createTransport({
      url: options.smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      dnsTimeout: timeoutMs,
    });
    this.from = options.from;
    this.messageIdDomain = /@([^\s>]+)/.exec(options.from)?.[1] ?? 'localhost';
    this.sendTimeoutMs = options.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  }

  /** One message to `address` for all of `notifications`; nothing is sent for none. */
  async sendDigest(
    address: string,
    notifications: readonly Notification[],
    options: DigestOptions,
  ): Promise<DeliveryResult> {
    if (notifications.length === 0) return DELIVERED;
    const { subject, text, html } = composeDigest(notifications, options);
    const ids = notifications.map((notification) => notification.id);
    try {
      await this.transport.sendMail({
        from: this.from,
        to: address,
        subject,
        text,
        html,
        messageId: `<digest-${digestOf(ids)}@${this.messageIdDomain}>`,
        headers: {
          [NOTIFICATION_IDS_HEADER]: ids.join(', '),
          // RFC 3834: out-of-office replies and the like should not answer a robot.
          'Auto-Submitted': 'auto-generated',
        },
        signal: AbortSignal.timeout(this.sendTimeoutMs),
      });
      return DELIVERED;
    } catch (error) {
      return this.failureOf(error);
    }
  }

  /**
   * One test message to `address`, sent the way digests are (same transport, sender and
   * headers), so an admin learns whether the unit's mail arrives before a real notice depends
   * on it. `testId` goes into the Message-ID and the subject: each test is its own message.
   */
  async sendTest(address: string, test: TestMessage): Promise<DeliveryResult> {
    const { subject, text } = composeTest(test);
    try {
      await this.transport.sendMail({
        from: this.from,
        to: address,
        subject,
        text,
        messageId: `<test-${test.testId}@${this.messageIdDomain}>`,
        headers: { 'Auto-Submitted': 'auto-generated' },
        signal: AbortSignal.timeout(this.sendTimeoutMs),
      });
      return DELIVERED;
    } catch (error) {
      return this.failureOf(error);
    }
  }

  /** Releases the transport's connections. */
  close(): void {
    this.transport.close();
  }

  private failureOf(thrown: unknown): DeliveryResult {
    const error: NodemailerError =
      typeof thrown === 'object' && thrown !== null
        ? (thrown as NodemailerError)
        : new Error(String(thrown));
    const code = error.responseCode;
    if (typeof code === 'number' && code >= 400) {
      // RFC 5321: 4yz is a transient refusal (mailbox busy, try later), 5yz a permanent one.
      return deliveryFailed(
        code < 500,
        `SMTP ${oneLine(error.response ?? `${code} ${error.message}`)}`,
      );
    }
    if (error.code === 'EENVELOPE') {
      return deliveryFailed(false, `Unusable address: ${oneLine(error.message)}`);
    }
    if (error.code === 'ETIMEDOUT') {
      return deliveryFailed(
        true,
        `SMTP server did not answer within ${this.timeoutMs} ms (${oneLine(error.message)})`,
      );
    }
    if (error.code === 'EABORT') {
      return deliveryFailed(
        true,
        `SMTP server did not take the message within ${this.sendTimeoutMs} ms`,
      );
    }
    return deliveryFailed(true, `SMTP ${error.code ?? 'error'}: ${oneLine(error.message)}`);
  }
}

/** What a test message says: which unit it was sent for and by whom. */
export interface TestMessage {
  testId: string;
  unitId: string;
  unitName: string;
  requestedBy: string;
  dashboardUrl: string;
}

/** The test message's subject and plain-text body (Vietnamese, as every message). */
export function composeTest(test: TestMessage): { subject: string; text: string } {
  const base = test.dashboardUrl.replace(/\/+$/, '');
  return {
    subject: `[Theo dõi chỉ đạo] Thư thử nghiệm cho ${oneLine(test.unitName)}`,
    text: [
      `Đây là thư thử nghiệm do ${oneLine(test.requestedBy)} gửi từ trang quản trị, để kiểm tra ` +
        `địa chỉ nhận thông báo của ${oneLine(test.unitName)} (${test.unitId}).`,
      'Thư này không kèm việc nào; không cần làm gì thêm.',
      '',
      `Mã thử nghiệm: ${test.testId}`,
      `${base}/`,
      '',
    ].join('\n'),
  };
}

/** The digest's subject and bodies. Titles are escaped in the HTML body. */
export function composeDigest(
  notifications: readonly Notification[],
  options: DigestOptions,
): DigestMessage {
  const base = options.dashboardUrl.replace(/\/+$/, '');
  const entries = notifications.map((notification) => ({
    label: KIND_LABELS[notification.kind],
    title: oneLine(notification.itemTitle),
    link: `${base}/#/items/${encodeURIComponent(notification.itemId)}`,
  }));
  const count = notifications.length;
  const subject = `[Theo dõi chỉ đạo] ${count} thông báo mới`;
  const intro = `Hệ thống theo dõi chỉ đạo, kiến nghị có ${count} thông báo mới:`;
  const footer =
    'Thư này được gửi tự động từ hệ thống theo dõi, đôn đốc thực hiện chỉ đạo và kiến nghị; ' +
    'vui lòng không trả lời thư.';
  const text = [
    intro,
    '',
    ...entries.flatMap((entry, index) => [
      `${index + 1}. [${entry.label}] ${entry.title}`,
      `   ${entry.link}`,
      '',
    ]),
    `Xem tất cả: ${base}/`,
    '',
    footer,
    '',
  ].join('\n');
  const html = [
    '<!doctype html>',
    '<html lang="vi"><head><meta charset="utf-8"></head><body>',
    `<p>${escapeHtml(intro)}</p>`,
    '<ol>',
    ...entries.map(
      (entry) =>
        `<li><strong>${escapeHtml(entry.label)}</strong>: ` +
        `<a href="${escapeHtml(entry.link)}">${escapeHtml(entry.title)}</a></li>`,
    ),
    '</ol>',
    `<p><a href="${escapeHtml(`${base}/`)}">Xem tất cả</a></p>`,
    `<p style="color:#666">${escapeHtml(footer)}</p>`,
    '</body></html>',
    '',
  ].join('\n');
  return { subject, text, html };
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function oneLine(value: unknown): string {
  return String(value).replace(/\s+/g, ' ').trim();
}

function digestOf(ids: readonly string[]): string {
  return createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 32);
}
