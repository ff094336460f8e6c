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
 * The auditors' dashboard (issue 17): the audit page (the log with its filters, verify on demand,
 * the signed checkpoints) and, on an item, its steps, each opening the item as it stood then with
 * the fields that step changed highlighted. Expected figures come from the API.
 */

const AUDITOR = demoPrincipal(DEMO_USERS.find((u) => u.id === 'auditor')!);

interface LogPage {
  events: { position: string; type: string; metadata: { actor?: { sub: string } } }[];
  next: string | null;
}

describe('The auditor in a browser', () => {
  let app: DashboardApp;
  let browser: Browser;
  let page: Page;

  useDashboardSuite((suite) => ({ app, browser, page } = suite as DashboardSuite));

  it('reads the log with filters, runs verify and sees the checkpoints', async () => {
    void browser;
    await app.api(AUDITOR, '/api/audit/verify'); // the demo session is in the log by now
    await demoSignIn(page, 'auditor');
    await rendered(page, () => page.locator('#app-nav a[href="#/audit"]').click());
    await expect(page.locator('h1').textContent()).resolves.toBe('Kiểm toán nhật ký');
    const log = await app.api<LogPage>(AUDITOR, '/api/audit/events?limit=1000');
    const rows = page.locator('#audit-log-rows tr');
    await expect(rows.count()).resolves.toBe(Math.min(500, log.events.length));
    // Newest first.
    await expect(rows.first().getAttribute('data-position')).resolves.toBe(
      log.events[log.events.length - 1].position,
    );

    const assigned = log.events.filter((e) => e.type === 'ItemAssigned');
    await page.locator('#audit-filter-type').fill('ItemAssigned');
    await expect(rows.count()).resolves.toBe(assigned.length);
    await page.locator('#audit-filter-type').fill('');
    await page.locator('#audit-filter-actor').fill('no-such-person');
    await expect(rows.count()).resolves.toBe(0);
    await page.locator('#audit-filter-actor').fill('');

    await page.locator('#audit-verify').click();
    await expect(page.locator('#audit-verify-summary').textContent()).resolves.toMatch(
      /^Toàn vẹn\./,
    );
    await screenshot(page, 'audit-page');
  });

  it('opens an item as it stood after each step, the changed fields highlighted', async () => {
    const list = await app.api<{ items: { id: string }[] }>(AUDITOR, '/api/items?pageSize=50');
    let id = list.items[0].id;
    for (const item of list.items) {
      const changes = await app.api<unknown[]>(AUDITOR, `/api/items/${item.id}/changes`);
      if (changes.length >= 3) {
        id = item.id;
        break;
      }
    }
    const changes = await app.api<
      { revision: string; recordedAt: string; changes: { field: string }[] }[]
    >(AUDITOR, `/api/items/${id}/changes`);
    await demoSignIn(page, 'auditor');
    await rendered(page, () => page.goto(`/#/items/${id}`));
    const steps = page.locator('#item-audit-steps li');
    await steps.first().waitFor();
    await expect(steps.count()).resolves.toBe(changes.length);

    const step = changes[1];
    await page.locator(`#item-audit-steps button[data-revision="${step.revision}"]`).click();
    const state = page.locator('#item-audit-state table');
    await state.waitFor();
    const then = await app.api<{ revision: string; status: string }>(
      AUDITOR,
      `/api/items/${id}?asOf=${encodeURIComponent(step.recordedAt)}&basis=recorded`,
    );
    await expect(
      page.locator('#item-audit-state tr[data-field="revision"] td').textContent(),
    ).resolves.toBe(then.revision);
    const changedTop = new Set(step.changes.map((c) => c.field.split(/[.[]/)[0]));
    const highlighted = await page
      .locator('#item-audit-state tr.changed')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-field')));
    expect(new Set(highlighted)).toEqual(changedTop);
    await screenshot(page, 'item-audit-steps');
  });
});
