// User administration in the browser: a prefecture administrator creates a user through the form (errors next to
// the fields, reachable from the summary by keyboard), the new user signs in with the temporary password and chooses
// their own at /account; axe-core scans of every new page, with and without errors shown.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEnvironment, login, openPage, expectNoViolations } from './support.mjs';

const ADMIN = {
  login: 'pref-admin',
  password: 'admin password 123',
  role: 'prefecture_admin',
  prefecture: 35,
  name: '県 管理子',
};
const ROOT = {
  login: 'root-admin',
  password: 'root password 123',
  role: 'system_admin',
  name: 'システム 管理者',
};
const NEW_USER = { login: 'kodama', name: '児玉 花子', temporary: 'temporary pass 42', own: 'kodama chooses this one' };

describe('user administration in the browser', () => {
  let env;
  const contexts = [];

  before(async () => {
    env = await startEnvironment({ admin: ADMIN, root: ROOT });
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    if (env) await env.close();
  });

  async function signedIn(user) {
    const page = await openPage(env, contexts);
    await login(page, env.baseURL, user);
    return page;
  }

  async function submit(page, selector) {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  }

  it('the navigation leads administrators to the user list', async () => {
    const page = await signedIn(ADMIN);
    await Promise.all([page.waitForNavigation(), page.getByRole('navigation').getByRole('link', { name: 'ユーザー管理' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/admin/users');
    assert.equal((await page.locator('main h1').textContent()).trim(), 'ユーザー管理');
    const rows = await page.locator('[aria-labelledby="users-caption"] tbody tr').allTextContents();
    assert.ok(rows.some((r) => r.includes(ADMIN.login)), 'the administrator is listed');
    assert.ok(!rows.some((r) => r.includes(ROOT.login)), 'a system administrator is not shown to a prefecture');
    await expectNoViolations(page, 'GET /admin/users (prefecture_admin)');
  });

  it('shows each error next to its field, and the summary links reach the fields by keyboard', async () => {
    const page = await signedIn(ADMIN);
    await page.goto('/admin/users/new');
    await expectNoViolations(page, 'GET /admin/users/new');
    await page.fill('#u-login', 'Not Valid');
    await page.selectOption('#u-role', 'municipal_staff');
    await page.fill('#u-municipality-code', '352013');
    await page.fill('#u-password', 'short');
    await page.fill('#u-password-again', 'short');
    await submit(page, 'main form button[type="submit"]');
    assert.equal(await page.locator('#u-login-error').textContent(), 'ログインIDは英小文字・数字・「.」「_」「-」の3〜64文字で入力してください。');
    assert.match(await page.locator('#u-municipality-code-error').textContent(), /検査数字/);
    assert.match(await page.locator('#u-display-name-error').textContent(), /表示名を入力してください/);
    assert.match(await page.locator('#u-password-error').textContent(), /10文字以上/);
    assert.match(await page.locator('#u-departments-error').textContent(), /部署を1つ以上/);
    assert.equal(await page.getAttribute('#u-municipality-code', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#u-municipality-code', 'aria-describedby'), /u-municipality-code-error/);
    assert.equal(await page.inputValue('#u-login'), 'Not Valid', 'what was typed is kept');
    assert.equal(await page.inputValue('#u-password'), '', 'a password is never sent back');
    await expectNoViolations(page, 'POST /admin/users (errors)');
    // From the summary to the field with the keyboard alone.
    const link = page.locator('#error-summary a[href="#u-municipality-code"]');
    await link.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'u-municipality-code');
  });

  it('creates a user who signs in with the temporary password and chooses their own', async () => {
    const page = await signedIn(ADMIN);
    await page.goto('/admin/users/new');
    // The keyboard alone: type into a field, Tab to the next.
    await page.focus('#u-login');
    await page.keyboard.type(NEW_USER.login);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'u-display-name');
    await page.keyboard.type(NEW_USER.name);
    await page.selectOption('#u-role', 'municipal_staff');
    await page.fill('#u-municipality-code', '35201');
    await page.check('#u-department-childcare');
    await page.fill('#u-password', NEW_USER.temporary);
    await page.fill('#u-password-again', NEW_USER.temporary);
    await page.focus('#u-password-again');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(new URL(page.url()).pathname, /^\/admin\/users\/\d+$/);
    assert.match(await page.getByRole('status').textContent(), /ユーザーを作成しました/);
    assert.match(await page.locator('main').textContent(), /下関市/);
    await expectNoViolations(page, 'GET /admin/users/{id}');

    // A too short temporary password is refused next to its field.
    await page.fill('#p-password', 'short');
    await page.fill('#p-password-again', 'short');
    await submit(page, 'form[action$="/password"] button[type="submit"]');
    assert.match(await page.locator('#p-password-error').textContent(), /10文字以上/);
    await expectNoViolations(page, 'POST /admin/users/{id}/password (errors)');

    const user = await openPage(env, contexts);
    await user.goto('/login');
    await user.fill('#login', NEW_USER.login);
    await user.fill('#password', NEW_USER.temporary);
    await Promise.all([user.waitForURL((url) => url.pathname === '/account'), user.click('form[action="/login"] button[type="submit"]')]);
    assert.match(await user.getByRole('alert').first().textContent(), /仮のパスワード/);
    await expectNoViolations(user, 'GET /account (temporary password)');
    await user.fill('#pw-current-password', 'not the password');
    await user.fill('#pw-new-password', NEW_USER.own);
    await user.fill('#pw-new-password-again', NEW_USER.own);
    await submit(user, 'form[action="/account/password"] button[type="submit"]');
    assert.equal(await user.locator('#pw-current-password-error').textContent(), '今のパスワードが違います。');
    await expectNoViolations(user, 'POST /account/password (errors)');
    await user.fill('#pw-current-password', NEW_USER.temporary);
    await user.fill('#pw-new-password', NEW_USER.own);
    await user.fill('#pw-new-password-again', NEW_USER.own);
    await submit(user, 'form[action="/account/password"] button[type="submit"]');
    assert.match(await user.getByRole('status').textContent(), /パスワードを変更しました/);

    const again = await openPage(env, contexts);
    await login(again, env.baseURL, { login: NEW_USER.login, password: NEW_USER.own });
    assert.equal(new URL(again.url()).pathname, '/');
  });

  it('the system administrator sees every user and the role settings', async () => {
    const page = await signedIn(ROOT);
    await page.goto('/admin/users');
    const rows = await page.locator('[aria-labelledby="users-caption"] tbody tr').allTextContents();
    assert.ok(rows.some((r) => r.includes(ROOT.login)), 'system administrators are listed');
    assert.equal(await page.locator('form[action="/admin/roles/coordinator/totp"]').count(), 1);
    await expectNoViolations(page, 'GET /admin/users (system_admin)');
    await page.selectOption('#f-role', 'prefecture_admin');
    await submit(page, 'form[role="search"] button[type="submit"]');
    const filtered = await page.locator('[aria-labelledby="users-caption"] tbody tr').allTextContents();
    assert.ok(filtered.length >= 1 && filtered.every((r) => r.includes('県の管理者')), filtered.join('|'));
    await page.goto('/lang?to=en&next=/admin/users/new');
    assert.equal((await page.locator('main h1').textContent()).trim(), 'Create a user');
    await expectNoViolations(page, 'GET /admin/users/new (en)');
  });
});
