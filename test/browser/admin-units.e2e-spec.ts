import type { Page } from 'playwright-core';
import { addDays, toLocalDate } from '../../src/shared/calendar/local-date';
import type { Principal } from '../../src/shared/principal';
import {
  rendered,
  screenshot,
  type DashboardApp,
  type DashboardSuite,
  useDashboardSuite,
} from './support/browser';

/**
 * Units that change, in the dashboard (issues 20 and 22): an administrator renames a unit,
 * merges two communes into a new one after a preview of the open items the merger carries over
 * (the API's own count), sees the new unit's lineage and the items led by it once the transfer
 * engine has run, and a refused change is told in Vietnamese with the field's name. The API
 * calls the test checks against go through the suite's OpenAPI-validated agent (`app.t.http`).
 */

const ADMIN: Principal = { sub: 'admin-test', name: 'Quản trị', role: 'admin' };
const OFFICE: Principal = { sub: 'vp-test', name: 'Chuyên viên VP', role: 'office' };

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString();
/** dd/mm/yyyy, as the page writes a day. */
const dmy = (date: string) => date.split('-').reverse().join('/');

interface UnitDetail {
  id: string;
  name: string;
  active: boolean;
  validFrom: string | null;
  validTo: string | null;
  names: { name: string; from: string | null }[];
  predecessors: { id: string; reason: string; effectiveOn: string; reference: string | null }[];
  successor: { id: string; reason: string } | null;
}

describe('Units that change, in the dashboard', () => {
  let app: DashboardApp;
  let page: Page;

  useDashboardSuite((suite) => ({ app, page } = suite as DashboardSuite));

  const today = () => toLocalDate(new Date().toISOString());
  const flash = () => page.locator('#flash').textContent();
  const problemItems = () => page.locator('#change-result .problem-errors li').allTextContents();

  /** GET through the OpenAPI-validated agent. */
  async function get<T>(principal: Principal, path: string): Promise<T> {
    const response = await app.t.http
      .get(path)
      .set('Authorization', `Bearer ${app.token(principal)}`)
      .expect(200);
    return response.body as T;
  }

  const openCount = async (unit: string) =>
    (await get<{ unitId: string; openItems: number }>(ADMIN, `/api/items/open-count?unit=${unit}`))
      .openItems;

  async function signInAsAdmin(hash = '#/admin/units'): Promise<void> {
    await rendered(page, () => page.goto(`/${hash}`));
    await page.getByLabel('Mã truy cập (token)').fill(app.token(ADMIN));
    await rendered(page, () => page.getByRole('button', { name: 'Đăng nhập' }).click());
  }

  /** Opens a unit's change form from its row in the list. */
  async function openChange(unitId: string, action: 'Đổi tên' | 'Sáp nhập' | 'Giải thể') {
    await rendered(page, () =>
      page
        .locator(`#units-table tr[data-unit="${unitId}"]`)
        .getByRole('link', { name: action, exact: true })
        .click(),
    );
    await page.locator('#unit-change').waitFor();
  }

  it('renames a unit from a date, keeping its earlier name in the lineage', async () => {
    const unit = 'so-khoa-hoc-cong-nghe';
    const newName = 'Sở Khoa học, Công nghệ và Đổi mới sáng tạo';
    await signInAsAdmin();
    await openChange(unit, 'Đổi tên');
    await expect(page.locator('#unit-change h3').textContent()).resolves.toBe(
      'Đổi tên Sở Khoa học và Công nghệ',
    );
    await expect(page.getByLabel('Ngày hiệu lực').inputValue()).resolves.toBe(today());

    // The same name is not a rename.
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await expect(problemItems()).resolves.toEqual(['Tên mới: trùng với tên hiện tại']);

    await page.getByLabel('Tên mới').fill(newName);
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.locator('#change-summary').waitFor();
    const open = await openCount(unit);
    await expect(page.locator('#change-summary').getAttribute('data-open-items')).resolves.toBe(
      String(open),
    );
    await expect(page.locator('#change-open-items').textContent()).resolves.toBe(
      `Đổi tên không chuyển việc: ${open} việc đang mở của đơn vị giữ nguyên, mang tên mới.`,
    );
    await screenshot(page, 'admin-units-01-rename-preview');

    await rendered(page, () => page.getByRole('button', { name: 'Xác nhận đổi tên' }).click());
    await expect(flash()).resolves.toBe(
      `Sở Khoa học và Công nghệ đổi tên thành ${newName} từ ${dmy(today())}.`,
    );
    await expect(page.locator('#unit-panel-title').textContent()).resolves.toBe(newName);
    await expect(page.locator('#unit-names li').allTextContents()).resolves.toEqual([
      'Sở Khoa học và Công nghệ — từ khi có dữ liệu',
      `${newName} — từ ${dmy(today())}`,
    ]);
    await expect(
      page.locator(`#units-table tr[data-unit="${unit}"] td`).first().textContent(),
    ).resolves.toBe(newName);
    const detail = await get<UnitDetail>(ADMIN, `/api/units/${unit}`);
    expect(detail.names).toEqual([
      { name: 'Sở Khoa học và Công nghệ', from: null },
      { name: newName, from: today() },
    ]);
    await screenshot(page, 'admin-units-02-renamed');
  });

  it('merges two communes into a new one after previewing the open items it carries over, which follow', async () => {
    // Three items led by Xã Đông Thành, raised and assigned on earlier days.
    const items: string[] = [];
    for (const title of [
      'Giải phóng mặt bằng tuyến đường liên xã',
      'Sửa chữa trường mầm non xã',
      'Kiện toàn bộ phận một cửa của xã',
    ]) {
      const raised = await app.api<{ id: string }>(OFFICE, '/api/items', {
        method: 'POST',
        body: { kind: 'directive', title, occurredAt: daysAgo(3) },
      });
      await app.api(OFFICE, `/api/items/${raised.id}/assign`, {
        method: 'POST',
        body: { leadUnit: 'xa-dong-thanh', occurredAt: daysAgo(2) },
      });
      items.push(raised.id);
    }
    const [dongThanh, chiTien] = await Promise.all([
      openCount('xa-dong-thanh'),
      openCount('xa-chi-tien'),
    ]);
    expect(dongThanh).toBeGreaterThanOrEqual(3);
    const expected = dongThanh + chiTien;

    await signInAsAdmin();
    await openChange('xa-dong-thanh', 'Sáp nhập');
    await page.locator('fieldset[data-picker="from"]').getByLabel('Xã Chí Tiên').check();
    await page.getByLabel('Tên đơn vị mới').fill('Xã Đông Tiến');
    await page.getByLabel('Mã định danh đơn vị mới').fill('xa-dong-tien');
    await expect(page.getByLabel('Loại đơn vị mới').inputValue()).resolves.toBe('commune');
    await page.getByLabel('Căn cứ pháp lý').fill('Nghị quyết 9999/NQ-UBTVQH15 (thử nghiệm)');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.locator('#change-summary').waitFor();
    await expect(page.locator('#change-summary').getAttribute('data-open-items')).resolves.toBe(
      String(expected),
    );
    await expect(page.locator('#change-open-items').textContent()).resolves.toBe(
      `Sẽ chuyển ${expected} việc đang mở sang đơn vị nhận sáp nhập.`,
    );
    await expect(page.locator('.change-counts li').allTextContents()).resolves.toEqual([
      `Xã Đông Thành: ${dongThanh} việc đang mở`,
      `Xã Chí Tiên: ${chiTien} việc đang mở`,
    ]);
    await screenshot(page, 'admin-units-03-merge-preview');

    // An edit after the preview withdraws it; the preview is asked again.
    await page.getByLabel('Mã số đơn vị mới').fill('08219');
    await expect(page.locator('#change-summary').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await rendered(page, () => page.getByRole('button', { name: 'Xác nhận sáp nhập' }).click());
    await expect(flash()).resolves.toBe(
      `Xã Đông Thành, Xã Chí Tiên sáp nhập vào Xã Đông Tiến từ ${dmy(today())}.`,
    );
    expect(decodeURIComponent(page.url())).toContain('#/admin/units?unit=xa-dong-tien');

    // The new unit's lineage.
    await expect(page.locator('#unit-panel-title').textContent()).resolves.toBe('Xã Đông Tiến');
    await expect(page.locator('#unit-valid-from').textContent()).resolves.toBe(dmy(today()));
    await expect(
      page
        .locator('#unit-predecessors li')
        .evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-unit'), li.textContent])),
    ).resolves.toEqual([
      [
        'xa-dong-thanh',
        `Xã Đông Thành — sáp nhập vào đơn vị này từ ${dmy(today())} (Nghị quyết 9999/NQ-UBTVQH15 (thử nghiệm))`,
      ],
      [
        'xa-chi-tien',
        `Xã Chí Tiên — sáp nhập vào đơn vị này từ ${dmy(today())} (Nghị quyết 9999/NQ-UBTVQH15 (thử nghiệm))`,
      ],
    ]);
    const merged = await get<UnitDetail>(ADMIN, '/api/units/xa-dong-tien');
    expect(merged).toMatchObject({ active: true, validFrom: today(), code: '08219' });
    await screenshot(page, 'admin-units-04-merged-lineage');

    // The items follow, carried over in the background by the transfer engine.
    for (const id of items) {
      for (let attempt = 0; ; attempt++) {
        const item = await get<{ leadUnit: string }>(OFFICE, `/api/items/${id}`);
        if (item.leadUnit === 'xa-dong-tien') break;
        if (attempt > 100) throw new Error(`${id} not carried over: ${JSON.stringify(item)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await expect(openCount('xa-dong-tien')).resolves.toBeGreaterThanOrEqual(3);

    // The merged communes are shown as ended, without the change links, their successor named.
    const oldRow = page.locator('#units-table tr[data-unit="xa-dong-thanh"]');
    await expect(oldRow.getAttribute('class')).resolves.toBe('inactive');
    await expect(oldRow.locator('td').nth(4).textContent()).resolves.toBe('Ngừng hoạt động');
    await expect(oldRow.locator('.unit-change-link').count()).resolves.toBe(0);
    await rendered(page, () => oldRow.getByRole('link', { name: 'Lịch sử' }).click());
    await expect(page.locator('#unit-panel').getAttribute('data-active')).resolves.toBe('false');
    await expect(page.locator('#unit-valid-to').textContent()).resolves.toBe(
      dmy(addDays(today(), -1)),
    );
    await expect(page.locator('#unit-successor li').getAttribute('data-unit')).resolves.toBe(
      'xa-dong-tien',
    );
    await expect(page.locator('#unit-no-change').isVisible()).resolves.toBe(true);
    await expect(page.locator('#unit-panel .unit-change-tabs').count()).resolves.toBe(0);
    await screenshot(page, 'admin-units-05-merged-commune');
  });

  it('tells a refused change in Vietnamese, naming the field, and records nothing', async () => {
    // A unit that began yesterday: nothing about it can take effect before that day.
    const began = addDays(today(), -1);
    await app.api(ADMIN, '/api/units', {
      method: 'POST',
      body: {
        id: 'ban-qlda-tinh',
        name: 'Ban Quản lý dự án tỉnh',
        kind: 'agency',
        validFrom: began,
      },
    });
    await signInAsAdmin();
    await openChange('ban-qlda-tinh', 'Giải thể');

    // Checked in the page: a day after today.
    await page.getByLabel('Ngày hiệu lực').fill(addDays(today(), 1));
    await page.getByLabel('Căn cứ pháp lý').fill('Quyết định 12/QĐ-UBND (thử nghiệm)');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await expect(problemItems()).resolves.toEqual(['Ngày hiệu lực: không được sau hôm nay']);

    // Refused by the server: before the unit's first day.
    await page.getByLabel('Ngày hiệu lực').fill(addDays(began, -3));
    await page.getByLabel('Đơn vị kế thừa').selectOption('so-xay-dung');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.locator('#change-summary').waitFor();
    await expect(page.locator('#change-sentence').textContent()).resolves.toBe(
      `Ban Quản lý dự án tỉnh giải thể từ ${dmy(addDays(began, -3))}, công việc chuyển về Sở Xây dựng.`,
    );
    await page.getByRole('button', { name: 'Xác nhận giải thể' }).click();
    const problem = page.locator('#change-result .problem');
    await problem.waitFor();
    await expect(problem.getAttribute('data-code')).resolves.toBe('UNIT.BEFORE_VALID_FROM');
    await expect(problem.locator('.problem-title').textContent()).resolves.toBe(
      'Ngày hiệu lực sớm hơn ngày đơn vị bắt đầu hoạt động.',
    );
    await expect(problemItems()).resolves.toEqual([
      `Ngày hiệu lực: không được trước ${dmy(began)}`,
    ]);
    await expect(page.getByLabel('Ngày hiệu lực').getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    // What was refused is not offered again: the form is edited and previewed anew.
    await expect(page.locator('#change-summary').count()).resolves.toBe(0);
    await screenshot(page, 'admin-units-06-refused');

    // The same body through the validated agent: the refusal is the documented problem.
    const refused = await app.t.http
      .post('/api/units/ban-qlda-tinh/dissolve')
      .set('Authorization', `Bearer ${app.token(ADMIN)}`)
      .send({
        successor: 'so-xay-dung',
        effectiveOn: addDays(began, -3),
        reference: 'Quyết định 12/QĐ-UBND (thử nghiệm)',
      })
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'UNIT.BEFORE_VALID_FROM',
      errors: [{ field: 'effectiveOn' }],
    });
    const detail = await get<UnitDetail>(ADMIN, '/api/units/ban-qlda-tinh');
    expect(detail).toMatchObject({
      active: true,
      validFrom: began,
      validTo: null,
      successor: null,
    });
  });
});
