import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { TokenService } from '../../src/auth/token.service';
import { addDays, toLocalDate } from '../../src/shared/calendar/local-date';
import { uuidFromKey } from '../../src/shared/ids';
import type { Principal } from '../../src/shared/principal';
import { DEMO_USERS, demoPrincipal } from '../../src/web/demo-users';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  attributes,
  demoSignIn,
  newPage,
  rendered,
  screenshot,
  SCREENSHOTS,
  sidewaysOverflow,
  type DashboardApp,
  type DashboardSuite,
  useDashboardSuite,
} from './support/browser';

/**
 * The dashboard as the daily tool (issue 14): raising from the dashboard, acts dated when they
 * happened, the unit picker, the source's title for units, sign-in, work queues, past-date lists,
 * deadlines moved off rest days, errors in the page's language, sessions that end, and a phone.
 * Expectations come from the API's answers.
 */

const demo = (id: string): Principal => demoPrincipal(DEMO_USERS.find((u) => u.id === id)!);
const OFFICE = demo('office');
const NOI_VU = demo('so-noi-vu');
const THANH_BA = demo('xa-thanh-ba');
const ADMIN: Principal = { sub: 'admin-test', name: 'Quản trị', role: 'admin' };
const demoItem = (key: string) => uuidFromKey('demo', key);

/** Communes beyond the demo's six, so the picker has a province's worth of them. */
const EXTRA_COMMUNES = Array.from({ length: 40 }, (_, i) => ({
  id: `xa-thu-nghiem-${i + 1}`,
  name: `Xã Thử Nghiệm Đồng Bằng Sông Hồng Số ${i + 1}`,
  kind: 'commune',
}));

interface Item {
  id: string;
  kind: string;
  title: string;
  status: string;
  priority: string;
  leadUnit: string | null;
  supportingUnits: string[];
  originUnit: string | null;
  communes: string[];
  sourceId: string | null;
  source?: { id: string; title: string; reference?: string; issuedOn?: string } | null;
  deadline: { original: string | null; current: string | null; requested?: string | null };
  raisedAt: string;
  revision: string;
  reworkRequested?: boolean;
}
interface ItemPage {
  items: Item[];
  total: number;
  asOf?: string;
  basis?: string;
}
interface HistoryEntry {
  type: string;
  occurredAt: string;
  recordedAt: string;
  enteredLater?: boolean;
}
interface Unit {
  id: string;
  name: string;
  kind: string;
  active: boolean;
}

const today = () => toLocalDate(new Date().toISOString());
/** dd/mm/yyyy of a `YYYY-MM-DD` day. */
const dmy = (iso: string) => iso.split('-').reverse().join('/');
/** dd/mm/yyyy HH:mm of an instant in Asia/Ho_Chi_Minh. */
function dmyHm(instant: string): string {
  const local = new Date(Date.parse(instant) + 7 * 3_600_000).toISOString();
  return `${dmy(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

async function signInAs(page: Page, user: string): Promise<void> {
  await rendered(page, () => page.goto('/#/sign-in'));
  await rendered(page, () => page.locator(`button.demo-user[data-user="${user}"]`).click());
}

/** Puts a token where the page keeps it (this tab's sessionStorage), as signing in would. */
function keepToken(page: Page, token: string): Promise<void> {
  return page.evaluate((value) => {
    const storage = (
      globalThis as unknown as {
        sessionStorage: { setItem(key: string, value: string): void };
      }
    ).sessionStorage;
    storage.setItem('follow-up.token', value);
  }, token);
}

/** The claims of a token (the test reads `exp` the way the page does). */
function claimsOf(token: string): { exp: number } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe('The dashboard as the daily tool (issue 14)', () => {
  let app: DashboardApp;
  let browser: Browser;
  let page: Page;

  useDashboardSuite((suite) => ({ app, browser, page } = suite as DashboardSuite));

  beforeAll(async () => {
    for (const commune of EXTRA_COMMUNES) {
      await app.api(ADMIN, '/api/units', { method: 'POST', body: commune });
    }
  });

  /** GET with a raw answer (status and body), for refusals the test compares the page with. */
  async function raw(
    token: string,
    path: string,
  ): Promise<{ status: number; body: { code?: string } }> {
    const response = await fetch(`${app.baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as { code?: string } };
  }

  it('lets the office raise and route a directive in one form, registering its source on the way; a lost answer retried raises it once', async () => {
    const stamp = `ks${Date.now()}`;
    const title = `Khảo sát hiện trạng trường học xuống cấp ${stamp}`;
    await demoSignIn(page, 'office');
    await rendered(page, () => page.getByRole('link', { name: 'Tạo việc mới' }).click());
    await expect(page.locator('h1').textContent()).resolves.toBe('Tạo việc mới');
    const form = page.locator('#raise-form');

    await form.getByLabel('Tiêu đề', { exact: true }).fill(title);
    await form
      .getByLabel('Nội dung chi tiết')
      .fill('Rà soát các điểm trường xuống cấp, đề xuất danh mục sửa chữa năm 2027.');
    await form.getByLabel('Văn bản nguồn').selectOption('__new__');
    await form.getByLabel('Số, ký hiệu (ví dụ 123/TB-UBND)').fill('45/TB-UBND');
    await form
      .getByLabel('Trích yếu văn bản')
      .fill('Thông báo kết luận về cơ sở vật chất trường học');
    await form.getByLabel('Ngày ban hành').fill(addDays(today(), -5));
    // Communes: found by typing without diacritics, in a list that never scrolls sideways.
    const communes = form.locator('fieldset[data-picker="communes"]');
    await communes.getByRole('searchbox').fill('hoang cuong');
    await expect(communes.locator('li.check:not([hidden])').count()).resolves.toBe(1);
    await communes.getByLabel('Xã Hoàng Cương').check();
    await communes.getByRole('searchbox').fill('');
    await communes.getByLabel('Xã Thanh Ba').check();
    await form.getByLabel('Việc trọng tâm').check();
    const due = addDays(today(), 30);
    await form.getByLabel('Thời hạn', { exact: true }).selectOption('date');
    await form.getByLabel('Ngày (dd/mm/yyyy)').fill(dmy(due));
    await form.getByLabel('Đơn vị chủ trì').selectOption('so-giao-duc-dao-tao');
    const supporting = form.locator('fieldset[data-picker="supportingUnits"]');
    await supporting.getByRole('searchbox').fill('tai chinh');
    await supporting.getByLabel('Sở Tài chính').check();
    await supporting.getByRole('searchbox').fill('so 40');
    await supporting.getByLabel('Xã Thử Nghiệm Đồng Bằng Sông Hồng Số 40').check();
    await supporting.getByRole('searchbox').fill('');
    // The date of the act: a date picker, today by default and at most.
    const actDate = form.locator('input[name="occurredAt"]');
    await expect(actDate.getAttribute('type')).resolves.toBe('date');
    await expect(actDate.inputValue()).resolves.toBe(today());
    await expect(actDate.getAttribute('max')).resolves.toBe(today());
    await screenshot(page, 'daily-tool-01-raise-form');

    // The first raise reaches the server, but its answer is lost on the way back.
    const posts: string[] = [];
    let lost = false;
    await page.route(
      (url) => url.pathname === '/api/items' || url.pathname.startsWith('/api/items/'),
      async (route: Route) => {
        const request = route.request();
        if (request.method() !== 'POST') return route.continue();
        posts.push(`${new URL(request.url()).pathname} ${request.headers()['idempotency-key']}`);
        if (!lost && new URL(request.url()).pathname === '/api/items') {
          lost = true;
          await route.fetch();
          return route.abort();
        }
        return route.continue();
      },
    );
    await form.getByRole('button', { name: 'Tạo việc' }).click();
    const problem = form.locator('.problem');
    await problem.waitFor();
    await expect(problem.locator('.problem-title').textContent()).resolves.toBe(
      'Không kết nối được máy chủ. Vui lòng thử lại.',
    );
    // Sent again: the same key, so the same item; then routed.
    await rendered(page, () => form.getByRole('button', { name: 'Tạo việc' }).click());
    expect(posts).toHaveLength(3);
    expect(posts[0]).toBe(posts[1]);
    expect(posts[2]).toMatch(/^\/api\/items\/[^/]+\/assign [0-9a-f]{32}$/);

    const found = await app.api<ItemPage>(OFFICE, `/api/items?q=${stamp}&pageSize=10`);
    expect(found.items.filter((i) => i.title === title)).toHaveLength(1);
    const item = await app.api<Item>(OFFICE, `/api/items/${found.items[0].id}`);
    expect(page.url()).toContain(`#/items/${item.id}`);
    expect(item).toMatchObject({
      kind: 'directive',
      priority: 'key',
      leadUnit: 'so-giao-duc-dao-tao',
      status: 'assigned',
    });
    expect(item.communes.sort()).toEqual(['xa-hoang-cuong', 'xa-thanh-ba']);
    expect(item.supportingUnits.sort()).toEqual(['so-tai-chinh', 'xa-thu-nghiem-40']);
    expect(item.source).toMatchObject({
      title: 'Thông báo kết luận về cơ sở vật chất trường học',
      reference: '45/TB-UBND',
      issuedOn: addDays(today(), -5),
    });
    expect(item.deadline.current! >= due).toBe(true);
    const history = await app.api<HistoryEntry[]>(OFFICE, `/api/items/${item.id}/history`);
    expect(history.map((e) => e.type)).toEqual(['ItemRaised', 'ItemAssigned']);

    await expect(page.locator('#flash').textContent()).resolves.toBe('Đã tạo việc.');
    await expect(page.locator('h1').textContent()).resolves.toBe(title);
    await expect(page.locator('dd[data-fact="item.lead"]').textContent()).resolves.toBe(
      'Sở Giáo dục và Đào tạo',
    );
    await expect(page.locator('#item-source').textContent()).resolves.toBe(
      `${item.source!.title} (45/TB-UBND, ${dmy(addDays(today(), -5))})`,
    );
    await screenshot(page, 'daily-tool-02-raised-item');

    // A commune it concerns reads the source by its title, not its id.
    await signInAs(page, 'xa-thanh-ba');
    await rendered(page, () => page.goto(`/#/items/${item.id}`));
    const seen = await app.api<Item>(THANH_BA, `/api/items/${item.id}`);
    expect(seen.source?.title).toBe(item.source!.title);
    await expect(page.locator('dd[data-fact="item.source"]').textContent()).resolves.toContain(
      seen.source!.title,
    );
    await expect(page.locator('dd[data-fact="item.source"]').textContent()).resolves.not.toContain(
      seen.sourceId!,
    );
  });

  it('lets a unit raise a recommendation from its own unit', async () => {
    const title = `Đề nghị hỗ trợ kinh phí nạo vét kênh mương ${Date.now()}`;
    await demoSignIn(page, 'xa-thanh-ba');
    await rendered(page, () =>
      page.getByRole('link', { name: 'Gửi kiến nghị', exact: true }).click(),
    );
    await expect(page.locator('h1').textContent()).resolves.toBe('Gửi kiến nghị');
    await expect(page.locator('#raise-origin').textContent()).resolves.toBe(
      'Đơn vị kiến nghị: Xã Thanh Ba',
    );
    const form = page.locator('#raise-form');
    // Units choose no source, lead or deadline: the office routes recommendations.
    await expect(
      form.locator('select[name="sourceId"], select[name="leadUnit"]').count(),
    ).resolves.toBe(0);
    await expect(form.getByLabel('Xã Thanh Ba').isChecked()).resolves.toBe(true);
    // Nothing typed: refused in the page, in Vietnamese, naming the field.
    await form.getByRole('button', { name: 'Gửi kiến nghị' }).click();
    await expect(form.locator('.problem .problem-errors li').textContent()).resolves.toBe(
      'Tiêu đề: cần nhập',
    );
    await form.getByLabel('Tiêu đề', { exact: true }).fill(title);
    await rendered(page, () => form.getByRole('button', { name: 'Gửi kiến nghị' }).click());
    const id = page.url().split('#/items/')[1].split('?')[0];
    const item = await app.api<Item>(THANH_BA, `/api/items/${id}`);
    expect(item).toMatchObject({
      title,
      kind: 'recommendation',
      originUnit: 'xa-thanh-ba',
      status: 'raised',
      communes: ['xa-thanh-ba'],
    });
    await expect(page.locator('dd[data-fact="item.origin"]').textContent()).resolves.toBe(
      'Xã Thanh Ba',
    );
  });

  it('dates every act: today by default, never before the item, refused in Vietnamese before the last act, and marked as entered later', async () => {
    const raisedOn = addDays(today(), -10);
    const assignedOn = addDays(today(), -3);
    const raised = await app.api<{ id: string }>(OFFICE, '/api/items', {
      method: 'POST',
      body: {
        kind: 'directive',
        title: 'Kiểm tra việc chi trả chế độ cho cán bộ dôi dư',
        communes: ['xa-thanh-ba'],
        occurredAt: `${raisedOn}T09:00:00+07:00`,
      },
    });
    await app.api(OFFICE, `/api/items/${raised.id}/assign`, {
      method: 'POST',
      body: { leadUnit: 'xa-thanh-ba', occurredAt: `${assignedOn}T15:30:00+07:00` },
    });
    await demoSignIn(page, 'xa-thanh-ba');
    await rendered(page, () => page.goto(`/#/items/${raised.id}`));
    const progress = page.locator('details.action[data-action="progress"]');
    await progress.locator('summary').click();
    const date = progress.getByLabel('Ngày thực hiện');
    await expect(date.inputValue()).resolves.toBe(today());
    await expect(date.getAttribute('min')).resolves.toBe(raisedOn);
    await expect(date.getAttribute('max')).resolves.toBe(today());
    // Every act form has one.
    const forms = await page.locator('#actions form').count();
    await expect(page.locator('#actions form input[name="occurredAt"]').count()).resolves.toBe(
      forms,
    );
    await progress.getByLabel('Ghi chú').fill('Đã rà soát danh sách cán bộ dôi dư');

    // Before the item was raised: refused in the page.
    await date.fill(addDays(raisedOn, -1));
    await progress.getByRole('button', { name: 'Gửi' }).click();
    await expect(progress.locator('.problem-errors li').textContent()).resolves.toBe(
      `Ngày thực hiện: không được trước ngày tiếp nhận việc (${dmy(raisedOn)})`,
    );

    // After the raise but before the assignment: the server refuses it (409), in Vietnamese.
    await date.fill(addDays(today(), -6));
    await progress.getByRole('button', { name: 'Gửi' }).click();
    const refusal = progress.locator('.problem[data-code="ITEM.ACT_OUT_OF_ORDER"]');
    await refusal.waitFor();
    await expect(refusal.getAttribute('data-status')).resolves.toBe('409');
    await expect(refusal.locator('.problem-title').textContent()).resolves.toBe(
      'Ngày thực hiện sớm hơn thao tác gần nhất đã ghi nhận của việc này. Chọn ngày bằng hoặc sau ngày đó.',
    );
    const before = await app.api<HistoryEntry[]>(THANH_BA, `/api/items/${raised.id}/history`);
    const lastAct = before[before.length - 1].occurredAt;
    await expect(refusal.locator('.problem-errors li').textContent()).resolves.toBe(
      `Ngày thực hiện: không được trước ${dmyHm(lastAct)}`,
    );
    await expect(date.getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'daily-tool-03-error-in-vietnamese');

    // The day of the assignment: placed after it (17:00 would be before 15:30? no: after), then
    // recorded, and marked as entered later.
    await date.fill(addDays(today(), -2));
    await rendered(page, () => progress.getByRole('button', { name: 'Gửi' }).click());
    const after = await app.api<HistoryEntry[]>(THANH_BA, `/api/items/${raised.id}/history`);
    const report = after[after.length - 1];
    expect(report.type).toBe('ProgressReported');
    expect(report.occurredAt).toBe(
      new Date(`${addDays(today(), -2)}T17:00:00+07:00`).toISOString(),
    );
    expect(report.enteredLater).toBe(true);
    const newest = page.locator('#timeline > li').first();
    await expect(newest.getAttribute('data-type')).resolves.toBe('ProgressReported');
    await expect(newest.locator('time').textContent()).resolves.toBe(dmyHm(report.occurredAt));
    await expect(newest.locator('.tag.entered-later').textContent()).resolves.toBe('Nhập sau');
  });

  it('offers every commune in a searchable supporting-units checklist that never scrolls sideways', async () => {
    await demoSignIn(page, 'office');
    await rendered(page, () => page.goto(`/#/items/${demoItem('kn-hanh-lang-de')}`));
    const assign = page.locator('details.action[data-action="assign"]');
    await assign.locator('summary').click();
    const picker = assign.locator('fieldset[data-picker="supportingUnits"]');
    const units = await app.api<Unit[]>(OFFICE, '/api/units');
    const communes = units.filter((u) => u.kind === 'commune' && u.active !== false);
    expect(communes.length).toBeGreaterThan(40);
    const offered = await attributes(
      picker.locator('.picker-group[data-kind="commune"] li'),
      'data-unit',
    );
    expect(offered.sort()).toEqual(communes.map((u) => u.id).sort());
    const box = picker.locator('.picker-groups');
    const sideways = await box.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(sideways).toBeLessThanOrEqual(0);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    // The last commune is reached by scrolling down, and by a few letters without diacritics.
    const last = picker.getByLabel(communes[communes.length - 1].name, { exact: true });
    await last.scrollIntoViewIfNeeded();
    await expect(last.isVisible()).resolves.toBe(true);
    await picker.getByRole('searchbox').fill('chi tien');
    await expect(
      attributes(picker.locator('li.check:not([hidden])'), 'data-unit'),
    ).resolves.toEqual(['xa-chi-tien']);
    await picker.getByLabel('Xã Chí Tiên').check();
    await expect(picker.locator('.picker-count').textContent()).resolves.toBe('Đã chọn 1');
  });

  it('explains a deadline moved off a rest day, in Vietnamese and in English', async () => {
    const raised = await app.api<{ id: string }>(OFFICE, '/api/items', {
      method: 'POST',
      body: {
        kind: 'directive',
        title: 'Báo cáo sơ kết công tác quý II',
        occurredAt: '2026-04-15T02:00:00Z',
      },
    });
    await app.api(OFFICE, `/api/items/${raised.id}/assign`, {
      method: 'POST',
      body: {
        leadUnit: 'so-noi-vu',
        deadline: { type: 'date', date: '2026-04-30' },
        occurredAt: '2026-04-20T02:00:00Z',
      },
    });
    const item = await app.api<Item>(OFFICE, `/api/items/${raised.id}`);
    expect(item.deadline.requested).toBe('2026-04-30');
    expect(item.deadline.current).not.toBe('2026-04-30');
    await demoSignIn(page, 'office');
    await rendered(page, () => page.goto(`/#/items/${raised.id}`));
    await expect(page.locator('#deadline-moved').textContent()).resolves.toBe(
      `Hạn 30/04/2026 rơi vào ngày nghỉ, chuyển sang ${dmy(item.deadline.current!)}`,
    );
    await rendered(page, () => page.getByRole('button', { name: 'Switch to English' }).click());
    await expect(page.locator('#deadline-moved').textContent()).resolves.toBe(
      `Due 30/04/2026 fell on a rest day, moved to ${dmy(item.deadline.current!)}`,
    );
  });

  it('takes a pasted token with "Bearer " in front, and shows no developer command line on a production server', async () => {
    await rendered(page, () => page.goto('/'));
    // On this development server: the demo picker and the command line.
    await expect(page.locator('#cli-hint').count()).resolves.toBe(1);
    await page
      .getByLabel('Mã truy cập (token)')
      .fill(`Bearer ${app.token(OFFICE).replace(/(.{40})/g, '$1\n')}\n`);
    await rendered(page, () => page.getByRole('button', { name: 'Đăng nhập' }).click());
    await expect(page.locator('.user-name').textContent()).resolves.toContain(OFFICE.name);

    let production: TestApp | undefined;
    const prod = { context: undefined as undefined | { close(): Promise<void> } };
    try {
      production = await startTestApp({ demo: false }); // AUTH_SECRET set: demo sign-in off
      await production.app.listen(0, '127.0.0.1');
      const { port } = production.app.getHttpServer().address() as AddressInfo;
      const prodUrl = `http://127.0.0.1:${port}`;
      const demoUsers = await fetch(`${prodUrl}/auth/demo-users`);
      expect(demoUsers.status).toBe(404);
      const opened = await newPage(browser, prodUrl);
      prod.context = opened.context;
      await rendered(opened.page, () => opened.page.goto('/'));
      await expect(opened.page.locator('h1').textContent()).resolves.toBe('Đăng nhập');
      await expect(opened.page.locator('#cli-hint, button.demo-user').count()).resolves.toBe(0);
      await expect(opened.page.locator('main').textContent()).resolves.not.toMatch(
        /npm|cli|--role/,
      );
      // A token of that server, pasted the way it is often copied.
      await opened.page
        .getByLabel('Mã truy cập (token)')
        .fill(`  bearer   ${production.token('office')}  `);
      await rendered(opened.page, () =>
        opened.page.getByRole('button', { name: 'Đăng nhập' }).click(),
      );
      await expect(opened.page.locator('h1').textContent()).resolves.toBe('Tình hình thực hiện');
      expect(opened.problems).toEqual([]);
    } finally {
      await prod.context?.close();
      await production?.close();
    }
  });

  it('tells an expired session from a refused token, warns before the end, keeps what was typed and returns to the same page', async () => {
    const tokens = app.t.app.get(TokenService);
    const itemId = demoItem('cd-tong-hop-kien-nghi');

    // Four minutes left: a warning says when it ends.
    const soon = tokens.sign(OFFICE, { expiresIn: 240 });
    await rendered(page, () => page.goto('/'));
    await page.getByLabel('Mã truy cập (token)').fill(soon);
    await rendered(page, () => page.getByRole('button', { name: 'Đăng nhập' }).click());
    const warning = page.locator('#session-warning');
    await warning.waitFor();
    await expect(warning.textContent()).resolves.toMatch(
      new RegExp(
        `^Phiên làm việc sẽ hết hạn lúc ${dmyHm(new Date(claimsOf(soon).exp * 1000).toISOString())} \\(còn khoảng [1-4] phút\\)\\.`,
      ),
    );

    // A session that ends while a form is being filled in.
    const short = tokens.sign(OFFICE, { expiresIn: 6 });
    const expiresAt = claimsOf(short).exp * 1000;
    await keepToken(page, short);
    await rendered(page, () => page.goto(`/#/items/${itemId}`));
    const urge = page.locator('details.action[data-action="urge"]');
    await urge.locator('summary').click();
    const note =
      'Đề nghị Sở Khoa học và Công nghệ báo cáo kết quả đào tạo chuyển đổi số trước ngày 15.';
    await urge.getByLabel('Nội dung đôn đốc').fill(note);
    // Wait for the token's end, as a user who went for a coffee.
    while (Date.now() <= expiresAt + 300) await new Promise((r) => setTimeout(r, 250));
    const expired = await raw(short, '/api/units');
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('AUTH.TOKEN_EXPIRED');
    await rendered(page, () => urge.getByRole('button', { name: 'Gửi' }).click());
    await expect(page.locator('h1').textContent()).resolves.toBe('Đăng nhập');
    await expect(page.locator('#flash').textContent()).resolves.toBe(
      'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.',
    );
    expect(page.url()).toContain(`#/items/${itemId}`);
    await screenshot(page, 'daily-tool-08-session-expired');
    // Signing in again returns to the item, with the text kept; nothing was recorded meanwhile.
    await page.getByLabel('Mã truy cập (token)').fill(app.token(OFFICE));
    await rendered(page, () => page.getByRole('button', { name: 'Đăng nhập' }).click());
    expect(page.url()).toContain(`#/items/${itemId}`);
    await expect(urge.getAttribute('open')).resolves.toBe('');
    await expect(urge.getByLabel('Nội dung đôn đốc').inputValue()).resolves.toBe(note);
    await expect(urge.locator('.draft-note').textContent()).resolves.toBe(
      'Đã khôi phục nội dung bạn nhập trước khi phiên làm việc hết hạn.',
    );
    const history = await app.api<HistoryEntry[]>(OFFICE, `/api/items/${itemId}/history`);
    expect(history.filter((e) => e.type === 'ItemUrged')).toHaveLength(0);

    // A token the server does not take at all (another secret): told apart from an expired one.
    const foreign = new TokenService('another-secret-another-secret-0123456789').sign(OFFICE);
    const refused = await raw(foreign, '/api/units');
    expect(refused.status).toBe(401);
    expect(refused.body.code).not.toBe('AUTH.TOKEN_EXPIRED');
    await keepToken(page, foreign);
    await rendered(page, () => page.goto('/#/items'));
    await page.locator('#flash:not(:empty)').waitFor();
    await expect(page.locator('#flash').textContent()).resolves.toBe(
      'Máy chủ không chấp nhận mã truy cập này (mã không hợp lệ hoặc đã bị thu hồi). Vui lòng đăng nhập bằng mã mới.',
    );
    await expect(page.locator('h1').textContent()).resolves.toBe('Đăng nhập');
    // And on the sign-in form itself.
    await page.getByLabel('Mã truy cập (token)').fill(foreign);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.locator('.sign-in-form .problem-title').textContent()).resolves.toBe(
      'Mã truy cập không hợp lệ hoặc đã hết hạn.',
    );
  });

  it('shows the work queues with their counts, each opening its list, and flags items returned for rework', async () => {
    // Something in each queue: a completion to review, an extension to decide, and a
    // completion returned to its unit for rework.
    await app.api(NOI_VU, `/api/items/${demoItem('kn-bien-che')}/complete`, {
      method: 'POST',
      body: { summary: 'Đã trình điều chỉnh biên chế.' },
    });
    await app.api(OFFICE, `/api/items/${demoItem('kn-bien-che')}/review`, {
      method: 'POST',
      body: { verdict: 'return', comment: 'Bổ sung số liệu từng xã.' },
    });
    await app.api(NOI_VU, `/api/items/${demoItem('cd-tong-hop-kien-nghi')}/complete`, {
      method: 'POST',
      body: { summary: 'Đã tổng hợp kiến nghị.' },
    });

    await demoSignIn(page, 'office');
    const { queues } = await app.api<{ queues: { name: string; count: number }[] }>(
      OFFICE,
      '/api/items/queues',
    );
    expect(queues.map((q) => q.name)).toEqual(
      expect.arrayContaining(['extension-requests', 'to-review', 'unassigned']),
    );
    for (const q of queues) {
      const shown = page.locator(`#queues li[data-queue="${q.name}"]`);
      await expect(shown.getAttribute('data-count')).resolves.toBe(String(q.count));
      await expect(shown.locator('.queue-count').textContent()).resolves.toBe(String(q.count));
      await expect(shown.locator('a').getAttribute('href')).resolves.toBe(
        `#/items?queue=${q.name}`,
      );
    }
    await screenshot(page, 'daily-tool-04-office-queues');
    await rendered(page, () => page.locator('#queues li[data-queue="to-review"] a').click());
    const toReview = await app.api<ItemPage>(OFFICE, '/api/items?queue=to-review&pageSize=100');
    expect(toReview.items.map((i) => i.id)).toContain(demoItem('cd-tong-hop-kien-nghi'));
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Hàng việc: Báo cáo hoàn thành chờ đánh giá',
    );
    await expect(page.locator('#list-count').textContent()).resolves.toBe(`${toReview.total} việc`);
    await expect(attributes(page.locator('#item-list tbody tr'), 'data-id')).resolves.toEqual(
      expect.arrayContaining(toReview.items.map((i) => i.id)),
    );

    // A unit: what it leads, supports, is named in, and what came back for rework, flagged.
    await signInAs(page, 'so-noi-vu');
    const unitQueues = await app.api<{ queues: { name: string; count: number }[] }>(
      NOI_VU,
      '/api/items/queues',
    );
    expect(unitQueues.queues.map((q) => q.name)).toEqual(
      expect.arrayContaining(['leading', 'supporting', 'named', 'returned']),
    );
    for (const q of unitQueues.queues) {
      await expect(
        page.locator(`#queues li[data-queue="${q.name}"]`).getAttribute('data-count'),
      ).resolves.toBe(String(q.count));
    }
    await rendered(page, () => page.locator('#queues li[data-queue="returned"] a').click());
    const returned = await app.api<ItemPage>(NOI_VU, '/api/items?queue=returned&pageSize=100');
    expect(returned.items.map((i) => i.id)).toContain(demoItem('kn-bien-che'));
    await expect(page.locator('#list-count').textContent()).resolves.toBe(`${returned.total} việc`);
    for (const item of returned.items) {
      const row = page.locator(`#item-list tr[data-id="${item.id}"]`);
      await expect(row.getAttribute('data-rework')).resolves.toBe(String(!!item.reworkRequested));
      await expect(row.locator('.tag.rework').count()).resolves.toBe(item.reworkRequested ? 1 : 0);
    }
    await screenshot(page, 'daily-tool-05-unit-queue-returned');
  });

  it('opens, from a past overview, the items as they stood then, saying which day and basis', async () => {
    const asOf = '2026-03-31';
    await demoSignIn(page, 'office');
    await rendered(page, () => page.goto(`/#/?asOf=${asOf}`));
    const report = await app.api<{
      totals: Record<string, number>;
      rows: { unitId: string | null; total: number }[];
    }>(OFFICE, `/api/reports/overdue?groupBy=lead-unit&asOf=${asOf}&basis=effective`);
    const card = page.locator('li.stat[data-column="openOverdue"] a');
    await expect(card.getAttribute('href')).resolves.toBe(
      `#/items?timeliness=overdue&asOf=${asOf}&basis=effective`,
    );
    await rendered(page, () => card.click());
    const overdue = await app.api<ItemPage>(
      OFFICE,
      `/api/items?timeliness=overdue&asOf=${asOf}&basis=effective&pageSize=100`,
    );
    expect(overdue).toMatchObject({
      asOf: expect.stringContaining(asOf.slice(0, 4)),
      basis: 'effective',
    });
    expect(overdue.total).toBe(report.totals.openOverdue);
    await expect(page.locator('#as-of-note').textContent()).resolves.toContain(
      'Tình trạng các việc đến hết ngày 31/03/2026 · Theo thời điểm thực tế.',
    );
    await expect(page.locator('#list-count').textContent()).resolves.toBe(`${overdue.total} việc`);
    await expect(attributes(page.locator('#item-list tbody tr'), 'data-id')).resolves.toEqual(
      expect.arrayContaining(overdue.items.map((i) => i.id)),
    );
    await screenshot(page, 'daily-tool-06-past-date-list');

    // A unit's row, on the recorded basis: the link carries both, the list says both.
    await rendered(page, () => page.goto(`/#/?asOf=${asOf}&basis=recorded`));
    const recorded = await app.api<{ rows: { unitId: string | null; total: number }[] }>(
      OFFICE,
      `/api/reports/overdue?groupBy=lead-unit&asOf=${asOf}&basis=recorded`,
    );
    const row = recorded.rows.find((r) => r.unitId);
    if (row) {
      const link = page.locator(`#overdue-grid a.unit-link[data-unit="${row.unitId}"]`);
      await expect(link.getAttribute('href')).resolves.toBe(
        `#/items?leadUnit=${row.unitId}&asOf=${asOf}&basis=recorded`,
      );
      await rendered(page, () => link.click());
      const list = await app.api<ItemPage>(
        OFFICE,
        `/api/items?leadUnit=${row.unitId}&asOf=${asOf}&basis=recorded&pageSize=100`,
      );
      expect(list.total).toBe(row.total);
      await expect(page.locator('#list-count').textContent()).resolves.toBe(`${list.total} việc`);
    }
    // The row of items not yet assigned then opens them too.
    await app.api(OFFICE, '/api/items', {
      method: 'POST',
      body: { kind: 'directive', title: 'Chưa giao cuối quý', occurredAt: '2026-03-02T02:00:00Z' },
    });
    await rendered(page, () => page.goto(`/#/?asOf=${asOf}`));
    const effective = await app.api<{ rows: { unitId: string | null; total: number }[] }>(
      OFFICE,
      `/api/reports/overdue?groupBy=lead-unit&asOf=${asOf}&basis=effective`,
    );
    const none = effective.rows.find((r) => r.unitId === null)!;
    const noneLink = page.locator('#overdue-grid a.unit-link[data-unit=""]');
    await expect(noneLink.getAttribute('href')).resolves.toBe(
      `#/items?unassigned=true&asOf=${asOf}&basis=effective`,
    );
    await rendered(page, () => noneLink.click());
    await expect(page.locator('#list-count').textContent()).resolves.toBe(`${none.total} việc`);

    // The basis stays on screen through a filter change.
    await rendered(page, () => page.goto(`/#/items?asOf=${asOf}&basis=recorded`));
    await expect(page.locator('#as-of-note').textContent()).resolves.toContain(
      'Theo dữ liệu đã ghi nhận khi đó',
    );
    await rendered(page, () => page.locator('#filter-kind').selectOption('directive'));
    expect(page.url()).toContain(`kind=directive&asOf=${asOf}&basis=recorded`);
  });

  it('on a phone, keeps the header and filters within a third of the screen and shows the first items', async () => {
    const phone = await newPage(browser, app.baseUrl, { width: 390, height: 844 });
    try {
      await demoSignIn(phone.page, 'office');
      for (const [user, hash] of [
        ['office', '/#/items'],
        ['so-noi-vu', '/#/'],
      ] as const) {
        // The unit's home is where signing in leads.
        if (user === 'office') await rendered(phone.page, () => phone.page.goto(hash));
        else await signInAs(phone.page, user);
        expect(new URL(phone.page.url()).hash).toBe(hash.slice(1));
        const filtersBottom = await phone.page
          .locator('#filters')
          .evaluate((el) => el.getBoundingClientRect().bottom);
        // The first screen, as the user sees it.
        await phone.page.screenshot({
          path: join(SCREENSHOTS, `daily-tool-07-phone-${user}.png`),
        });
        expect({ user, filtersBottom: filtersBottom <= 844 / 3 }).toEqual({
          user,
          filtersBottom: true,
        });
        const firstRow = await phone.page
          .locator('#item-list tbody tr')
          .first()
          .evaluate((el) => el.getBoundingClientRect().bottom);
        expect({ user, firstRowShown: firstRow <= 844 }).toEqual({ user, firstRowShown: true });
        expect(await sidewaysOverflow(phone.page)).toBeLessThanOrEqual(0);
      }
      await rendered(phone.page, () => phone.page.goto('/#/raise'));
      expect(await sidewaysOverflow(phone.page)).toBeLessThanOrEqual(0);
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
