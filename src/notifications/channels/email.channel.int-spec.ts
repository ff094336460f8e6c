import { SmtpSink } from '../../../test/support/smtp-sink';
import { NOTIFICATION_KINDS, type Notification } from '../notification';
import { EmailChannel } from './email.channel';

const dashboardUrl = 'https://theodoi.phutho.gov.vn/';
const from = '"Theo dõi chỉ đạo" <theodoi@phutho.gov.vn>';

function notification(
  id: string,
  kind: Notification['kind'],
  itemTitle: string,
  itemId = `item-${id}`,
): Notification {
  return { id, kind, itemId, itemTitle, unitId: 'so-noi-vu', createdAt: '2026-03-02T01:30:00Z' };
}

const digest = [
  notification('n-1', 'due-soon', 'Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2026'),
  notification('n-2', 'overdue', 'Sắp xếp đơn vị hành chính cấp xã <trước> 30/6 & "báo cáo"'),
  notification('n-3', 'urged', 'Rà soát hồ sơ đất đai tồn đọng tại xã Thanh Ba'),
];

describe('EmailChannel against a real SMTP server', () => {
  let sink: SmtpSink;
  let channel: EmailChannel;

  beforeEach(async () => {
    sink = await SmtpSink.start();
    channel = new EmailChannel({ smtpUrl: sink.url, from, timeoutMs: 300, sendTimeoutMs: 2000 });
  });
  afterEach(async () => {
    channel.close();
    await sink.close();
  });

  it('sends one Vietnamese message for all of an address’s notifications, each with its link', async () => {
    const result = await channel.sendDigest('vanphong@sonoivu.phutho.gov.vn', digest, {
      dashboardUrl,
    });

    expect(result).toEqual({ ok: true });
    expect(sink.messages).toHaveLength(1);
    const [mail] = sink.messages;
    expect(mail.envelope).toEqual({
      from: 'theodoi@phutho.gov.vn',
      to: ['vanphong@sonoivu.phutho.gov.vn'],
    });
    expect(mail.headers.get('to')).toBe('vanphong@sonoivu.phutho.gov.vn');
    expect(mail.headers.get('from')).toBe('Theo dõi chỉ đạo <theodoi@phutho.gov.vn>');
    expect(mail.subject).toBe('[Theo dõi chỉ đạo] 3 thông báo mới');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');

    expect(mail.text).toContain(
      '1. [Sắp đến hạn] Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2026\n' +
        '   https://theodoi.phutho.gov.vn/#/items/item-n-1',
    );
    expect(mail.text).toContain(
      '2. [Quá hạn] Sắp xếp đơn vị hành chính cấp xã <trước> 30/6 & "báo cáo"\n' +
        '   https://theodoi.phutho.gov.vn/#/items/item-n-2',
    );
    expect(mail.text).toContain(
      '3. [Được đôn đốc] Rà soát hồ sơ đất đai tồn đọng tại xã Thanh Ba\n' +
        '   https://theodoi.phutho.gov.vn/#/items/item-n-3',
    );

    expect(mail.html).toContain(
      '<li><strong>Quá hạn</strong>: <a href="https://theodoi.phutho.gov.vn/#/items/item-n-2">' +
        'Sắp xếp đơn vị hành chính cấp xã &lt;trước&gt; 30/6 &amp; &quot;báo cáo&quot;</a></li>',
    );
    expect(mail.html).not.toContain('<trước>');
    expect(mail.html).toContain('<strong>Sắp đến hạn</strong>');
    expect(mail.html).toContain('<strong>Được đôn đốc</strong>');
  });

  it('names the notifications it carries, with a Message-ID that is the same when sent again', async () => {
    await channel.sendDigest('a@xa-thanh-ba.gov.vn', digest, { dashboardUrl });
    await channel.sendDigest('a@xa-thanh-ba.gov.vn', digest, { dashboardUrl });
    await channel.sendDigest('a@xa-thanh-ba.gov.vn', digest.slice(1), { dashboardUrl });

    const [first, again, other] = sink.messages;
    expect(first.headers.get('x-notification-ids')).toBe('n-1, n-2, n-3');
    expect(other.headers.get('x-notification-ids')).toBe('n-2, n-3');
    expect(first.headers.get('message-id')).toMatch(/^<digest-[0-9a-f]{32}@phutho\.gov\.vn>$/);
    expect(again.headers.get('message-id')).toBe(first.headers.get('message-id'));
    expect(other.headers.get('message-id')).not.toBe(first.headers.get('message-id'));
    expect(other.subject).toBe('[Theo dõi chỉ đạo] 2 thông báo mới');
  });

  it('labels every kind in Vietnamese and escapes item ids in links', async () => {
    const kinds = NOTIFICATION_KINDS;
    const all = kinds.map((kind, index) => notification(`k-${index}`, kind, `Việc ${index}`));
    all.push(notification('k-odd', 'overdue', 'Việc lạ', 'a b/c?d'));

    expect(await channel.sendDigest('x@tinh.gov.vn', all, { dashboardUrl })).toEqual({ ok: true });

    const text = sink.messages[0].text ?? '';
    for (const label of [
      'Được giao chủ trì',
      'Sắp đến hạn',
      'Quá hạn',
      'Quá hạn kéo dài, đã báo cáo lãnh đạo',
      'Được đôn đốc',
      'Đơn vị trả lại',
      'Chờ đánh giá',
      'Đề nghị gia hạn',
      'Đã quyết định gia hạn',
      'Chưa giao đơn vị chủ trì',
    ]) {
      expect(text).toContain(`[${label}]`);
    }
    expect(text).not.toContain('undefined');
    expect(text).toContain('https://theodoi.phutho.gov.vn/#/items/a%20b%2Fc%3Fd');
  });

  it('sends nothing when there is nothing to say', async () => {
    expect(await channel.sendDigest('x@tinh.gov.vn', [], { dashboardUrl })).toEqual({ ok: true });
    expect(sink.messages).toHaveLength(0);
  });

  it('reports a 4xx reply as retryable, and delivers once the server recovers', async () => {
    sink.refuse(451, 'data', 'Requested action aborted: local error');

    const refused = await channel.sendDigest('x@tinh.gov.vn', digest, { dashboardUrl });
    sink.recover();
    const delivered = await channel.sendDigest('x@tinh.gov.vn', digest, { dashboardUrl });

    expect(refused).toEqual({
      ok: false,
      retryable: true,
      error: 'SMTP 451 Requested action aborted: local error',
    });
    expect(delivered).toEqual({ ok: true });
    expect(sink.messages).toHaveLength(1);
  });

  it('reports a 5xx reply as final, for the recipient or for the message', async () => {
    sink.refuse(550, 'rcpt', 'Mailbox unavailable');
    const unknownMailbox = await channel.sendDigest('x@tinh.gov.vn', digest, { dashboardUrl });
    sink.refuse(554, 'data', 'Transaction failed');
    const refusedMessage = await channel.sendDigest('x@tinh.gov.vn', digest, { dashboardUrl });

    expect(unknownMailbox).toEqual({
      ok: false,
      retryable: false,
      error: expect.stringContaining('550'),
    });
    expect(refusedMessage).toEqual({
      ok: false,
      retryable: false,
      error: 'SMTP 554 Transaction failed',
    });
    expect(sink.messages).toHaveLength(0);
  });

  it('reports a 4xx reply to the recipient as retryable', async () => {
    sink.refuse(450, 'rcpt', 'Mailbox busy');

    expect(await channel.sendDigest('x@tinh.gov.vn', digest, { dashboardUrl })).toEqual({
      ok: false,
      retryable: true,
      error: expect.stringContaining('450'),
    });
  });

  it.each(['greeting', 'data'] as const)(
    'gives up on a server that hangs at the %s within the timeout, as retryable',
    async (stage) => {
      sink.hang(stage);

      const result = await channel.sendDigest('x@tinh.gov.vn', digest, { dashboardUrl });

      expect(result).toEqual({
        ok: false,
        retryable: true,
        error: expect.stringContaining('SMTP server did not answer within 300 ms'),
      });
      expect(sink.messages).toHaveLength(0);
    },
  );

  it('bounds the whole message even when each answer comes in time', async () => {
    const patient = new EmailChannel({
      smtpUrl: sink.url,
      from,
      timeoutMs: 5000,
      sendTimeoutMs: 300,
    });
    sink.hang('data');

    const result = await patient.sendDigest('x@tinh.gov.vn', digest, { dashboardUrl });
    patient.close();

    expect(result).toEqual({
      ok: false,
      retryable: true,
      error: 'SMTP server did not take the message within 300 ms',
    });
  });

  it('reports a server that is not listening as retryable', async () => {
    const gone = await SmtpSink.start();
    const unreachable = new EmailChannel({ smtpUrl: gone.url, from, timeoutMs: 300 });
    await gone.close();

    const result = await unreachable.sendDigest('x@tinh.gov.vn', digest, { dashboardUrl });
    unreachable.close();

    expect(result).toEqual({
      ok: false,
      retryable: true,
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('reports an unusable address as final without troubling the server', async () => {
    const result = await channel.sendDigest('not an address', digest, { dashboardUrl });

    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(sink.messages).toHaveLength(0);
  });
});
