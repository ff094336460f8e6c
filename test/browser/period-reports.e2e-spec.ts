import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { DEMO_USERS, demoPrincipal } from '../../src/web/demo-users';
import {
  demoSignIn,
  rendered,
  screenshot,
  type DashboardApp,
  type DashboardSuite,
  useDashboardSuite,
} from './support/browser';

/**
 * The office's reports in the dashboard (issue 16): the period report with its presets, the
 * ratings with each unit's explanation, "Tải Excel" giving the same numbers as the page, and the
 * printed page (A4 landscape, title block, signers). Expected figures come from the API.
 */

const OFFICE = demoPrincipal(DEMO_USERS.find((u) => u.id === 'office')!);
const FIRST_HALF = { from: '2026-01-01', to: '2026-06-30' };
const FIELDS = [
  'carriedOver',
  'received',
  'completedOnTime',
  'completedLate',
  'openOnTime',
  'openOverdue',
  'openNoDeadline',
  'cancelled',
  'extended',
  'urged',
] as const;

type Counts = Record<(typeof FIELDS)[number], number>;
interface PeriodReport {
  rows: (Counts & { unitId: string | null; unitName: string })[];
  totals: Counts;
}
interface Ratings {
  rows: {
    unitId: string;
    unitName: string;
    score: number;
    grade: string;
    explanation: { itemId: string; effect: number }[];
  }[];
}

/** The numbers of a table row as the page shows them (vi-VN: 1.234). */
async function rowNumbers(page: Page, selector: string): Promise<number[]> {
  const texts = await page.locator(`${selector} td.num`).allTextContents();
  return texts.map((text) => Number(text.replace(/\./g, '').replace(',', '.')));
}

describe('Period report and ratings in a browser', () => {
  let app: DashboardApp;
  let browser: Browser;
  let page: Page;

  useDashboardSuite((suite) => ({ app, browser, page } = suite as DashboardSuite));

  const periodQuery = (query: Record<string, string>) => new URLSearchParams(query).toString();

  it('shows the period report as the API counts it, by unit and by commune, and changes period with a preset', async () => {
    void browser;
    await demoSignIn(page, 'office');
    await rendered(page, () => page.locator('#app-nav a[href="#/reports/period"]').click());
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Báo cáo kết quả thực hiện theo kỳ',
    );
    await rendered(page, () => page.goto(`/#/reports/period?${periodQuery(FIRST_HALF)}`));
    const report = await app.api<PeriodReport>(
      OFFICE,
      `/api/reports/period?${periodQuery(FIRST_HALF)}`,
    );
    expect(report.totals.received + report.totals.carriedOver).toBeGreaterThan(0);
    const rows = page.locator('#period-table tbody tr');
    await expect(rows.count()).resolves.toBe(report.rows.length);
    for (const [i, row] of report.rows.entries()) {
      await expect(rows.nth(i).locator('th').textContent()).resolves.toBe(row.unitName);
      await expect(rowNumbers(page, `#period-table tbody tr:nth-child(${i + 1})`)).resolves.toEqual(
        FIELDS.map((f) => row[f]),
      );
    }
    await expect(rowNumbers(page, '#period-table tfoot tr')).resolves.toEqual(
      FIELDS.map((f) => report.totals[f]),
    );
    await screenshot(page, 'period-report');

    await rendered(page, () => page.locator('#groupBy-commune').check());
    expect(page.url()).toContain('groupBy=commune');
    const byCommune = await app.api<PeriodReport>(
      OFFICE,
      `/api/reports/period?${periodQuery({ ...FIRST_HALF, groupBy: 'commune' })}`,
    );
    await expect(page.locator('#period-table tbody tr').count()).resolves.toBe(
      byCommune.rows.length,
    );

    // A preset sets both days; a bad date is said beside the fields and asks nothing.
    await rendered(page, () => page.locator('#preset-last-year').click());
    expect(page.url()).toMatch(/from=2025-01-01&to=2025-12-31/);
    await expect(page.locator('#preset-last-year').getAttribute('aria-pressed')).resolves.toBe(
      'true',
    );
    await page.locator('#period-from').fill('31/02/2026');
    await page.locator('#period-apply').click();
    await expect(page.locator('#period-error').textContent()).resolves.toMatch(/không hợp lệ/);
    expect(page.url()).toMatch(/from=2025-01-01/);
  });

  it('downloads the same numbers as an Excel workbook, from the period report and the overview', async () => {
    await demoSignIn(page, 'office');
    await rendered(page, () => page.goto(`/#/reports/period?${periodQuery(FIRST_HALF)}`));
    const report = await app.api<PeriodReport>(
      OFFICE,
      `/api/reports/period?${periodQuery(FIRST_HALF)}`,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#period-excel').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^bao-cao-ky-2026-01-01-2026-06-30-.*\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await download.path())!));
    const sheet = workbook.worksheets[0];
    const values: (string | number)[][] = [];
    sheet.eachRow((row) => values.push((row.values as (string | number)[]).slice(1)));
    const totals = values.find((row) => row[0] === 'Tổng cộng')!;
    expect(totals.slice(1, 1 + FIELDS.length)).toEqual(FIELDS.map((f) => report.totals[f]));
    await expect(page.locator('#flash').textContent()).resolves.toBe('Đã tải tệp Excel.');

    await rendered(page, () => page.goto('/#/'));
    const [overview] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#overview-excel').click(),
    ]);
    expect(overview.suggestedFilename()).toMatch(/^bao-cao-qua-han-.*\.xlsx$/);

    await rendered(page, () => page.goto('/#/items?kind=directive'));
    const [list] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#list-excel').click(),
    ]);
    expect(list.suggestedFilename()).toMatch(/^danh-sach-.*\.xlsx$/);
  });

  it('prints a page an office can sign: title block with period and basis, the table, the signers', async () => {
    await demoSignIn(page, 'office');
    await rendered(page, () =>
      page.goto(`/#/reports/period?${periodQuery({ ...FIRST_HALF, kind: 'directive' })}`),
    );
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.print-title').isVisible()).resolves.toBe(true);
    await expect(page.locator('.print-issuer').textContent()).resolves.toBe('UBND tỉnh Phú Thọ');
    const title = await page.locator('.print-title').textContent();
    expect(title).toContain('từ ngày 01/01/2026 đến hết ngày 30/06/2026');
    expect(title).toContain('Theo thời điểm thực tế');
    await expect(page.locator('#period-table tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#calendar-warnings').isVisible()).resolves.toBe(false);
    await expect(page.locator('.print-signer').isVisible()).resolves.toBe(true);
    await expect(page.locator('.controls').isVisible()).resolves.toBe(false);
    await expect(page.locator('.app-header').isVisible()).resolves.toBe(false);
    await screenshot(page, 'period-report-print');
    // A4 landscape: the PDF's first page is wider than tall (842 × 595 points).
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
    expect(box).not.toBeNull();
    expect(Math.round(Number(box![1]))).toBe(842);
    expect(Math.round(Number(box![2]))).toBe(595);
    await page.emulateMedia({ media: 'screen' });
  });

  it('rates the units and shows, per unit, each item’s effect on its score', async () => {
    await demoSignIn(page, 'office');
    await rendered(page, () => page.locator('#app-nav a[href="#/reports/ratings"]').click());
    await rendered(page, () => page.goto(`/#/reports/ratings?${periodQuery(FIRST_HALF)}`));
    const ratings = await app.api<Ratings>(
      OFFICE,
      `/api/reports/ratings?${periodQuery(FIRST_HALF)}`,
    );
    expect(ratings.rows.length).toBeGreaterThan(0);
    await expect(page.locator('#rating-rules').textContent()).resolves.toMatch(/mặc định/);
    const bodies = page.locator('#ratings-table tbody');
    await expect(bodies.count()).resolves.toBe(ratings.rows.length);
    const first = ratings.rows[0];
    const unit = page.locator(`#ratings-table tbody[data-unit="${first.unitId}"]`);
    await expect(unit.locator('td.grade strong').textContent()).resolves.toBe(first.grade);
    const explanation = unit.locator('tr.explanation');
    await expect(explanation.isVisible()).resolves.toBe(false);
    await unit.locator('button.explain-toggle').click();
    await expect(explanation.isVisible()).resolves.toBe(true);
    await expect(unit.locator('button.explain-toggle').getAttribute('aria-expanded')).resolves.toBe(
      'true',
    );
    await expect(explanation.locator('li').count()).resolves.toBe(first.explanation.length);
    await expect(
      explanation
        .locator('li')
        .evaluateAll((items) => items.map((li) => li.getAttribute('data-item'))),
    ).resolves.toEqual(first.explanation.map((e) => e.itemId));
    await screenshot(page, 'ratings');
  });

  it('keeps the report pages from units, who see only their own items', async () => {
    await demoSignIn(page, 'so-noi-vu');
    await expect(page.locator('#app-nav a[href="#/reports/period"]').count()).resolves.toBe(0);
  });
});
