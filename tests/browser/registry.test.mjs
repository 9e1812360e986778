// The registry end to end: a family registers on a phone → center staff accept the submission → a
// municipal user of that municipality sees the child only while the family's sharing consent is in force.
// Also checks the pages with axe-core and validates the FHIR export with the external validators.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEnvironment, login, repoRoot, expectNoViolations, openPage } from './support.mjs';

const run = promisify(execFile);
const PASSWORD = 'correct horse battery';
const USERS = {
  center: { login: 'center-reg', password: PASSWORD, role: 'center_staff', prefecture: 35, name: '支援 センター' },
  shimo: { login: 'shimo-reg', password: PASSWORD, role: 'municipal_staff', municipality: '352012',
    department: 'maternal_child_health', name: '下関 職員' },
  yama: { login: 'yama-reg', password: PASSWORD, role: 'municipal_staff', municipality: '352039',
    department: 'maternal_child_health', name: '山口 職員' },
};

describe('registry in the browser', () => {
  let env;
  const contexts = [];
  let childPath = '';

  before(async () => { env = await startEnvironment(USERS); });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    if (env) await env.close();
  });

  const newPage = (options = {}) => openPage(env, contexts, options);

  it('a family registers on a phone in several steps and gets a receipt number', async () => {
    const page = await newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    await page.goto('/register');
    await expectNoViolations(page, 'register step 1');
    // A mistake first: the form says what is wrong next to the field and keeps what was typed.
    await page.getByLabel('お子さんの姓').fill('髙橋');
    await page.getByLabel('お子さんの名').fill('ひかり');
    await page.getByLabel('姓のふりがな').fill('たかはし');
    await page.getByLabel('名のふりがな').fill('ひかり');
    await page.getByLabel('生年月日').fill('令和3年2月30日');
    await page.getByLabel('性別').selectOption('female');
    await page.getByRole('button', { name: '次へ' }).click();
    await assert.doesNotReject(page.getByText('2月30日はありません').first().waitFor());
    assert.equal(await page.getByLabel('お子さんの姓').inputValue(), '髙橋');
    await expectNoViolations(page, 'register step 1 with an error');
    await page.getByLabel('生年月日').fill('R3.6.15');
    await page.getByRole('button', { name: '次へ' }).click();

    await page.getByLabel('お住まいの市町村').selectOption('352012');
    await page.getByLabel('住所').fill('下関市竹崎町1-1');
    await page.getByRole('button', { name: '次へ' }).click();

    await page.getByLabel('人工呼吸器', { exact: true }).first().check();
    await page.getByLabel('気管切開').check();
    await page.getByLabel('吸引', { exact: true }).check();
    await page.getByRole('group', { name: /医療機器/ }).getByLabel('人工呼吸器').check();
    await page.getByLabel('病名（わかる範囲で）').fill('脊髄性筋萎縮症');
    await expectNoViolations(page, 'register care step');
    await page.getByRole('button', { name: '次へ' }).click();

    await page.getByLabel('保護者のお名前').fill('髙橋 みどり');
    await page.getByLabel('電話番号').fill('090-0000-1234');
    await page.getByRole('button', { name: '次へ' }).click();

    // Registration consent is required; sharing with the municipality is left unticked on purpose.
    await page.getByRole('button', { name: '次へ' }).click();
    await assert.doesNotReject(page.getByText('支援センターへの登録への同意が必要です').first().waitFor());
    await page.getByLabel(/支援センターへの登録/).check();
    await page.getByRole('button', { name: '次へ' }).click();

    await assert.doesNotReject(page.getByText('令和3年6月15日').waitFor());
    await page.getByRole('button', { name: 'この内容で送信する' }).click();
    const receipt = await page.locator('#receipt').textContent();
    assert.match(receipt, /^R-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await expectNoViolations(page, 'register done');
  });

  it('center staff see the submission, accept it, and the child is in the registry', async () => {
    const page = await newPage();
    await login(page, env.baseURL, USERS.center);
    await page.goto('/registrations');
    await page.getByRole('link', { name: /^R-/ }).click();
    await assert.doesNotReject(page.getByText('髙橋　ひかり').first().waitFor());
    await expectNoViolations(page, 'review');
    await page.getByRole('button', { name: '新しい台帳として受け付ける' }).click();
    assert.match(new URL(page.url()).pathname, /^\/children\/\d+\/edit$/);
    childPath = new URL(page.url()).pathname.replace(/\/edit$/, '');
    await expectNoViolations(page, 'edit form');
    // Staff assess the ventilator's watch level; the score follows.
    await page.getByLabel('人工呼吸器', { exact: true }).selectOption('high');
    await page.getByRole('button', { name: '保存する' }).click();
    assert.equal(new URL(page.url()).pathname, childPath);
    await assert.doesNotReject(page.getByText('医療的ケア判定スコア: 28点').waitFor());
    await expectNoViolations(page, 'record');
    await page.goto(childPath + '/history');
    await assert.doesNotReject(page.getByRole('cell', { name: /人工呼吸器（見守り 高）/ }).first().waitFor());
    await expectNoViolations(page, 'history');
    await page.goto(childPath + '/print');
    await page.emulateMedia({ media: 'print' });
    await assert.doesNotReject(page.getByText('医療的ケア児 台帳').first().waitFor());
    await expectNoViolations(page, 'print view');
    await page.emulateMedia({ media: 'screen' });
    // Searching with the common form of the variant kanji finds the child; htmx swaps the results in place
    // and keeps the address shareable.
    await page.goto('/children?q=' + encodeURIComponent('該当なし'));
    await assert.doesNotReject(page.getByText('該当する子どもはいません').waitFor());
    await page.getByLabel('氏名・ふりがなで検索').fill('高橋');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await assert.doesNotReject(page.getByRole('link', { name: '髙橋　ひかり' }).waitFor());
    await page.waitForURL((url) => url.searchParams.get('q') === '高橋');
    await expectNoViolations(page, 'list');
  });

  it('a municipal user sees the child only while the sharing consent is in force', async () => {
    const staff = await newPage();
    await login(staff, env.baseURL, USERS.center);
    const shimo = await newPage();
    await login(shimo, env.baseURL, USERS.shimo);
    const yama = await newPage();
    await login(yama, env.baseURL, USERS.yama);

    const seen = async (page) => {
      const res = await page.goto(childPath);
      return res.status();
    };
    const listed = async (page) => {
      await page.goto('/children');
      return page.getByRole('link', { name: '髙橋　ひかり' }).count();
    };
    assert.equal(await seen(shimo), 403);
    assert.equal(await listed(shimo), 0);

    await staff.goto(childPath);
    await staff.getByLabel('同意の範囲').selectOption('municipality_sharing');
    await staff.getByRole('button', { name: '同意を記録' }).click();
    assert.equal(await seen(shimo), 200);
    assert.equal(await listed(shimo), 1);
    assert.equal(await seen(yama), 403, 'another municipality never sees the child');

    await staff.goto(childPath);
    await staff.getByRole('button', { name: /住所地の市町村への提供: 撤回を記録/ }).click();
    assert.equal(await seen(shimo), 403);
    assert.equal(await listed(shimo), 0);
  });

  it('exports the registry as FHIR NDJSON that the official-definition validators accept', async () => {
    const page = await newPage();
    await login(page, env.baseURL, USERS.center);
    const res = await page.request.get('/children.ndjson?status=all');
    assert.equal(res.status(), 200);
    const body = await res.text();
    assert.ok(body.includes('"resourceType":"Patient"'));
    const file = path.join(env.db.dir, 'export.ndjson');
    await writeFile(file, body);
    // The validator exits non-zero (and execFile rejects) on any error in any resource.
    await run('node', [path.join(repoRoot, 'tests', 'fhir', 'validate.mjs'), file]);
  });
});
