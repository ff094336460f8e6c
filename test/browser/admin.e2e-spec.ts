import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { DEFAULT_CALENDAR } from '../../src/shared/calendar/default-calendar';
import { addDays, toLocalDate, weekday } from '../../src/shared/calendar/local-date';
import type { Principal } from '../../src/shared/principal';
import { SmtpSink } from '../support/smtp-sink';
import { WebhookReceiver } from '../support/webhook-receiver';
import {
  rendered,
  demoSignIn,
  screenshot,
  type DashboardApp,
  type DashboardSuite,
  useDashboardSuite,
} from './support/browser';

/**
 * Administration in the dashboard (issue 22): the calendar editor with its preview and save,
 * registering a unit, a unit's contacts with a test delivery (email to a real SMTP sink, a
 * signed webhook call to a real receiver), the reminder rules with their plain-language
 * preview, and the office's list of sources with their items. Forms check what the API checks
 * and say so in the page's language.
 */

const ADMIN: Principal = { sub: 'admin-test', name: 'Quản trị', role: 'admin' };
const OFFICE: Principal = { sub: 'vp-test', name: 'Chuyên viên VP', role: 'office' };
const SECRET = 'whsec-browser-0123456789';

/** The next weekday after today that is a working day on the shipped calendar. */
function nextWorkingWeekday(): string {
  let day = addDays(toLocalDate(new Date().toISOString()), 1);
  while (!(weekday(day) >= 1 && weekday(day) <= 5 && DEFAULT_CALENDAR.isWorkingDay(day))) {
    day = addDays(day, 1);
  }
  return day;
}

describe('Administration in the dashboard', () => {
  let app: DashboardApp;
  let page: Page;
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    [smtp, receiver] = await Promise.all([SmtpSink.start(), WebhookReceiver.start()]);
  });
  useDashboardSuite((suite) => ({ app, page } = suite as DashboardSuite), {
    env: () => ({ SMTP_URL: smtp.url, MAIL_FROM: 'theodoi@tinh.example' }),
  });
  afterAll(async () => {
    await Promise.all([smtp?.close(), receiver?.close()]);
  });

  async function signInAsAdmin(hash = '#/'): Promise<void> {
    await rendered(page, () => page.goto(`/${hash}`));
    await page.getByLabel('Mã truy cập (token)').fill(app.token(ADMIN));
    await rendered(page, () => page.getByRole('button', { name: 'Đăng nhập' }).click());
  }

  const flash = () => page.locator('#flash').textContent();
  const problemItems = () => page.locator('.problem-errors li').allTextContents();

  it('edits a year on the month grid, previews the open items it affects, then saves it as one declaration', async () => {
    // An unassigned item asking for 10 working days: assigned today, its due date would move.
    const raised = await app.api<{ id: string }>(OFFICE, '/api/items', {
      method: 'POST',
      body: {
        kind: 'directive',
        title: 'Rà soát quy hoạch giao thông kết nối cụm công nghiệp',
        deadline: { type: 'working-days', days: 10 },
      },
    });
    const day = nextWorkingWeekday();
    const year = Number(day.slice(0, 4));
    await signInAsAdmin(`#/admin/calendar?year=${year}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Lịch ngày nghỉ năm ${year}`);
    await expect(page.locator('#calendar-save').isDisabled()).resolves.toBe(true);

    const cell = page.locator(`.cal-day[data-date="${day}"]`);
    await expect(cell.getAttribute('data-kind')).resolves.toBe('working');
    await cell.click();
    await expect(cell.getAttribute('data-kind')).resolves.toBe('holiday');
    const [y, m, d] = day.split('-');
    await page
      .getByLabel(`Căn cứ pháp lý của ngày ${d}/${m}/${y}`)
      .fill('Quyết định nghỉ bổ sung (thử nghiệm)');
    await page
      .getByLabel('Văn bản công bố lịch nghỉ của năm')
      .fill(`Thông báo lịch nghỉ năm ${year}`);

    await page.getByRole('button', { name: 'Xem trước thay đổi' }).click();
    await page.locator('#preview-summary').waitFor();
    await expect(page.locator('#preview-days li').allTextContents()).resolves.toEqual([
      `${d}/${m}/${y} thành ngày nghỉ`,
    ]);
    expect(
      Number(await page.locator('#preview-summary').getAttribute('data-total')),
    ).toBeGreaterThan(0);
    const row = page.locator(`.preview-items tr[data-item="${raised.id}"]`);
    await expect(row.locator('li[data-kind="assignment-due-date"]').textContent()).resolves.toMatch(
      /^Hạn nếu giao hôm nay: \d\d\/\d\d\/\d{4} → \d\d\/\d\d\/\d{4}$/,
    );
    await expect(page.locator('.cal-preview .hint').first().textContent()).resolves.toContain(
      'Hạn đã tính và ghi nhận cho các việc không thay đổi',
    );
    await screenshot(page, 'admin-01-calendar-preview');

    // A change after the preview asks for a new one before saving.
    await page.getByLabel('Đã đối chiếu từng ngày với văn bản').check();
    await expect(page.locator('#calendar-save').isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Xem trước thay đổi' }).click();
    await page.locator('.cal-preview:not(.stale) #preview-summary').waitFor();
    await rendered(page, () => page.locator('#calendar-save').click());
    await expect(flash()).resolves.toBe(`Đã lưu lịch ngày nghỉ năm ${year}.`);

    const saved = await app.api<{
      holidays: string[];
      declared: boolean;
      confirmed: boolean;
      reference: string;
      dayReferences: { date: string; reference: string }[];
    }>(ADMIN, `/api/calendar/${year}`);
    expect(saved.holidays).toContain(day);
    expect(saved).toMatchObject({
      declared: true,
      confirmed: true,
      reference: `Thông báo lịch nghỉ năm ${year}`,
    });
    expect(saved.dayReferences).toEqual([
      { date: day, reference: 'Quyết định nghỉ bổ sung (thử nghiệm)' },
    ]);
    await expect(
      page.locator(`.cal-day[data-date="${day}"]`).getAttribute('data-kind'),
    ).resolves.toBe('holiday');
    await expect(
      page.locator(`.cal-year[data-year="${year}"]`).getAttribute('data-state'),
    ).resolves.toBe('confirmed');
    await screenshot(page, 'admin-02-calendar-saved');
  });

  it('registers a unit, refusing what the API would refuse in the chosen language', async () => {
    await signInAsAdmin('#/admin/units');
    await page.getByLabel('Tên').fill('Ban Quản lý các khu công nghiệp');
    await page.getByLabel('Mã định danh').fill('Ban QL KCN');
    await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
    await expect(problemItems()).resolves.toEqual([
      'Mã định danh: chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ so-noi-vu',
    ]);
    await expect(page.getByLabel('Mã định danh').getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );

    await page.getByLabel('Mã định danh').fill('so-noi-vu');
    await page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
    await expect(problemItems()).resolves.toEqual(['Mã định danh: đã có đơn vị mang mã này']);

    // In English, the same form says it in English.
    await rendered(page, () => page.locator('#lang-switch').click());
    await page.getByLabel('Name').fill('Ban Quản lý các khu công nghiệp');
    await page.getByLabel('Identifier').fill('ban-quan-ly-kcn');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(problemItems()).resolves.toEqual(['Kind: choose one']);
    await rendered(page, () => page.locator('#lang-switch').click());

    await page.getByLabel('Tên').fill('Ban Quản lý các khu công nghiệp');
    await page.getByLabel('Mã định danh').fill('ban-quan-ly-kcn');
    await page.getByLabel('Loại').selectOption('agency');
    await rendered(page, () =>
      page.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click(),
    );
    await expect(flash()).resolves.toBe('Đã thêm Ban Quản lý các khu công nghiệp.');
    const row = page.locator('#units-table tr[data-unit="ban-quan-ly-kcn"]');
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe('Cơ quan, đơn vị khác');
    const units = await app.api<{ id: string; kind: string }[]>(ADMIN, '/api/units');
    expect(units.find((u) => u.id === 'ban-quan-ly-kcn')).toMatchObject({ kind: 'agency' });
    await screenshot(page, 'admin-03-units');
  });

  it("saves a unit's contacts and sends a test: an email to the SMTP sink and a signed webhook call", async () => {
    await signInAsAdmin('#/admin/units');
    await rendered(page, () =>
      page
        .locator('tr[data-unit="so-tu-phap"]')
        .getByRole('link', { name: 'Địa chỉ nhận thông báo' })
        .click(),
    );
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Địa chỉ nhận thông báo: Sở Tư pháp',
    );
    await page.getByLabel('Địa chỉ email').fill('vanthu@sotuphap.example\nVANTHU@sotuphap.example');
    await page.getByLabel('Địa chỉ webhook').fill('http://hooks.sotuphap.example/follow-up');
    await page.getByRole('button', { name: 'Lưu địa chỉ' }).click();
    await expect(problemItems()).resolves.toEqual([
      'Địa chỉ email: "VANTHU@sotuphap.example" bị lặp lại',
    ]);
    await page.getByLabel('Địa chỉ email').fill('vanthu@sotuphap.example');
    await page.getByRole('button', { name: 'Lưu địa chỉ' }).click();
    await expect(problemItems()).resolves.toEqual([
      'Webhook: phải là https:// (http:// chỉ cho máy chủ nội bộ localhost)',
    ]);
    await page.getByLabel('Địa chỉ webhook').fill(receiver.url());
    await page.getByLabel('Khóa bí mật webhook').fill(SECRET);
    await rendered(page, () => page.getByRole('button', { name: 'Lưu địa chỉ' }).click());
    await expect(flash()).resolves.toBe('Đã lưu địa chỉ nhận thông báo của Sở Tư pháp.');

    const mails = smtp.messages.length;
    const calls = receiver.requests.length;
    await page.getByRole('button', { name: 'Gửi thử' }).click();
    const results = page.locator('.test-results li');
    await results.first().waitFor();
    await expect(results.allTextContents()).resolves.toEqual([
      'Đã gửi email vanthu@sotuphap.example',
      `Đã gửi webhook ${receiver.url()}`,
    ]);
    expect(smtp.messages.length - mails).toBe(1);
    const mail = smtp.messages.at(-1)!;
    expect(mail.envelope.to).toEqual(['vanthu@sotuphap.example']);
    expect(mail.subject).toBe('[Theo dõi chỉ đạo] Thư thử nghiệm cho Sở Tư pháp');
    expect(receiver.requests.length - calls).toBe(1);
    const call = receiver.requests.at(-1)!;
    expect(call.headers['x-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(call.rawBody).digest('hex')}`,
    );
    expect(JSON.parse(call.rawBody.toString())).toMatchObject({
      kind: 'test',
      unitId: 'so-tu-phap',
    });
    await screenshot(page, 'admin-04-contacts-test');

    // A receiver that fails is reported as the channel said it.
    receiver.failNext(1, 503);
    await page.getByRole('button', { name: 'Gửi thử' }).click();
    await page.locator('.test-results li[data-channel="webhook"][data-outcome="failed"]').waitFor();
    await expect(
      page.locator('.test-results li[data-channel="webhook"]').textContent(),
    ).resolves.toContain('Webhook answered 503');
  });

  it('edits the reminder rules with a plain-language preview of each', async () => {
    await signInAsAdmin('#/admin/reminder-rules');
    const first = page.locator('.rule-row').first();
    await expect(first.locator('.rule-sentence').textContent()).resolves.toBe(
      '3 ngày làm việc trước hạn, gửi đơn vị chủ trì',
    );
    await expect(page.locator('#window-sentence').textContent()).resolves.toBe(
      'Chỉ gửi trong ngày làm việc, từ 07:30 đến 17:00.',
    );
    await first.locator('.rule-days').fill('0');
    await page.getByRole('button', { name: 'Lưu quy tắc' }).click();
    await expect(problemItems()).resolves.toEqual([
      'Quy tắc: nhắc trước hạn ít nhất 1 ngày làm việc',
    ]);

    await first.locator('.rule-days').fill('5');
    await first.getByLabel('Văn phòng').check();
    await expect(first.locator('.rule-sentence').textContent()).resolves.toBe(
      '5 ngày làm việc trước hạn, gửi đơn vị chủ trì, Văn phòng',
    );
    await page.getByRole('button', { name: 'Thêm quy tắc' }).click();
    const added = page.locator('.rule-row').last();
    await added.locator('.rule-id').fill('overdue-10');
    await added.locator('.rule-when').selectOption('overdue');
    await added.locator('.rule-days').fill('10');
    await added.getByLabel('lãnh đạo').check();
    await expect(added.locator('.rule-sentence').textContent()).resolves.toBe(
      'quá hạn 10 ngày làm việc, gửi đơn vị chủ trì, lãnh đạo',
    );
    await page.getByLabel('Đến').fill('16:30');
    await expect(page.locator('#window-sentence').textContent()).resolves.toBe(
      'Chỉ gửi trong ngày làm việc, từ 07:30 đến 16:30.',
    );
    await screenshot(page, 'admin-05-rules');
    await rendered(page, () => page.getByRole('button', { name: 'Lưu quy tắc' }).click());
    await expect(flash()).resolves.toBe('Đã lưu quy tắc nhắc việc.');

    const rules = await app.api<{
      rules: { id: string; workingDays: number; notify: string[] }[];
      sendWindow: { from: string; to: string };
    }>(ADMIN, '/api/reminder-rules');
    expect(rules.rules[0]).toMatchObject({ workingDays: 5, notify: ['lead-unit', 'office'] });
    expect(rules.rules.at(-1)).toMatchObject({ id: 'overdue-10', workingDays: 10 });
    expect(rules.sendWindow).toEqual({ from: '07:30', to: '16:30' });
  });

  it('lists the sources for the office, each linking to its items', async () => {
    await demoSignIn(page, 'office');
    await rendered(page, () => page.getByRole('link', { name: 'Nguồn chỉ đạo' }).click());
    const sources = await app.api<{ id: string; title: string }[]>(OFFICE, '/api/sources');
    expect(sources.length).toBeGreaterThan(0);
    await expect(page.locator('#sources-table tbody tr').count()).resolves.toBe(sources.length);
    const source = sources[0];
    const { total } = await app.api<{ total: number }>(
      OFFICE,
      `/api/items?sourceId=${encodeURIComponent(source.id)}&pageSize=1`,
    );
    const link = page.locator(`tr[data-source="${source.id}"] a.source-items`);
    await expect(link.textContent()).resolves.toBe(`${total} việc`);
    await screenshot(page, 'admin-06-sources');
    await rendered(page, () => link.click());
    expect(page.url()).toContain(`#/items?sourceId=${encodeURIComponent(source.id)}`);
    await expect(page.locator('#list-count').textContent()).resolves.toContain(String(total));
  });
});
