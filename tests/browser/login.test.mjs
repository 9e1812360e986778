// Login, logout, keyboard use, language switch and a phone viewport, in a real browser.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { startEnvironment, login } from './support.mjs';

const STAFF = {
  login: 'staff-browser',
  password: 'correct horse battery',
  role: 'center_staff',
  prefecture: 35,
  name: 'テスト 太郎',
};

const SHOTS = process.env.TSUNAGU_SHOTS_DIR || '/tmp/shots';

describe('login in the browser', () => {
  let env;
  const contexts = [];

  before(async () => {
    env = await startEnvironment({ staff: STAFF });
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    if (env) await env.close();
  });

  async function newPage(options = {}) {
    const context = await env.browser.newContext({ baseURL: env.baseURL, locale: 'ja-JP', ...options });
    contexts.push(context);
    return context.newPage();
  }

  it('logs in through the form, shows the dashboard, and logs out for real', async () => {
    const page = await newPage();
    await login(page, env.baseURL, STAFF);

    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal((await page.locator('main h1').textContent()).trim(), 'ホーム');
    const header = page.locator('header.site-header');
    assert.match(await header.textContent(), /テスト 太郎/, 'display name in the header');

    const logout = header.getByRole('button', { name: 'ログアウト' });
    await Promise.all([page.waitForURL((url) => url.pathname === '/login'), logout.click()]);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.locator('header .who').count(), 0, 'no user shown after logout');

    // The session is really gone: the dashboard sends us back to the login page.
    const response = await page.goto('/');
    assert.equal(new URL(page.url()).pathname, '/login', 'GET / after logout ends on /login');
    assert.ok(response.request().redirectedFrom(), 'GET / was redirected');
    assert.equal(response.status(), 200);
    assert.equal(await page.locator('#login').count(), 1, 'the login form is shown');
  });

  it('shows the Japanese error for a wrong password and answers 401', async () => {
    const page = await newPage();
    await page.goto('/login');
    await page.fill('#login', STAFF.login);
    await page.fill('#password', 'definitely-not-the-password');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
      page.click('form[action="/login"] button[type="submit"]'),
    ]);
    assert.equal(response.status(), 401);
    await page.waitForLoadState('domcontentloaded');
    assert.equal(new URL(page.url()).pathname, '/login');
    const alert = page.getByRole('alert');
    assert.match(await alert.textContent(), /ログインIDまたはパスワードが違います/);
    assert.equal(await page.inputValue('#login'), STAFF.login, 'the login ID is kept');
    assert.equal(await page.inputValue('#password'), '', 'the password is not echoed back');
    assert.equal(await page.getAttribute('#login', 'aria-describedby'), 'login-error');
    assert.equal(await page.locator('header .who').count(), 0, 'not logged in');
  });

  it('works with the keyboard alone: skip link first, then the login field, Enter submits', async () => {
    const page = await newPage();
    await page.goto('/login');

    // Nothing focused yet; the first Tab lands on the skip link, which becomes visible.
    const skip = page.locator('a.skip-link');
    assert.equal(await skip.isVisible(), true);
    const hidden = await skip.boundingBox();
    assert.ok(hidden.x + hidden.width <= 0, `skip link is off-screen before focus (x=${hidden.x})`);

    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
    const shown = await skip.boundingBox();
    const viewport = page.viewportSize();
    assert.ok(shown.x >= 0 && shown.y >= 0 && shown.x + shown.width <= viewport.width,
      `skip link is on-screen when focused (${JSON.stringify(shown)})`);
    const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
    assert.notEqual(outline, 'none', 'focused skip link has a visible outline');

    // Following the skip link moves focus to the main content; the next Tab is the login field.
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login');

    await page.keyboard.type(STAFF.login);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'password');
    await page.keyboard.type(STAFF.password);
    await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.keyboard.press('Enter')]);
    assert.equal((await page.locator('main h1').textContent()).trim(), 'ホーム');

    // Without the skip link, plain Tabs also reach the login field (after the header links).
    const fresh = await newPage();
    await fresh.goto('/login');
    const order = [];
    for (let i = 0; i < 6; i++) {
      await fresh.keyboard.press('Tab');
      const id = await fresh.evaluate(() => {
        const el = document.activeElement;
        return el.id || el.className || el.tagName;
      });
      order.push(id);
      if (id === 'login') break;
    }
    assert.equal(order[0], 'skip-link', `tab order: ${order.join(' → ')}`);
    assert.equal(order.at(-1), 'login', `tab order: ${order.join(' → ')}`);
  });

  it('switches to English', async () => {
    const page = await newPage();
    await page.goto('/login');
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/login'),
      page.locator('a.lang-switch').click(),
    ]);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal((await page.locator('main h1').textContent()).trim(), 'Log in');
    assert.equal((await page.locator('form[action="/login"] button[type="submit"]').textContent()).trim(), 'Log in');
    assert.equal((await page.locator('label[for="login"]').textContent()).trim(), 'Login ID');

    // And the direct URL form from the docs.
    await page.goto('/lang?to=en&next=/login');
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.title(), /Log in/);
  });

  it('fits a phone screen without horizontal scrolling', async () => {
    await mkdir(SHOTS, { recursive: true });
    const page = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await page.goto('/login');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `login page scrollWidth ${width} > 390`);
    await page.screenshot({ path: `${SHOTS}/login-phone.png`, fullPage: true });

    // The dashboard, with the user and the logout button in the header, must fit too.
    await login(page, env.baseURL, STAFF);
    const dashWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(dashWidth <= 390, `dashboard scrollWidth ${dashWidth} > 390`);
    // Header items must not overlap one another.
    const boxes = await page.locator('header.site-header .brand, header.site-header .lang-switch, header.site-header .who, header.site-header button')
      .evaluateAll((els) => els.map((e) => {
        const r = e.getBoundingClientRect();
        return { name: e.className || e.tagName, x: r.x, y: r.y, right: r.right, bottom: r.bottom };
      }));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const overlap = a.x < b.right - 0.5 && b.x < a.right - 0.5 && a.y < b.bottom - 0.5 && b.y < a.bottom - 0.5;
        assert.ok(!overlap, `header items overlap: ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
      }
    }
    await page.screenshot({ path: `${SHOTS}/dashboard-phone.png`, fullPage: true });
  });
});
