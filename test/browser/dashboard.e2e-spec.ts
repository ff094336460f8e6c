import type { Browser, Page } from 'playwright-core';
import type { Principal } from '../../src/shared/principal';
import { uuidFromKey } from '../../src/shared/ids';
import { addDays, toLocalDate } from '../../src/shared/calendar/local-date';
import {
  attributes,
  demoSignIn,
  focusedId,
  newPage,
  rendered,
  screenshot,
  sidewaysOverflow,
  type DashboardApp,
  useDashboardSuite,
  type DashboardSuite,
} from './support/browser';

/**
 * The dashboard in a real Chromium against the real application with the demo session: what the
 * Vice-Chairman, the office, a department and a commune each see and do.
 */

const OFFICE: Principal = { sub: 'vp-test', name: 'Chuyên viên VP', role: 'office' };
const NOI_VU: Principal = {
  sub: 'noi-vu-test',
  name: 'Sở Nội vụ',
  role: 'unit',
  unit: 'so-noi-vu',
};
const THANH_BA: Principal = {
  sub: 'tb-test',
  name: 'Xã Thanh Ba',
  role: 'unit',
  unit: 'xa-thanh-ba',
};
const demoItem = (key: string) => uuidFromKey('demo', key);
const UNASSIGNED_TITLE = 'Bảo vệ hành lang đê điều; phòng chống sạt lở đồi núi';

interface Counts {
  unitId: string | null;
  total: number;
  openOverdue: number;
}
interface Report {
  rows: Counts[];
  totals: Counts;
}
interface ItemPage {
  items: { id: string; title: string; timeliness: string }[];
  total: number;
}

/** dd/mm/yyyy of the Asia/Ho_Chi_Minh day `days` from today. */
function dmyFromToday(days: number): string {
  const [y, m, d] = addDays(toLocalDate(new Date().toISOString()), days).split('-');
  return `${d}/${m}/${y}`;
}

/** The figure in the grid for `unitId` (or the totals row) and `column`. */
async function gridCell(page: Page, unitId: string, column: string): Promise<number | null> {
  const cell = page.locator(`#overdue-grid tr[data-unit="${unitId}"] td[data-column="${column}"]`);
  if ((await cell.count()) === 0) return null;
  return Number((await cell.textContent())?.replace(/\D/g, ''));
}

describe('Dashboard in a browser', () => {
  let app: DashboardApp;
  let browser: Browser;
  let page: Page;

  useDashboardSuite((suite) => ({ app, browser, page } = suite as DashboardSuite));

  it('signs the office in as a demo user, shows the grid, drills into a department and opens an item', async () => {
    await rendered(page, () => page.goto('/'));
    await expect(page.locator('h1').textContent()).resolves.toBe('Đăng nhập');
    await screenshot(page, '01-sign-in');

    await rendered(page, () => page.locator('button.demo-user[data-user="office"]').click());
    const report = await app.api<Report>(OFFICE, '/api/reports/overdue?groupBy=lead-unit');
    const noiVu = report.rows.find((r) => r.unitId === 'so-noi-vu')!;
    expect(await gridCell(page, 'so-noi-vu', 'total')).toBe(noiVu.total);
    expect(await gridCell(page, 'so-noi-vu', 'openOverdue')).toBe(noiVu.openOverdue);
    expect(await gridCell(page, 'totals', 'total')).toBe(report.totals.total);
    // Rates say what they divide by.
    await expect(
      page.locator('.rate[data-rate="onTime"] .rate-formula').textContent(),
    ).resolves.toContain('Hoàn thành đúng hạn ÷ (Hoàn thành đúng hạn + Hoàn thành quá hạn)');
    // Chart.js drew the stacked bars.
    const bars = await page.evaluate<number>(
      '(window.Chart && window.Chart.getChart("overview-chart")?.data.datasets.length) || 0',
    );
    expect(bars).toBe(5);
    await screenshot(page, '02-overview');

    // Sort by total with the keyboard: the order changes, the focus stays on the column heading.
    await page.locator('#sort-total').focus();
    await rendered(page, () => page.keyboard.press('Enter'));
    expect(page.url()).toMatch(/sort=total/);
    await expect(page.locator('th:has(#sort-total)').getAttribute('aria-sort')).resolves.toBe(
      'descending',
    );
    expect(await focusedId(page)).toBe('sort-total');
    const totals = await page
      .locator('#overdue-grid tbody tr[data-unit]:not([data-unit=""]) td[data-column="total"]')
      .allTextContents();
    expect(totals.map(Number)).toEqual([...totals.map(Number)].sort((a, b) => b - a));

    await rendered(page, () =>
      page.locator('#overdue-grid a.unit-link[data-unit="so-noi-vu"]').click(),
    );
    await expect(page.locator('h1').textContent()).resolves.toBe('Việc do Sở Nội vụ chủ trì');
    // "Back" returns to the overview as it was set up.
    await expect(page.locator('p.back a').getAttribute('href')).resolves.toBe('#/?sort=total');
    const list = await app.api<ItemPage>(OFFICE, '/api/items?leadUnit=so-noi-vu&pageSize=100');
    await expect(page.locator('#item-list tbody tr').count()).resolves.toBe(list.total);
    // Overdue first, with its days overdue.
    const firstRow = page.locator('#item-list tbody tr').first();
    if (list.items.some((i) => i.timeliness === 'overdue')) {
      await expect(firstRow.getAttribute('data-timeliness')).resolves.toBe('overdue');
      expect(Number(await firstRow.locator('td.days-overdue').textContent())).toBeGreaterThan(0);
    }
    await screenshot(page, '03-department-items');

    await rendered(page, () => page.locator('#filter-timeliness').selectOption('overdue'));
    expect(page.url()).toMatch(/timeliness=overdue/);
    expect(await focusedId(page)).toBe('filter-timeliness');
    const shown = await attributes(page.locator('#item-list tbody tr'), 'data-timeliness');
    expect(shown.every((t) => t === 'overdue')).toBe(true);

    const itemId = demoItem('cd-tong-hop-kien-nghi');
    await rendered(page, () => page.goto(`/#/items/${itemId}`));
    const history = await app.api<{ revision: string }[]>(OFFICE, `/api/items/${itemId}/history`);
    await expect(page.locator('#timeline > li').count()).resolves.toBe(history.length);
    // Newest first.
    const revisions = (await attributes(page.locator('#timeline > li'), 'data-revision')).map(
      Number,
    );
    expect(revisions).toEqual([...revisions].sort((a, b) => b - a));
    await expect(
      page.locator('dd[data-fact="item.originalDeadline"]').textContent(),
    ).resolves.toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await expect(
      page.locator('dd[data-fact="item.currentDeadline"]').textContent(),
    ).resolves.toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await expect(
      page.locator('#timeline > li').last().locator('.event-title').textContent(),
    ).resolves.toBe('Tiếp nhận');
    await screenshot(page, '04-item');
  });

  it('lets the office assign the unassigned item, and the grid changes', async () => {
    await demoSignIn(page, 'office');
    const leadBefore = (await gridCell(page, 'so-nong-nghiep-moi-truong', 'total')) ?? 0;
    expect(await gridCell(page, '', 'total')).toBe(1);

    await rendered(page, () => page.locator('#overdue-grid tr[data-unit=""] a').click());
    await expect(page.locator('h1').textContent()).resolves.toBe('Việc chưa giao đơn vị chủ trì');
    await rendered(page, () =>
      page.locator('#item-list a.item-link', { hasText: UNASSIGNED_TITLE }).click(),
    );
    await expect(page.locator('#item-status').textContent()).resolves.toBe('Chưa giao');

    const assign = page.locator('details.action[data-action="assign"]');
    await assign.locator('summary').click();
    await assign.getByLabel('Đơn vị chủ trì').selectOption('so-nong-nghiep-moi-truong');
    await assign.getByLabel('Sở Xây dựng').check();
    await assign.getByLabel('Thời hạn', { exact: true }).selectOption('date');
    await assign.getByLabel('Ngày (dd/mm/yyyy)').fill(dmyFromToday(30));
    await assign.getByLabel('Ghi chú').fill('Giao Sở Nông nghiệp và Môi trường chủ trì');
    await rendered(page, () => assign.getByRole('button', { name: 'Gửi' }).click());

    await expect(page.locator('#flash').textContent()).resolves.toBe('Đã ghi nhận: Giao việc.');
    await expect(page.locator('#item-status').textContent()).resolves.toBe('Đã giao');
    await expect(
      page.locator('#timeline > li').first().locator('.event-title').textContent(),
    ).resolves.toBe('Giao việc');
    await expect(page.locator('dd[data-fact="item.lead"]').textContent()).resolves.toBe(
      'Sở Nông nghiệp và Môi trường',
    );
    await screenshot(page, '05-item-assigned');

    // The grid is asked with ?minPosition= of the assignment: it already counts it.
    await rendered(page, () => page.getByRole('link', { name: 'Tổng quan' }).click());
    expect(await gridCell(page, 'so-nong-nghiep-moi-truong', 'total')).toBe(leadBefore + 1);
    expect(await gridCell(page, '', 'total')).toBeNull();
    await screenshot(page, '06-overview-after-assign');
  });

  it('shows a commune only its own items, and the acts of a lead unit', async () => {
    await demoSignIn(page, 'xa-thanh-ba');
    await expect(page.locator('h1').textContent()).resolves.toBe('Việc của Xã Thanh Ba');
    await expect(page.getByRole('link', { name: 'Tổng quan' }).count()).resolves.toBe(0);

    const mine = await app.api<ItemPage>(THANH_BA, '/api/items?pageSize=100');
    const shownIds = await attributes(page.locator('#item-list tbody tr'), 'data-id');
    expect(shownIds.sort()).toEqual(mine.items.map((i) => i.id).sort());
    const everything = await app.api<ItemPage>(OFFICE, '/api/items?pageSize=100');
    expect(shownIds.length).toBeLessThan(everything.total);
    expect(shownIds).not.toContain(demoItem('kn-truong-hoc')); // Liên Minh's school
    await screenshot(page, '07-commune-items');

    // Another commune's item, by its address: refused with the server's reason.
    await rendered(page, () => page.goto(`/#/items/${demoItem('kn-truong-hoc')}`));
    await expect(page.locator('.problem').getAttribute('data-status')).resolves.toBe('403');
    await expect(page.locator('.problem-detail').textContent()).resolves.not.toBe('');

    // Its own directive: unit acts only, no office acts.
    await rendered(page, () => page.goto(`/#/items/${demoItem('cd-giai-ngan-xa-thanh-ba')}`));
    const acts = await attributes(
      page.locator('#actions details.action, #actions .action-inline'),
      'data-action',
    );
    expect(acts).toEqual(expect.arrayContaining(['progress', 'complete', 'extension-request']));
    expect(acts).not.toContain('assign');
    expect(acts).not.toContain('resolve');

    const progress = page.locator('details.action[data-action="progress"]');
    await progress.locator('summary').click();
    await progress.getByLabel('Ghi chú').fill('Đã giải ngân 92% kế hoạch vốn');
    await progress.getByLabel('Tiến độ (%)').fill('92');
    await rendered(page, () => progress.getByRole('button', { name: 'Gửi' }).click());
    await expect(
      page.locator('#timeline > li').first().locator('.event-title').textContent(),
    ).resolves.toBe('Báo cáo tiến độ');
    await expect(page.locator('#timeline > li').first().textContent()).resolves.toContain(
      'Đã giải ngân 92% kế hoạch vốn',
    );
    await screenshot(page, '08-commune-item');

    // A refusal with field errors: the reason in the page's language, the server's field errors,
    // and the field marked invalid.
    const extension = page.locator('details.action[data-action="extension-request"]');
    await extension.locator('summary').click();
    const proposed = extension.getByLabel('Đề nghị gia hạn đến ngày (dd/mm/yyyy)');
    await proposed.fill('01/01/2026');
    await extension.getByLabel('Lý do').fill('Ngày đề nghị sớm hơn hạn hiện tại');
    await extension.getByRole('button', { name: 'Gửi' }).click();
    const refusal = extension.locator('.problem');
    await refusal.waitFor();
    await expect(refusal.locator('.problem-title').textContent()).resolves.toBe(
      'Hạn mới phải sau hạn hiện tại.',
    );
    // The field by its label, not its API name.
    await expect(refusal.locator('.problem-errors li').first().textContent()).resolves.toMatch(
      /^Hạn đề nghị: /,
    );
    await expect(proposed.getAttribute('aria-invalid')).resolves.toBe('true');
  });

  it('signs in with a pasted token and shows the RFC 7807 detail when a write is refused', async () => {
    await rendered(page, () => page.goto('/'));
    await page.getByLabel('Mã truy cập (token)').fill('not-a-token');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.locator('.problem-title').textContent()).resolves.toBe(
      'Mã truy cập không hợp lệ hoặc đã hết hạn.',
    );

    await page.getByLabel('Mã truy cập (token)').fill(app.token(OFFICE));
    await rendered(page, () => page.getByRole('button', { name: 'Đăng nhập' }).click());
    await expect(page.locator('.user-name').textContent()).resolves.toContain('Chuyên viên VP');

    // The page shows revision N; the unit reports progress meanwhile; the office's act is refused.
    const itemId = demoItem('kn-bien-che');
    await rendered(page, () => page.goto(`/#/items/${itemId}`));
    await app.api(NOI_VU, `/api/items/${itemId}/progress`, {
      method: 'POST',
      body: { note: 'Cập nhật trong lúc văn phòng đang xem', percent: 50 },
    });
    const cancel = page.locator('details.action[data-action="cancel"]');
    await cancel.locator('summary').click();
    await cancel.getByLabel('Lý do').fill('Thử hủy trên trang cũ');
    await cancel.getByRole('button', { name: 'Gửi' }).click();
    const problem = cancel.locator('.problem');
    await problem.waitFor();
    await expect(problem.getAttribute('data-status')).resolves.toBe('412');
    // Said in the page's language; the server's English detail only below, for developers.
    await expect(problem.locator('.problem-title').textContent()).resolves.toBe(
      'Việc vừa được cập nhật sau khi bạn mở trang. Bấm “Thử lại” để xem bản mới nhất rồi thao tác lại.',
    );
    await expect(problem.locator('.problem-detail-text').textContent()).resolves.toBe(
      'The item has changed since the revision in If-Match',
    );
    await screenshot(page, '09-refused-write');

    // Reloading shows the unit's report; nothing was cancelled.
    await rendered(page, () => cancel.getByRole('button', { name: 'Thử lại' }).click());
    await expect(page.locator('#timeline > li').first().textContent()).resolves.toContain(
      'Cập nhật trong lúc văn phòng đang xem',
    );
    await expect(page.locator('#item-status').textContent()).resolves.toBe('Đang thực hiện');
  });

  it('switches to English in one click and remembers it', async () => {
    await demoSignIn(page, 'leader');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('vi');
    await rendered(page, () => page.getByRole('button', { name: 'Switch to English' }).click());
    await expect(page.locator('h1').textContent()).resolves.toBe('Where things stand');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(
      page.locator('.rate[data-rate="onTime"] .rate-formula').textContent(),
    ).resolves.toContain('completed on time ÷ (completed on time + completed late)');
    await screenshot(page, '10-overview-english');

    await rendered(page, () => page.reload());
    await expect(page.locator('h1').textContent()).resolves.toBe('Where things stand');
    // Dates stay dd/mm/yyyy in English too.
    await rendered(page, () => page.goto(`/#/items/${demoItem('kn-luoi-dien')}`));
    await expect(page.locator('dd[data-fact="item.currentDeadline"]').textContent()).resolves.toBe(
      '30/06/2026',
    );
    await expect(page.locator('dd[data-fact="item.originalDeadline"]').textContent()).resolves.toBe(
      '31/03/2026',
    );

    await rendered(page, () =>
      page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click(),
    );
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('vi');
  });

  it('shows hostile text as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { id } = await app.api<{ id: string }>(OFFICE, '/api/items', {
      method: 'POST',
      body: {
        kind: 'directive',
        title: hostile,
        description: '<script>alert(2)</script> "quoted" & <b>bold</b>',
        topic: '<svg onload=alert(3)>',
      },
    });
    await app.api(OFFICE, `/api/items/${id}/assign`, {
      method: 'POST',
      body: { leadUnit: 'so-noi-vu', note: '<iframe src=javascript:alert(4)>' },
    });

    await demoSignIn(page, 'office');
    await rendered(page, () => page.goto(`/#/items?leadUnit=so-noi-vu`));
    const link = page.locator('#item-list a.item-link', { hasText: hostile });
    await expect(link.textContent()).resolves.toBe(hostile);
    await rendered(page, () => link.click());
    await expect(page.locator('h1').textContent()).resolves.toBe(hostile);
    await expect(page.locator('dd[data-fact="item.description"]').textContent()).resolves.toBe(
      '<script>alert(2)</script> "quoted" & <b>bold</b>',
    );
    await expect(page.locator('#timeline').textContent()).resolves.toContain(
      '<iframe src=javascript:alert(4)>',
    );
    await expect(
      page.locator('main img, main script, main svg, main iframe, main b').count(),
    ).resolves.toBe(0);
    await screenshot(page, '11-hostile-text');
  });

  it('reads on a phone without sideways scrolling', async () => {
    const phone = await newPage(browser, app.baseUrl, { width: 390, height: 844 });
    try {
      await demoSignIn(phone.page, 'office');
      expect(await sidewaysOverflow(phone.page)).toBeLessThanOrEqual(0);
      await screenshot(phone.page, '12-phone-overview');
      await rendered(phone.page, () =>
        phone.page.goto(`/#/items/${demoItem('kn-dao-tao-dat-dai')}`),
      );
      expect(await sidewaysOverflow(phone.page)).toBeLessThanOrEqual(0);
      await screenshot(phone.page, '13-phone-item');
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
