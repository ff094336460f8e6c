import type { Browser, Page } from 'playwright-core';
import { ReminderEngine } from '../../src/reminders/application/reminder-engine';
import { addDays, toLocalDate } from '../../src/shared/calendar/local-date';
import { uuidFromKey } from '../../src/shared/ids';
import type { Principal } from '../../src/shared/principal';
import { DEMO_USERS, demoPrincipal } from '../../src/web/demo-users';
import {
  attributes,
  demoSignIn,
  newPage,
  rendered,
  screenshot,
  sidewaysOverflow,
  type DashboardApp,
  type DashboardSuite,
  useDashboardSuite,
} from './support/browser';

/**
 * Following items up in the dashboard (issue 13): the office urges from the item's page, units and
 * the office read urges and reminders in the timeline, each user's to-do view, and the bell with
 * the inbox. Expectations come from the API's answers, as in dashboard.e2e-spec.ts.
 */

/** The principals the demo sign-in gives, so the API is asked as the page's own user. */
const demo = (id: string): Principal => demoPrincipal(DEMO_USERS.find((u) => u.id === id)!);
const OFFICE = demo('office');
const NOI_VU = demo('so-noi-vu');
const THANH_BA = demo('xa-thanh-ba');
const XAY_DUNG: Principal = {
  sub: 'xd-test',
  name: 'Sở Xây dựng',
  role: 'unit',
  unit: 'so-xay-dung',
};
const demoItem = (key: string) => uuidFromKey('demo', key);

/** Tue 2 Jun 2026, 09:00 in Hà Nội: a working day, inside the default send window. */
const JUNE_MORNING = new Date('2026-06-02T02:00:00Z');

interface Item {
  id: string;
  title: string;
  deadline: { current: string | null };
  status: string;
  timeliness: string;
  leadUnit: string | null;
  urges: number;
  lastUrgedAt: string | null;
  pendingExtension: object | null;
  revision: string;
}
interface ItemPage {
  items: Item[];
  total: number;
}
interface HistoryEntry {
  revision: string;
  type: string;
  data: Record<string, unknown>;
}
interface Notification {
  id: string;
  kind: string;
  itemId: string;
  readAt: string | null;
}
interface NotificationPage {
  items: Notification[];
  total: number;
  unread: number;
}

/** The Asia/Ho_Chi_Minh day `days` from today, as `YYYY-MM-DD` and as dd/mm/yyyy. */
function fromToday(days: number): { iso: string; dmy: string } {
  const iso = addDays(toLocalDate(new Date().toISOString()), days);
  const [y, m, d] = iso.split('-');
  return { iso, dmy: `${d}/${m}/${y}` };
}

/** Signs in as demo user `user`, whoever was signed in before (the picker is at #/sign-in). */
async function signInAs(page: Page, user: string): Promise<void> {
  await rendered(page, () => page.goto('/#/sign-in'));
  await rendered(page, () => page.locator(`button.demo-user[data-user="${user}"]`).click());
}

/** dd/mm/yyyy of an instant's Asia/Ho_Chi_Minh day. */
function dmyOf(instant: string): string {
  const [y, m, d] = toLocalDate(instant).split('-');
  return `${d}/${m}/${y}`;
}

describe('Follow-up in a browser: urging, reminders, to do, notifications', () => {
  let app: DashboardApp;
  let browser: Browser;
  let page: Page;

  useDashboardSuite((suite) => ({ app, browser, page } = suite as DashboardSuite));

  /** Every item the caller sees with these filters (the list API pages by 100). */
  async function allItems(as: Principal, filters: Record<string, string>): Promise<Item[]> {
    const items: Item[] = [];
    for (let page = 1; ; page++) {
      const query = new URLSearchParams({ ...filters, page: String(page), pageSize: '100' });
      const answer = await app.api<ItemPage>(as, `/api/items?${query}`);
      items.push(...answer.items);
      if (items.length >= answer.total || answer.items.length === 0) return items;
    }
  }

  /** GET /api/notifications as `as`, once the read models have seen the whole log. */
  async function notifications(as: Principal, query: Record<string, string> = {}) {
    const head = await app.t.store.headPosition();
    const search = new URLSearchParams({ ...query, minPosition: String(head) });
    return app.api<NotificationPage>(as, `/api/notifications?${search}`);
  }

  /** Waits until the read models (the reminder agenda among them) have seen the whole log. */
  async function caughtUp(): Promise<void> {
    const head = await app.t.store.headPosition();
    await app.api(OFFICE, `/api/items?minPosition=${head}&pageSize=1`);
  }

  it('lets the office urge an item from its page with the keyboard, and shows the count and the timeline entry', async () => {
    const itemId = demoItem('cd-tong-hop-kien-nghi');
    await demoSignIn(page, 'office');
    await rendered(page, () => page.goto(`/#/items/${itemId}`));
    await expect(page.locator('#urge-count').count()).resolves.toBe(0);

    // A date before today is refused by the server, with the field marked.
    const urge = page.locator('details.action[data-action="urge"]');
    await expect(urge.locator('summary').textContent()).resolves.toBe('Đôn đốc');
    await urge.locator('summary').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Đề nghị Sở Nội vụ khẩn trương tổng hợp, báo cáo UBND tỉnh.');
    await page.keyboard.press('Tab');
    await page.keyboard.type(fromToday(-3).dmy);
    await page.keyboard.press('Enter');
    const refusal = urge.locator('.problem');
    await refusal.waitFor();
    await expect(refusal.getAttribute('data-status')).resolves.toBe('400');
    await expect(refusal.locator('.problem-errors li').first().textContent()).resolves.toMatch(
      /^Đề nghị trả lời trước: /,
    );
    const respondBy = urge.getByLabel('Đề nghị trả lời trước ngày (dd/mm/yyyy, không bắt buộc)');
    await expect(respondBy.getAttribute('aria-invalid')).resolves.toBe('true');

    // Then a good date, sent with Enter from the date field.
    const by = fromToday(10);
    await respondBy.fill(by.dmy);
    await rendered(page, () => respondBy.press('Enter'));
    await expect(page.locator('#flash').textContent()).resolves.toBe('Đã ghi nhận: Đôn đốc.');

    const item = await app.api<Item>(OFFICE, `/api/items/${itemId}`);
    expect(item.urges).toBe(1);
    await expect(page.locator('#urge-count').textContent()).resolves.toBe(
      `Đã đôn đốc 1 lần, ngày ${dmyOf(item.lastUrgedAt!)}`,
    );
    const newest = page.locator('#timeline > li').first();
    await expect(newest.getAttribute('data-type')).resolves.toBe('ItemUrged');
    await expect(newest.locator('.event-title').textContent()).resolves.toBe('Đôn đốc');
    await expect(newest.locator('.event-summary').textContent()).resolves.toBe(
      `Văn phòng đôn đốc: Đề nghị Sở Nội vụ khẩn trương tổng hợp, báo cáo UBND tỉnh, đề nghị trả lời trước ${by.dmy}`,
    );
    await expect(newest.locator('.actor').textContent()).resolves.toBe('Văn phòng UBND tỉnh');

    // A second urge (from elsewhere): the header counts both, as the API does.
    await app.api(OFFICE, `/api/items/${itemId}/urge`, {
      method: 'POST',
      body: { note: 'Nhắc lần hai' },
    });
    await rendered(page, () => page.reload());
    const twice = await app.api<Item>(OFFICE, `/api/items/${itemId}`);
    expect(twice.urges).toBe(2);
    await expect(page.locator('#urge-count').textContent()).resolves.toBe(
      `Đã đôn đốc 2 lần, gần nhất ${dmyOf(twice.lastUrgedAt!)}`,
    );
    await expect(
      page.locator('#timeline > li').first().locator('.event-summary').textContent(),
    ).resolves.toBe('Văn phòng đôn đốc: Nhắc lần hai');
    await screenshot(page, '20-item-urged');

    // Not offered where the API would refuse it (409): an item without a lead unit.
    await rendered(page, () => page.goto(`/#/items/${demoItem('kn-hanh-lang-de')}`));
    await expect(page.locator('details.action[data-action="assign"]').count()).resolves.toBe(1);
    await expect(page.locator('details.action[data-action="urge"]').count()).resolves.toBe(0);
  });

  it('shows the unit the urge, and the reminders the system sent, in Vietnamese and in English', async () => {
    const itemId = demoItem('cd-giai-ngan-xa-thanh-ba');
    // An item due on Thu 4 Jun 2026, so that a "due soon" reminder comes due on 2 June.
    const raised = await app.api<{ id: string }>(OFFICE, '/api/items', {
      method: 'POST',
      body: {
        kind: 'directive',
        title: 'Báo cáo tiến độ giải phóng mặt bằng',
        communes: ['xa-thanh-ba'],
        occurredAt: '2026-05-20T02:00:00Z',
      },
    });
    await app.api(OFFICE, `/api/items/${raised.id}/assign`, {
      method: 'POST',
      body: {
        leadUnit: 'xa-thanh-ba',
        deadline: { type: 'date', date: '2026-06-04' },
        occurredAt: '2026-05-20T03:00:00Z',
      },
    });
    await caughtUp();
    await app.t.app.get(ReminderEngine).tick(JUNE_MORNING);
    const by = fromToday(7);
    await app.api(OFFICE, `/api/items/${itemId}/urge`, {
      method: 'POST',
      body: { note: 'Đề nghị xã đẩy nhanh giải ngân.', respondBy: by.iso },
    });
    const history = await app.api<HistoryEntry[]>(THANH_BA, `/api/items/${itemId}/history`);
    const overdue = history.filter((e) => e.type === 'ReminderFired');
    expect(overdue.map((e) => [e.data.ruleId, e.data.notify])).toEqual([
      ['overdue-5', ['lead-unit', 'office', 'leader']],
    ]);
    const dueSoon = (
      await app.api<HistoryEntry[]>(THANH_BA, `/api/items/${raised.id}/history`)
    ).filter((e) => e.type === 'ReminderFired');
    expect(dueSoon.map((e) => [e.data.ruleId, e.data.workingDays])).toEqual([['before-due-3', 3]]);

    await demoSignIn(page, 'xa-thanh-ba');
    await rendered(page, () => page.goto(`/#/items/${itemId}`));
    await expect(page.locator('#timeline > li').count()).resolves.toBe(history.length);
    const urged = page.locator('#timeline > li[data-type="ItemUrged"]');
    await expect(urged.locator('.event-summary').textContent()).resolves.toBe(
      `Văn phòng đôn đốc: Đề nghị xã đẩy nhanh giải ngân, đề nghị trả lời trước ${by.dmy}`,
    );
    await expect(page.locator('#urge-count').textContent()).resolves.toMatch(
      /^Đã đôn đốc 1 lần, ngày \d{2}\/\d{2}\/\d{4}$/,
    );
    const reminder = page.locator('#timeline > li[data-type="ReminderFired"]');
    await expect(reminder.locator('.event-title').textContent()).resolves.toBe(
      'Nhắc việc: quá hạn 5 ngày làm việc — báo lãnh đạo',
    );
    await expect(reminder.locator('.actor').textContent()).resolves.toBe('Hệ thống nhắc việc');
    await expect(reminder.locator('.event-data').textContent()).resolves.toContain(
      'Gửi đếnXã Thanh Ba, Văn phòng UBND tỉnh, Lãnh đạo UBND tỉnh',
    );
    // A unit does not urge.
    await expect(page.locator('details.action[data-action="urge"]').count()).resolves.toBe(0);
    await screenshot(page, '21-unit-timeline');

    await rendered(page, () => page.goto(`/#/items/${raised.id}`));
    await expect(
      page.locator('#timeline > li[data-type="ReminderFired"] .event-title').textContent(),
    ).resolves.toBe('Nhắc việc: sắp đến hạn (còn 3 ngày làm việc)');

    await rendered(page, () => page.getByRole('button', { name: 'Switch to English' }).click());
    await expect(
      page.locator('#timeline > li[data-type="ReminderFired"] .event-title').textContent(),
    ).resolves.toBe('Reminder: due soon (3 working days left)');
    await rendered(page, () => page.goto(`/#/items/${itemId}`));
    await expect(reminder.locator('.event-title').textContent()).resolves.toBe(
      'Reminder: overdue by 5 working days — reported to the leadership',
    );
    await expect(reminder.locator('.actor').textContent()).resolves.toBe('Reminder system');
    await expect(urged.locator('.event-summary').textContent()).resolves.toBe(
      `The office urged: Đề nghị xã đẩy nhanh giải ngân; answer requested by ${by.dmy}`,
    );
    await expect(page.locator('#urge-count').textContent()).resolves.toMatch(/^Urged once, on /);
    await screenshot(page, '22-unit-timeline-english');
  });

  it('lists what waits for a unit and for the office in the to-do view, as the API answers', async () => {
    // Something in every section: an item due in two working days, a completion to review, an
    // extension request to decide (the demo already has an unassigned item and overdue ones).
    const soon = await app.api<{ id: string }>(OFFICE, '/api/items', {
      method: 'POST',
      body: { kind: 'directive', title: 'Rà soát hồ sơ tuyển dụng công chức xã' },
    });
    await app.api(OFFICE, `/api/items/${soon.id}/assign`, {
      method: 'POST',
      body: { leadUnit: 'so-noi-vu', deadline: { type: 'working-days', days: 2 } },
    });
    await app.api(NOI_VU, `/api/items/${demoItem('kn-bien-che')}/complete`, {
      method: 'POST',
      body: { summary: 'Đã trình UBND tỉnh điều chỉnh biên chế.' },
    });
    await app.api(XAY_DUNG, `/api/items/${demoItem('kn-duong-giao-thong')}/extension-request`, {
      method: 'POST',
      body: { proposedDueDate: fromToday(60).iso, reason: 'Chờ bố trí vốn.' },
    });

    // The unit: its own items, by lead unit.
    await demoSignIn(page, 'so-noi-vu');
    await rendered(page, () => page.getByRole('link', { name: 'Việc cần làm' }).click());
    expect(page.url()).toMatch(/#\/todo$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Việc cần làm của Sở Nội vụ');
    // Newly assigned: status assigned. Due soon and overdue: while the unit has to act (assigned
    // or in progress; a completion awaiting review waits for the office).
    const waitingForUnit = async (filters: Record<string, string>) => [
      ...(await allItems(NOI_VU, { ...filters, status: 'assigned' })),
      ...(await allItems(NOI_VU, { ...filters, status: 'in-progress' })),
    ];
    await expectSection(
      page,
      'assigned',
      await allItems(NOI_VU, { leadUnit: 'so-noi-vu', status: 'assigned' }),
      '#/items?leadUnit=so-noi-vu&status=assigned',
    );
    await expectSection(
      page,
      'due-soon',
      await waitingForUnit({ leadUnit: 'so-noi-vu', timeliness: 'due-soon' }),
      '#/items?leadUnit=so-noi-vu&timeliness=due-soon',
    );
    const unitOverdue = await waitingForUnit({ leadUnit: 'so-noi-vu', timeliness: 'overdue' });
    await expectSection(
      page,
      'overdue',
      unitOverdue,
      '#/items?leadUnit=so-noi-vu&timeliness=overdue',
    );
    await expect(sectionIds(page, 'due-soon')).resolves.toContain(soon.id);
    await expect(sectionIds(page, 'assigned')).resolves.toContain(soon.id);
    // The completion just reported waits for the office, not for the unit.
    await expect(sectionIds(page, 'overdue')).resolves.not.toContain(demoItem('kn-bien-che'));
    // Most overdue first.
    const shownOverdue = await sectionIds(page, 'overdue');
    const dueOf = new Map(unitOverdue.map((i) => [i.id, i.deadline.current ?? '']));
    const dues = shownOverdue.map((id) => dueOf.get(id!)!);
    expect(dues).toEqual([...dues].sort());
    await screenshot(page, '23-unit-todo');

    // Each section leads to its full list.
    await rendered(page, () => page.locator('#todo-overdue a.todo-link').click());
    const overdue = await allItems(NOI_VU, { leadUnit: 'so-noi-vu', timeliness: 'overdue' });
    await expect(page.locator('#item-list tbody tr').count()).resolves.toBe(overdue.length);
    await expect(page.locator('h1').textContent()).resolves.toBe('Việc do Sở Nội vụ chủ trì');

    // The office and the leadership.
    await signInAs(page, 'office');
    await rendered(page, () => page.goto('/#/todo'));
    await expect(page.locator('h1').textContent()).resolves.toBe('Việc cần làm');
    const awaiting = await allItems(OFFICE, { status: 'awaiting-review' });
    expect(awaiting.map((i) => i.id)).toContain(demoItem('kn-bien-che'));
    await expectSection(page, 'awaiting-review', awaiting, '#/items?status=awaiting-review');
    const unassigned = await allItems(OFFICE, { status: 'raised' });
    expect(unassigned.map((i) => i.id)).toContain(demoItem('kn-hanh-lang-de'));
    await expectSection(page, 'unassigned', unassigned, '#/items?status=raised');
    const pending = [...(await allItems(OFFICE, { status: 'in-progress' })), ...awaiting].filter(
      (i) => i.pendingExtension,
    );
    expect(pending.map((i) => i.id)).toEqual([demoItem('kn-duong-giao-thong')]);
    await expectSection(page, 'extension-pending', pending, '#/items?status=in-progress');
    await expect(
      page.locator('#todo-extension-pending .todo-item .todo-meta').first().textContent(),
    ).resolves.toContain(`Đề nghị gia hạn đến ${fromToday(60).dmy}`);

    // Escalations: the office's unread notifications of kind `escalated` (the reminders of the
    // previous test escalated every long-overdue demo item), one line per item still overdue.
    const inbox = await notifications(OFFICE, { unread: 'true', pageSize: '100' });
    const stillOverdue = new Set(
      (await allItems(OFFICE, { timeliness: 'overdue' })).map((i) => i.id),
    );
    const escalatedItems = [
      ...new Set(inbox.items.filter((n) => n.kind === 'escalated').map((n) => n.itemId)),
    ].filter((id) => stillOverdue.has(id));
    expect(escalatedItems).toContain(demoItem('cd-giai-ngan-xa-thanh-ba'));
    expect(escalatedItems.length).toBeGreaterThan(10);
    const escalated = page.locator('#todo-escalated');
    await expect(escalated.getAttribute('data-total')).resolves.toBe(String(escalatedItems.length));
    const shownEscalated = await sectionIds(page, 'escalated');
    expect(shownEscalated).toHaveLength(10);
    expect(shownEscalated.every((id) => escalatedItems.includes(id!))).toBe(true);
    // The six communes' directives share a title: each line names its lead unit first.
    const units = new Map(
      (await app.api<{ id: string; name: string }[]>(OFFICE, '/api/units')).map((u) => [
        u.id,
        u.name,
      ]),
    );
    const overdueById = new Map(
      (await allItems(OFFICE, { timeliness: 'overdue' })).map((i) => [i.id, i]),
    );
    const metas = await escalated.locator('.todo-item .todo-meta').allTextContents();
    expect(
      metas.map((m, i) => m.startsWith(units.get(overdueById.get(shownEscalated[i]!)!.leadUnit!)!)),
    ).toEqual(metas.map(() => true));
    await expect(escalated.locator('a.todo-link').getAttribute('href')).resolves.toBe(
      '#/notifications?unread=true',
    );
    await screenshot(page, '24-office-todo');

    // Keyboard: every link in the view is reachable with Tab, in reading order.
    await page.locator('h1').focus();
    await page.keyboard.press('Tab');
    const firstLink = await page.evaluate<string>(
      // The work queues (issue 14) head the view, before its sections.
      'document.activeElement && document.activeElement.closest("#queues, #todo") ? "in" : "out"',
    );
    expect(firstLink).toBe('in');
  });

  it('shows a bell with the unread count, and marking one read lowers it', async () => {
    const before = await notifications(NOI_VU, { unread: 'true', pageSize: '1' });
    const bellRequests: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/notifications' && url.searchParams.get('pageSize') === '1') {
        bellRequests.push(request.url());
      }
    });
    await demoSignIn(page, 'so-noi-vu');
    // The urge of the first test notified Sở Nội vụ.
    expect(before.unread).toBeGreaterThan(0);
    const bell = page.locator('#bell');
    await expect(bell.getAttribute('data-unread')).resolves.toBe(String(before.unread));
    await expect(page.locator('#bell-count').textContent()).resolves.toBe(
      before.unread > 99 ? '99+' : String(before.unread),
    );
    await expect(bell.getAttribute('aria-label')).resolves.toBe(
      `Thông báo: ${before.unread} chưa đọc`,
    );
    // No request storm: clicking through pages asks for the count once a minute at most.
    for (const hash of ['#/todo', '#/', `#/items/${demoItem('kn-bien-che')}`, '#/todo']) {
      await rendered(page, () => page.goto(`/${hash}`));
      await expect(bell.getAttribute('data-unread')).resolves.toBe(String(before.unread));
    }
    expect(bellRequests).toHaveLength(1);

    await rendered(page, () => bell.click());
    await expect(page.locator('h1').textContent()).resolves.toBe('Thông báo');
    const shown = await notifications(NOI_VU, { pageSize: '20' });
    await expect(attributes(page.locator('#inbox > li'), 'data-id')).resolves.toEqual(
      shown.items.map((n) => n.id),
    );
    const urgedId = shown.items.find((n) => n.kind === 'urged' && n.readAt === null)!.id;
    const urged = page.locator(`#inbox > li[data-id="${urgedId}"]`);
    await expect(urged.locator('.inbox-kind').textContent()).resolves.toBe('Đôn đốc thực hiện');
    await expect(urged.locator('a.item-link').getAttribute('href')).resolves.toMatch(/^#\/items\//);
    await screenshot(page, '25-inbox');

    // Mark read with the keyboard: the bell and the API both count one fewer.
    await urged.locator('button.mark-read').focus();
    await page.keyboard.press('Enter');
    await page.locator(`#inbox > li[data-id="${urgedId}"][data-read="true"]`).waitFor();
    await expect(urged.locator('button.mark-read').count()).resolves.toBe(0);
    const after = await notifications(NOI_VU, { unread: 'true', pageSize: '1' });
    expect(after.unread).toBe(before.unread - 1);
    expect(after.items.map((n) => n.id)).not.toContain(urgedId);
    await page.locator(`#bell[data-unread="${after.unread}"]`).waitFor();
    await expect(page.locator('#inbox-count').textContent()).resolves.toBe(
      `${shown.total} thông báo · ${after.unread} chưa đọc`,
    );
    expect(bellRequests).toHaveLength(1);
    // The focus moves on to the next unread entry's button, not back to the top of the page.
    const focused = await page.evaluate<string>(
      'document.activeElement.classList.contains("mark-read") ? "mark-read" : document.activeElement.id',
    );
    expect(focused).toBe(after.unread > 0 ? 'mark-read' : 'inbox-count');
    await screenshot(page, '26-inbox-marked-read');
  });

  it('reads on a phone without sideways scrolling: item with urges, to do, inbox', async () => {
    const phone = await newPage(browser, app.baseUrl, { width: 390, height: 844 });
    try {
      await demoSignIn(phone.page, 'office');
      for (const hash of [
        `/#/items/${demoItem('cd-tong-hop-kien-nghi')}`,
        '/#/todo',
        '/#/notifications',
      ]) {
        await rendered(phone.page, () => phone.page.goto(hash));
        const overflow = await sidewaysOverflow(phone.page);
        expect({ hash, scrollsSideways: overflow > 0 }).toEqual({ hash, scrollsSideways: false });
      }
      await rendered(phone.page, () => phone.page.goto('/#/todo'));
      await screenshot(phone.page, '27-phone-todo');
      await signInAs(phone.page, 'xa-thanh-ba');
      await rendered(phone.page, () =>
        phone.page.goto(`/#/items/${demoItem('cd-giai-ngan-xa-thanh-ba')}`),
      );
      expect(await sidewaysOverflow(phone.page)).toBeLessThanOrEqual(0);
      await screenshot(phone.page, '28-phone-unit-timeline');
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});

/** The item ids a to-do section lists, in order. */
function sectionIds(page: Page, key: string): Promise<(string | null)[]> {
  return attributes(page.locator(`#todo-${key} .todo-item`), 'data-id');
}

/**
 * A section shows the API's count, the first ten of its items (all of them when there are fewer),
 * and links to the list it is taken from.
 */
async function expectSection(
  page: Page,
  key: string,
  expected: { id: string }[],
  href: string,
): Promise<void> {
  const section = page.locator(`#todo-${key}`);
  await expect(section.getAttribute('data-total')).resolves.toBe(String(expected.length));
  await expect(section.locator('.todo-count').textContent()).resolves.toBe(String(expected.length));
  const shown = await sectionIds(page, key);
  expect(shown.length).toBe(Math.min(expected.length, 10));
  const ids = new Set(expected.map((i) => i.id));
  expect(shown.every((id) => id !== null && ids.has(id))).toBe(true);
  if (expected.length === 0) {
    await expect(section.locator('.empty').textContent()).resolves.toBe('Không có việc nào.');
  }
  await expect(section.locator('a.todo-link').getAttribute('href')).resolves.toBe(href);
}
