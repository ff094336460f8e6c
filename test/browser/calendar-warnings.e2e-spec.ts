import type { Page } from 'playwright-core';
import type { Principal } from '../../src/shared/principal';
import { toLocalDate } from '../../src/shared/calendar/local-date';
import {
  attributes,
  demoSignIn,
  rendered,
  screenshot,
  type DashboardApp,
  useDashboardSuite,
  type DashboardSuite,
} from './support/browser';

/**
 * The working-day calendar's warnings as a banner above every page, for the administrator, the
 * office and the leadership, until an administrator declares the years with their decisions.
 *
 * The server runs on the real clock, so the expectations come from `GET /api/calendar` or from
 * declarations that make the answer the same on any day: with the current year confirmed and the
 * next declared but unconfirmed, the only warning is that next year is unconfirmed.
 */

const ADMIN: Principal = { sub: 'admin-test', name: 'Quản trị', role: 'admin' };
const OFFICE: Principal = { sub: 'vp-test', name: 'Chuyên viên VP', role: 'office' };

interface Warning {
  code: string;
  year: number;
}

const BANNER_ITEMS = '#calendar-warnings li';

/** What the banner shows: `code year` per line, and the lines' text. */
async function banner(page: Page): Promise<{ warnings: string[]; texts: string[] }> {
  const items = page.locator(BANNER_ITEMS);
  const codes = await attributes(items, 'data-code');
  const years = await attributes(items, 'data-year');
  return {
    warnings: codes.map((code, i) => `${code} ${years[i]}`),
    texts: await items.allTextContents(),
  };
}

describe('Calendar warnings in the dashboard', () => {
  let app: DashboardApp;
  let page: Page;
  const thisYear = Number(toLocalDate(new Date().toISOString()).slice(0, 4));
  const nextYear = thisYear + 1;

  useDashboardSuite((suite) => ({ app, page } = suite as DashboardSuite));

  it('shows the office every warning of GET /api/calendar, in Vietnamese, on every page', async () => {
    const { warnings } = await app.api<{ warnings: Warning[] }>(OFFICE, '/api/calendar');
    // On a fresh store the current year is either unconfirmed (shipped) or missing.
    expect(warnings.length).toBeGreaterThan(0);
    const expected = warnings.map((w) => `${w.code} ${w.year}`);

    await demoSignIn(page, 'office');
    const overview = await banner(page);
    expect(overview.warnings).toEqual(expected);
    warnings.forEach((w, i) => {
      expect(overview.texts[i]).toEqual(
        w.code === 'CALENDAR.YEAR_MISSING'
          ? `Chưa khai báo ngày nghỉ năm ${w.year}: thời hạn tính theo ngày làm việc sang năm ${w.year} sẽ chỉ trừ thứ Bảy, Chủ nhật.`
          : expect.stringContaining(`Ngày nghỉ năm ${w.year} chưa được xác nhận`),
      );
    });
    await expect(
      page.getByRole('region', { name: 'Cảnh báo về lịch ngày làm việc' }).isVisible(),
    ).resolves.toBe(true);
    await screenshot(page, 'calendar-warnings-01-office');

    await rendered(page, () => page.getByRole('link', { name: 'Danh sách việc' }).click());
    expect((await banner(page)).warnings).toEqual(expected);

    await rendered(page, () => page.locator('#lang-switch').click());
    const english = await banner(page);
    expect(english.warnings).toEqual(expected);
    expect(english.texts.join('\n')).toMatch(/not confirmed|No holidays are declared/);
  });

  it('shows nothing to a commune or an auditor, who cannot act on it', async () => {
    for (const user of ['xa-thanh-ba', 'auditor']) {
      await demoSignIn(page, user);
      await expect(page.locator(BANNER_ITEMS).count()).resolves.toBe(0);
      await expect(page.locator('#calendar-warnings').isVisible()).resolves.toBe(false);
      await rendered(page, () => page.locator('#sign-out').click());
    }
  });

  it('shows the administrator what is left, and nothing once the years are confirmed', async () => {
    await rendered(page, () => page.goto('/'));
    await page.getByLabel('Mã truy cập (token)').fill(app.token(ADMIN));
    await rendered(page, () => page.getByRole('button', { name: 'Đăng nhập' }).click());
    expect((await banner(page)).warnings.length).toBeGreaterThan(0);

    const { holidays, workingSaturdays } = await app.api<{
      holidays: string[];
      workingSaturdays: string[];
    }>(ADMIN, `/api/calendar/${thisYear}`);
    await app.api(ADMIN, `/api/calendar/${thisYear}`, {
      method: 'PUT',
      body: {
        holidays,
        workingSaturdays,
        confirmed: true,
        reference: `Quyết định lịch nghỉ năm ${thisYear}`,
      },
    });
    await app.api(ADMIN, `/api/calendar/${nextYear}`, {
      method: 'PUT',
      body: { holidays: [`${nextYear}-01-01`], workingSaturdays: [] },
    });
    // A new view asks again.
    await rendered(page, () => page.goto('/#/?v=2'));
    const left = await banner(page);
    expect(left.warnings).toEqual([`CALENDAR.UNCONFIRMED ${nextYear}`]);
    expect(left.texts[0]).toContain(`Ngày nghỉ năm ${nextYear} chưa được xác nhận`);
    await screenshot(page, 'calendar-warnings-02-admin');

    await app.api(ADMIN, `/api/calendar/${nextYear}`, {
      method: 'PUT',
      body: {
        holidays: [`${nextYear}-01-01`],
        workingSaturdays: [],
        confirmed: true,
        reference: `Quyết định lịch nghỉ năm ${nextYear}`,
      },
    });
    await rendered(page, () => page.goto('/#/?v=3'));
    await expect(page.locator(BANNER_ITEMS).count()).resolves.toBe(0);
    await expect(page.locator('#calendar-warnings').isVisible()).resolves.toBe(false);
  });
});
