import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenService } from '../../src/auth/token.service';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';
import { SmtpSink } from '../support/smtp-sink';

/**
 * At least once: the server is killed (`kill -9`) while the mail server holds its message
 * unanswered, between sending and recording. After a restart the delivery is still pending and
 * goes out again, under the same notification id.
 */
const SECRET = 'delivery-crash-secret-delivery-crash-0123';
const tokens = new TokenService(SECRET);
const admin = tokens.sign({ sub: 'crash-admin', name: 'Quản trị', role: 'admin' });
const office = tokens.sign({ sub: 'crash-office', name: 'Văn phòng', role: 'office' });

async function until<T>(what: string, check: () => T | undefined | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('delivery across kill -9', () => {
  let dataDir: string;
  let smtp: SmtpSink;
  let server: ServerProcess | undefined;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'delivery-crash-'));
    smtp = await SmtpSink.start();
  });
  afterAll(async () => {
    await server?.stop('SIGKILL').catch(() => undefined);
    await smtp.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({
    DATA_DIR: dataDir,
    AUTH_SECRET: SECRET,
    DEMO: 'false',
    SMTP_URL: smtp.url,
    DELIVERY_INTERVAL_MS: '200',
  });
  const call = async (
    method: string,
    path: string,
    token: string,
    body?: object,
  ): Promise<{ id: string; total: number }> => {
    const res = await fetch(`${server!.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string; total: number };
  };

  it('sends again after a crash between sending and recording, under the same id', async () => {
    server = await startServerProcess(env(), port);
    await call('PUT', '/api/reminder-rules', admin, { rules: [], sendWindow: null });
    await call('POST', '/api/units', admin, {
      id: 'so-noi-vu',
      name: 'Sở Nội vụ',
      kind: 'department',
    });
    await call('PUT', '/api/units/so-noi-vu/contacts', admin, { emails: ['vanthu@snv.example'] });
    smtp.hang('data');
    const item = await call('POST', '/api/items', office, {
      kind: 'directive',
      title: 'Giữa chừng',
    });
    await call('POST', `/api/items/${item.id}/assign`, office, { leadUnit: 'so-noi-vu' });

    const held = await until('the message to reach the mail server', () => smtp.held[0]);
    await server.stop('SIGKILL');
    server = undefined;
    expect(smtp.messages).toHaveLength(0);

    smtp.recover();
    server = await startServerProcess(env(), port);
    const mail = await until('the message again after the restart', () => smtp.messages[0]);
    const ids = (text: string) => /X-Notification-Ids: *([^\r\n]+)/i.exec(text)?.[1];
    expect(ids(mail.raw)).toBe(ids(held));
    expect(mail.envelope.to).toEqual(['vanthu@snv.example']);
    const sent = await call('GET', '/api/notifications/deliveries?status=sent', admin);
    expect(sent.total).toBe(1);
  }, 120_000);
});
