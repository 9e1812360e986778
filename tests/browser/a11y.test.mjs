// axe-core scans (WCAG 2.0/2.1 A and AA) of the main pages: there must be no violations at all.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEnvironment, login, scan } from './support.mjs';

const STAFF = {
  login: 'staff-a11y',
  password: 'staff password 123',
  role: 'center_staff',
  prefecture: 35,
  name: 'テスト 花子',
};
const ADMIN = {
  login: 'admin-a11y',
  password: 'admin password 123',
  role: 'system_admin',
  name: '管理 一郎',
};

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  let env;
  const contexts = [];

  before(async () => {
    env = await startEnvironment({ staff: STAFF, admin: ADMIN });
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    if (env) await env.close();
  });

  // The server's Content-Security-Policy (script-src 'self') would block the injected axe script.
  async function newPage(options = {}) {
    const context = await env.browser.newContext({ baseURL: env.baseURL, locale: 'ja-JP', bypassCSP: true, ...options });
    contexts.push(context);
    return context.newPage();
  }

  async function assertNoViolations(page, label) {
    const { violations, report } = await scan(page, label);
    assert.equal(violations.length, 0, report);
  }

  async function loggedIn(user, options = {}) {
    const page = await newPage(options);
    await login(page, env.baseURL, user);
    assert.equal(new URL(page.url()).pathname, '/', `${user.login} reached the dashboard`);
    return page;
  }

  it('the scanner itself reports a planted violation (so a clean scan means something)', async () => {
    const page = await newPage();
    await page.goto('/login');
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = '/static/missing.png';
      img.width = 10;
      img.height = 10;
      document.querySelector('main').append(img);
      const input = document.createElement('input');
      input.id = 'planted-unlabelled';
      document.querySelector('main').append(input);
    });
    const { violations, report } = await scan(page, 'planted');
    const ids = violations.map((v) => v.id);
    assert.ok(ids.includes('image-alt'), report);
    assert.ok(ids.includes('label'), report);
    assert.match(report, /image-alt/);
    assert.match(report, /#planted-unlabelled/);
  });

  it('the login page', async () => {
    const page = await newPage();
    const response = await page.goto('/login');
    assert.equal(response.status(), 200);
    await assertNoViolations(page, 'GET /login');
  });

  it('the login page with an error shown', async () => {
    const page = await newPage();
    await page.goto('/login');
    await page.fill('#login', STAFF.login);
    await page.fill('#password', 'wrong password 999');
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/login"] button[type="submit"]')]);
    await page.getByRole('alert').waitFor();
    await assertNoViolations(page, 'POST /login (wrong password)');
  });

  it('the login page in English', async () => {
    const page = await newPage();
    await page.goto('/lang?to=en&next=/login');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await assertNoViolations(page, 'GET /login (en)');
  });

  describe('as center_staff', () => {
    let page;
    before(async () => { page = await loggedIn(STAFF); });

    it('the dashboard', async () => {
      assert.equal((await page.locator('main h1').textContent()).trim(), 'ホーム');
      await assertNoViolations(page, 'GET /');
    });

    it('/care-items', async () => {
      const response = await page.goto('/care-items');
      assert.equal(response.status(), 200);
      assert.ok(await page.locator('main table tbody tr').count() > 0, 'care items are listed');
      await assertNoViolations(page, 'GET /care-items');
    });

    it('/prefectures/35', async () => {
      const response = await page.goto('/prefectures/35');
      assert.equal(response.status(), 200);
      assert.ok(await page.locator('main a[href^="/municipalities/"]').count() > 0, 'municipalities are listed');
      await assertNoViolations(page, 'GET /prefectures/35');
    });

    it('/account', async () => {
      const response = await page.goto('/account');
      assert.equal(response.status(), 200);
      await assertNoViolations(page, 'GET /account');
    });
  });

  describe('as system_admin', () => {
    it('/admin/audit with rows', async () => {
      const page = await loggedIn(ADMIN);
      // Some activity: the logins above, a failed login, page views.
      await page.goto('/care-items');
      const response = await page.goto('/admin/audit');
      assert.equal(response.status(), 200);
      const rows = await page.locator('main table tbody tr').count();
      assert.ok(rows >= 3, `the audit table has rows (${rows})`);
      await assertNoViolations(page, 'GET /admin/audit');
    });

    it('/account', async () => {
      const page = await loggedIn(ADMIN);
      await page.goto('/account');
      await assertNoViolations(page, 'GET /account (system_admin)');
    });
  });

  // WCAG 1.4.10 (reflow): usable at 320 CSS px wide without page-level horizontal scrolling;
  // wide tables may scroll inside their own keyboard-reachable region.
  for (const width of [390, 320]) {
    describe(`on a ${width} px wide phone, as system_admin`, () => {
      let page;
      before(async () => { page = await loggedIn(ADMIN, { viewport: { width, height: 844 }, isMobile: true, hasTouch: true }); });

      for (const path of ['/', '/care-items', '/prefectures/35', '/admin/audit', '/admin/users', '/admin/users/new', '/account']) {
        it(path, async () => {
          const response = await page.goto(path);
          assert.equal(response.status(), 200);
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(scrollWidth <= width, `${path}: page scrollWidth ${scrollWidth} > ${width}`);
          await assertNoViolations(page, `GET ${path} at ${width} px`);
        });
      }
    });
  }
});
