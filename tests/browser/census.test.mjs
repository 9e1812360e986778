// The census in the browser: a municipality uploads its sheet with the keyboard-usable file input, sees its
// errors by row and column and imports the valid rows; the center uploads the education board's list,
// reconciles, decides a pair in the review queue and reads the statistics. Every page is scanned with axe-core.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEnvironment, login, expectNoViolations, openPage } from './support.mjs';

const PASSWORD = 'correct horse battery';
const USERS = {
  center: { login: 'center-census', password: PASSWORD, role: 'center_staff', prefecture: 35, name: '支援 センター' },
  shimo: { login: 'shimo-census', password: PASSWORD, role: 'municipal_staff', municipality: '352012',
    department: 'maternal_child_health', name: '下関 職員' },
};

const HEADER = '記録番号,氏名,ふりがな,生年月日,性別,市区町村コード,住所,医療的ケア,所属\r\n';
const MUNICIPAL = HEADER
  + '1,山田 太郎,やまだ たろう,R2.5.1,男,352012,中央1-2-3,人工呼吸器、気管切開,在宅\r\n'
  + '2,佐藤 ひかる,さとう ひかる,2019-01-01,男,352012,本町5-5,吸引,在宅\r\n'
  + '3,鈴木 花,すずき はな,令和2年13月1日,女,352012,,経管栄養,在宅\r\n';
const EDUCATION = 'record_id,name,kana,birth_date,sex,municipality_name,care,affiliation\r\n'
  + 'E1,山田太郎,ヤマダタロウ,2020-05-01,1,下関市,人工呼吸器,特別支援学校\r\n'
  + 'E2,佐藤 ひかる,さとう ひかる,2019-01-01,女,下関市,吸引,在宅\r\n';

describe('census in the browser', () => {
  let env;
  const contexts = [];

  before(async () => { env = await startEnvironment(USERS); });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    if (env) await env.close();
  });

  const newPage = (options = {}) => openPage(env, contexts, options);

  it('a municipality uploads its sheet, sees the bad row and imports the valid ones', async () => {
    const page = await newPage();
    await login(page, env.baseURL, USERS.shimo);
    await page.goto('/census');
    await expectNoViolations(page, 'census index (municipal)');
    await page.getByLabel('調査年度（西暦）').fill('2026');
    await page.getByLabel('ファイル').setInputFiles({ name: '下関市.csv', mimeType: 'text/csv', buffer: Buffer.from(MUNICIPAL) });
    await page.getByRole('button', { name: '取り込む', exact: true }).click();
    await page.waitForURL('**/census/import');
    const issues = page.getByRole('table', { name: '見つかった問題（行・列・理由）' });
    await assert.doesNotReject(issues.getByRole('row', { name: /4 生年月日 13月/ }).waitFor());
    await expectNoViolations(page, 'import result with errors');
    await page.getByRole('button', { name: '正しい行だけ取り込む' }).click();
    await page.getByText('取り込みました。').waitFor();
  });

  it('the center reconciles, reviews a pair and reads the statistics', async () => {
    const page = await newPage();
    await login(page, env.baseURL, USERS.center);
    await page.goto('/census');
    await page.getByLabel('提出元の種類').selectOption('education');
    await page.getByLabel('ファイル').setInputFiles({ name: 'education.csv', mimeType: 'text/csv', buffer: Buffer.from(EDUCATION) });
    await page.getByRole('button', { name: '取り込む', exact: true }).click();
    await page.getByText('取り込みました。').waitFor();
    await page.goto('/census/2026');
    await expectNoViolations(page, 'round page');
    await page.getByRole('button', { name: '突合する' }).click();
    await page.waitForURL('**/census/2026');
    // 佐藤 ひかる is reported as a boy by the municipality and a girl by the education board: held for review.
    await page.getByRole('link', { name: '1', exact: true }).click();
    await page.waitForURL('**/census/2026/review');
    await expectNoViolations(page, 'review queue');
    await assert.doesNotReject(page.getByText('性別が異なる').waitFor());
    await page.getByRole('link', { name: 'education E2' }).click();
    await page.waitForURL('**/census/2026/persons/*');
    await expectNoViolations(page, 'person page');
    await page.goBack();
    await page.getByRole('button', { name: '同じ児' }).click();
    await page.waitForURL('**/census/2026/review');
    await page.getByText('確認待ちの組はありません。').waitFor();
    await page.goto('/census/2026');
    await page.getByText('2 人').first().waitFor();
    await page.goto('/census/2026/stats');
    await expectNoViolations(page, 'statistics');
    assert.ok(await page.locator('svg rect.bar-now').count() > 0);
  });
});
