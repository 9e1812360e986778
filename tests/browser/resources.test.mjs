// The resource directory in the browser: center staff register a facility with its services through the form;
// a family finds it on the public search site (no login) by care item and age, on a phone, and opens its page.
// Every page is scanned with axe-core.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEnvironment, login, expectNoViolations, openPage } from './support.mjs';

const PASSWORD = 'correct horse battery';
const USERS = {
  center: { login: 'center-res', password: PASSWORD, role: 'center_staff', prefecture: 35, name: '支援 センター' },
};

describe('resources in the browser', () => {
  let env;
  const contexts = [];

  before(async () => { env = await startEnvironment(USERS); });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    if (env) await env.close();
  });

  const newPage = (options = {}) => openPage(env, contexts, options);

  it('center staff register a facility and its service', async () => {
    const page = await newPage();
    await login(page, env.baseURL, USERS.center);
    await page.goto('/resources');
    await expectNoViolations(page, 'staff directory');
    await page.getByRole('link', { name: '施設を登録する' }).click();
    await expectNoViolations(page, 'new facility form');
    await page.getByLabel('施設名').fill('あおぞら訪問看護ステーション');
    await page.getByLabel('ふりがな').first().fill('あおぞらほうもんかんご');
    await page.getByLabel('市区町村').selectOption({ label: '下関市' });
    await page.getByLabel('住所').fill('竹崎町1-2-3');
    await page.getByLabel('緯度').fill('33.9500');
    await page.getByLabel('経度').fill('130.9220');
    const service = page.getByRole('group', { name: 'サービスを追加する' });
    await service.getByLabel('サービスの種類').selectOption('visiting_nursing');
    await service.getByLabel('対象年齢（下限・歳）').fill('0');
    await service.getByLabel('対象年齢（上限・歳）').fill('18');
    await service.getByRole('group', { name: '受け入れる医療的ケア' }).getByLabel('人工呼吸器').check();
    await service.getByRole('group', { name: '受け入れる医療的ケア' }).getByLabel('吸引').check();
    await service.getByRole('group', { name: '特徴' }).getByLabel('夜間・休日').check();
    await page.getByRole('button', { name: '保存する' }).click();
    await page.waitForURL(/\/resources\/\d+$/);
    await expectNoViolations(page, 'staff facility page');
    await page.getByRole('button', { name: '掲載内容が最新であることを確認した' }).click();
    await page.getByText('確認日を更新しました。').waitFor();
    // A list from a spreadsheet: upload, confirm the guessed columns, import.
    await page.goto('/resources/import');
    await expectNoViolations(page, 'import upload');
    const list = '事業所名,所在地,市町村,サービス種別,対応可能な医療的ケア\r\nひまわり児童デイ,中央1,山口市,児童発達支援,経管栄養\r\n';
    await page.getByLabel('ファイル').setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(list) });
    await page.getByRole('button', { name: '次へ（列の対応を確かめる）' }).click();
    await page.waitForURL(/\/resources\/import\/\d+$/);
    await expectNoViolations(page, 'import mapping');
    assert.equal(await page.getByLabel('施設名（必須）').inputValue(), '0');  // guessed from 事業所名
    await page.getByRole('button', { name: '取り込む（誤りがあれば何もしない）' }).click();
    await page.getByText('件の施設を取り込みました。').waitFor();
    // The gap analysis: no child in the registry here, so no demand; the heatmap and the choropleth still draw.
    await page.goto('/resources/gaps?service=visiting_nursing');
    await expectNoViolations(page, 'gap analysis');
    assert.ok(await page.locator('table.heatmap tbody tr').count() > 19);
    assert.ok(await page.locator('figure svg path').count() >= 19);
  });

  it('a family finds it on a phone without logging in', async () => {
    const page = await newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    await page.goto('/find');
    await expectNoViolations(page, 'public search');
    await page.getByLabel('医療的ケア', { exact: true }).selectOption('ventilator');
    await page.getByLabel('子どもの年齢（歳）').fill('4');
    await page.getByRole('button', { name: '検索する' }).click();
    await page.waitForURL(/\/find\?/);
    assert.match(page.url(), /care=ventilator/);  // a shareable URL
    await expectNoViolations(page, 'public results');
    assert.equal(await page.locator('figure svg a').count(), 1);  // the result on the map, too
    await page.locator('ol.results').getByRole('link', { name: 'あおぞら訪問看護ステーション' }).click();
    await page.waitForURL(/\/find\/facilities\/\d+$/);
    await expectNoViolations(page, 'public facility page');
    await assert.doesNotReject(page.getByText('人工呼吸器').first().waitFor());
    // No personal data and no staff controls on the public page.
    assert.equal(await page.getByRole('button', { name: '掲載内容が最新であることを確認した' }).count(), 0);
    await page.goto('/find?care=ventilator&age=30');
    await page.getByText('条件に合う施設は見つかりませんでした。').waitFor();
  });
});
