// @ts-check
import { SESSION_EXPIRED } from './api.js';
import { showCalendarWarnings } from './calendar-warnings.js';
import { startExpiryWatch } from './expiry-warning.js';
import { h, replace } from './dom.js';
import { lang, setLang, t } from './i18n/t.js';
import { hasInbox, refreshBell, startBellClock } from './notifications.js';
import { forgetReferenceData, loadUnits, unitName } from './reference.js';
import { endProviderSession, finishProviderSignIn, startRenewal } from './oidc.js';
import { principal } from './session.js';
import { INBOX_PATH, parseHash, TODO_PATH } from './url-state.js';
import { adminLinks, isAdminRoute, renderAdminRoute } from './views/admin.js';
import { AUDIT_PATH, renderAudit } from './views/audit.js';
import { renderInbox } from './views/inbox.js';
import { renderItem } from './views/item.js';
import { renderItemList } from './views/item-list.js';
import { renderOverview } from './views/overview.js';
import { PERIOD_PATH, renderPeriodReport } from './views/period-report.js';
import { RATINGS_PATH, renderRatings } from './views/ratings.js';
import { canRaise, RAISE_PATH, renderRaise } from './views/raise.js';
import { renderSignIn } from './views/sign-in.js';
import { renderTodo } from './views/todo.js';

/**
 * Hash routes, so deep links work with static files alone:
 *   #/                 overview (leadership, office, auditor) or the unit's own items
 *   #/items?…          a list (leadUnit, commune, status, timeliness, kind, q, asOf, page)
 *   #/items/<id>       one item: details, actions, timeline
 *   #/todo             what waits for the user (units, office, leadership)
 *   #/reports/period?… the period report (from, to, groupBy, basis, kind; leadership, office, auditor)
 *   #/reports/ratings?… unit ratings with each item's effect (from, to, basis)
 *   #/raise            raise a directive (office, leadership) or a recommendation (a unit)
 *   #/notifications    the user's notifications (?unread=true&page), reached by the bell
 *   #/audit            the log, verify and checkpoints (auditors)
 *   #/admin/…, #/sources  administration and sources (views/admin.js)
 *   #/sign-in          sign in
 * The overview's, the lists' and the inbox's parameters are read and written in url-state.js.
 */

/**
 * @typedef {import('./session.js').Principal} Principal
 * @typedef {{
 *   main: HTMLElement,
 *   principal: Principal,
 *   path: string,
 *   params: URLSearchParams,
 *   isCurrent: () => boolean,
 *   navigate: (hash: string, focusId?: string) => void,
 *   flash: (message: string, kind?: 'info' | 'error') => void,
 *   refresh: (message?: string) => void,
 * }} ViewContext
 */

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const flashBox = /** @type {HTMLElement} */ (document.getElementById('flash'));
let renderCount = 0;
/** A message to show after the next navigation (e.g. "signed out because the token expired"). */
let pendingFlash = /** @type {{ message: string, kind: 'info' | 'error' } | null} */ (null);

/** @param {string} message @param {'info' | 'error'} [kind] */
function flash(message, kind = 'info') {
  flashBox.className = `flash flash-${kind}`;
  replace(flashBox, message);
}

/** The control to give focus back to after the next render (a filter the user just changed). */
let focusAfterRender = /** @type {string | null} */ (null);

/**
 * @param {string} hash
 * @param {string} [focusId] keep the focus on this control rather than moving it to the heading
 */
function navigate(hash, focusId) {
  focusAfterRender = focusId ?? null;
  if (location.hash === hash) void route();
  else location.hash = hash;
}

async function route({ focus = true } = {}) {
  const count = ++renderCount;
  const isCurrent = () => count === renderCount;
  // aria-busy while a page loads; `data-rendered` changes once it is drawn (tests wait on it).
  main.setAttribute('aria-busy', 'true');
  try {
    // The calendar banner and the bell are checked beside the view, not before it (the bell at
    // most once a minute: see notifications.js).
    const user = parseHash().path === '/sign-in' ? null : principal();
    await Promise.all([
      draw(isCurrent, focus),
      showCalendarWarnings(user, isCurrent),
      refreshBell(user),
    ]);
  } finally {
    if (isCurrent()) {
      main.removeAttribute('aria-busy');
      main.dataset.rendered = `${performance.timeOrigin}-${count}`;
    }
  }
}

/** @param {() => boolean} isCurrent @param {boolean} focus */
async function draw(isCurrent, focus) {
  replace(flashBox);
  flashBox.className = 'flash';
  if (pendingFlash) {
    flash(pendingFlash.message, pendingFlash.kind);
    pendingFlash = null;
  }
  const { path, params } = parseHash();
  const user = principal();
  await renderHeader(user);
  if (!isCurrent()) return;
  if (!user || path === '/sign-in') {
    document.title = `${t('signIn.title')} · ${t('app.title')}`;
    await renderSignIn(main, {
      onSignedIn: () => {
        forgetReferenceData();
        // A deep link opened while signed out leads to its page once signed in.
        if (path === '/sign-in') navigate('#/');
        else void route();
      },
    });
    if (focus) focusHeading();
    return;
  }
  /** @type {ViewContext} */
  const ctx = {
    main,
    principal: user,
    path,
    params,
    isCurrent,
    navigate,
    flash,
    refresh: (message) => {
      if (message) pendingFlash = { message, kind: 'info' };
      void route();
    },
  };
  document.title = t('app.title');
  replace(main, h('p', { class: 'loading' }, t('app.loading')));
  const itemMatch = /^\/items\/([^/]+)$/.exec(path);
  if (itemMatch) {
    await renderItem(ctx, itemMatch[1]);
  } else if (path === RAISE_PATH && canRaise(user)) {
    await renderRaise(ctx);
  } else if (path === TODO_PATH && hasInbox(user)) {
    await renderTodo(ctx);
  } else if (path === INBOX_PATH && hasInbox(user)) {
    await renderInbox(ctx);
  } else if (path === AUDIT_PATH && user.role === 'auditor') {
    await renderAudit(ctx);
  } else if (path === PERIOD_PATH && readsReports(user)) {
    await renderPeriodReport(ctx);
  } else if (path === RATINGS_PATH && readsReports(user)) {
    await renderRatings(ctx);
  } else if (isAdminRoute(path, user)) {
    await renderAdminRoute(ctx);
  } else if (path === '/items' || user.role === 'unit') {
    await renderItemList(ctx);
  } else if (user.role === 'admin') {
    replace(main, h('h1', null, t('app.title')), h('p', null, t('admin.noItems')));
  } else {
    await renderOverview(ctx);
  }
  if (isCurrent() && focus) focusHeading();
}

/** The period report and ratings compare units: the leadership, its office and auditors. */
function readsReports(/** @type {Principal} */ user) {
  return user.role === 'leader' || user.role === 'office' || user.role === 'auditor';
}

function focusHeading() {
  const keep = focusAfterRender ? document.getElementById(focusAfterRender) : null;
  focusAfterRender = null;
  if (keep) {
    keep.focus();
    return;
  }
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}

/** @param {Principal | null} user */
async function renderHeader(user) {
  document.documentElement.lang = lang();
  const brand = /** @type {HTMLElement} */ (document.getElementById('brand-link'));
  brand.textContent = t('app.title');
  const skip = /** @type {HTMLElement} */ (document.getElementById('skip-link'));
  skip.textContent = t('app.skip');
  const nav = /** @type {HTMLElement} */ (document.getElementById('app-nav'));
  nav.setAttribute('aria-label', t('app.nav'));
  const userBox = /** @type {HTMLElement} */ (document.getElementById('app-user'));
  const switcher = /** @type {HTMLButtonElement} */ (document.getElementById('lang-switch'));
  switcher.textContent = t('lang.switch');
  switcher.setAttribute('lang', lang() === 'vi' ? 'en' : 'vi');
  switcher.setAttribute('aria-label', t('lang.switchLabel'));
  if (!user) {
    replace(nav);
    replace(userBox);
    return;
  }
  const { path } = parseHash();
  /** @param {string} href @param {string} label @param {boolean} active */
  const link = (href, label, active) =>
    h('a', { href, 'aria-current': active ? 'page' : false }, label);
  const links = [];
  if (user.role === 'unit') {
    links.push(link('#/', t('nav.myItems'), path === '/'));
  } else if (user.role !== 'admin') {
    links.push(link('#/', t('nav.overview'), path === '/'));
    links.push(link('#/items', t('nav.items'), path === '/items'));
    if (readsReports(user)) {
      links.push(link(`#${PERIOD_PATH}`, t('nav.period'), path === PERIOD_PATH));
      links.push(link(`#${RATINGS_PATH}`, t('nav.ratings'), path === RATINGS_PATH));
    }
  }
  if (user.role === 'auditor') {
    links.push(link(`#${AUDIT_PATH}`, t('nav.audit'), path === AUDIT_PATH));
  }
  links.push(...adminLinks(user, path, link));
  if (hasInbox(user)) links.push(link(`#${TODO_PATH}`, t('nav.todo'), path === TODO_PATH));
  if (canRaise(user)) {
    const label = t(user.role === 'unit' ? 'nav.raiseUnit' : 'nav.raise');
    links.push(link(`#${RAISE_PATH}`, label, path === RAISE_PATH));
  }
  replace(nav, ...links);
  let unitLabel = '';
  if (user.unit) {
    try {
      unitLabel = unitName(await loadUnits(), user.unit);
    } catch {
      unitLabel = user.unit;
    }
  }
  const roleLabel = user.role === 'unit' ? unitLabel : t(`role.${user.role}`);
  replace(
    userBox,
    h(
      'span',
      { class: 'user-name', title: t('user.signedInAs', { name: user.name }) },
      user.name,
      roleLabel && roleLabel !== user.name
        ? h('span', { class: 'user-role' }, ` · ${roleLabel}`)
        : null,
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'link-button',
        id: 'sign-out',
        on: {
          click: () => {
            // Signs out here, and at the provider for a session of the provider (the page leaves).
            const leaving = endProviderSession();
            forgetReferenceData();
            if (!leaving) navigate('#/sign-in');
          },
        },
      },
      t('user.signOut'),
    ),
  );
}

document.getElementById('lang-switch')?.addEventListener('click', () => {
  setLang(lang() === 'vi' ? 'en' : 'vi');
  void route({ focus: false });
});

// The skip link must not change the hash: the hash is the route.
document.getElementById('skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

window.addEventListener(SESSION_EXPIRED, (event) => {
  forgetReferenceData();
  const detail = /** @type {CustomEvent<{ message?: string }>} */ (event).detail;
  pendingFlash = { message: detail?.message ?? t('signIn.expired'), kind: 'error' };
  // Sign in again on the same page (its hash kept): the page and its drafts come back after.
  void route();
});

window.addEventListener('hashchange', () => void route());
setLang(lang());
startBellClock(principal);
startExpiryWatch();
startRenewal();
// A sign-in the provider sent back (?code&state) is finished before the first page is drawn.
void finishProviderSignIn().then((message) => {
  if (message) pendingFlash = { message, kind: 'error' };
  return route({ focus: false });
});
