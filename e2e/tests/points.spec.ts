import { test, expect } from './fixtures/app';
import { chinaToday, residentId } from './fixtures/filing';
import type { APIRequestContext, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// In public/data/institutions.json, Langfang: the first hospital settles every pilot disease, the second
// hypertension and diabetes, the third (燕达) none; the fourth, a made-up primary centre, hypertension and diabetes.
const ALL_DISEASES = '廊坊市人民医院';
const TWO_DISEASES = '河北中石油中心医院';
const NO_DISEASE = '河北燕达医院';
const PRIMARY = '样例社区卫生服务中心（廊坊，虚构）';

/** Files through the API, as the journey would, and answers the filing number. */
async function file(
  request: APIRequestContext,
  id: string,
  insured: string,
  chronic: string[],
): Promise<string> {
  const response = await request.post('/api/filings', {
    headers: { 'idempotency-key': `points-${id}-${Date.now()}` },
    data: {
      applicant: { for: 'myself' },
      person: { name: '赵淑芬', resident_id: id, phone: '13712345678', insured_city: insured, scheme: 'employee_retired' },
      category: 'resettled_retiree',
      destination: { province: '130000', city: '131000' },
      start_date: chinaToday(),
      chronic_qualifications: chronic,
      proof: { commitment_agreed: true },
    },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).filing.number;
}

async function openFiling(page: Page, number: string, id: string) {
  await page.goto(`/filings/${number}/points`);
  await expect(page.locator('html:not(.booting) main h1')).toHaveText('选择定点医疗机构');
  await page.getByLabel('身份证号码').fill(id);
  await page.getByRole('button', { name: '查看备案' }).click();
  await expect(page.locator('.finder__count')).toContainText('找到');
}

function row(page: Page, name: string) {
  return page.locator('li.institution', { has: page.getByRole('heading', { name, exact: true }) });
}

test('a Tianjin filer names up to two chronic-disease institutions, is refused a third, and is warned first', async ({ app, page, request }, testInfo) => {
  const id = residentId(testInfo.project.name === 'phone' ? '12010119500101002' : '12010119500101003');
  const number = await file(request, id, '120000', ['M01600', 'M00500']);
  await openFiling(page, number, id);

  // The rule comes from the policy data with its source; the person chooses for a disease they qualify for.
  await expect(page.locator('.rule')).toContainText('不超过 2 家');
  await expect(page.locator('.rule')).toContainText('天津市医疗保障局');
  await expect(page.locator('.notice--warning', { hasText: '这是样例数据' })).toBeVisible();
  await expect(page.locator('#service')).toHaveValue('M01600');
  await expect(page.locator('.chosen__for')).toHaveText('门诊慢特病 · 糖尿病');
  // Only institutions that settle diabetes are listed, each saying what it settles.
  await expect(page.locator('.finder__count')).toHaveText('找到 3 家');
  await expect(row(page, NO_DISEASE)).toHaveCount(0);
  await expect(row(page, TWO_DISEASES).locator('.institution__services')).toContainText('门诊慢特病 高血压、糖尿病');

  // Chosen for diabetes, it does not settle the person's other disease: said at once, before anything is saved.
  await row(page, TWO_DISEASES).getByRole('button', { name: `选择 ${TWO_DISEASES}` }).click();
  const chosen = page.locator('.chosen');
  await expect(chosen.locator('.chosen__item')).toHaveCount(1);
  await expect(chosen.locator('.institution__warning')).toContainText('没有开通门诊慢特病 · 恶性肿瘤门诊放化疗');
  await row(page, ALL_DISEASES).getByRole('button', { name: `选择 ${ALL_DISEASES}` }).click();
  await expect(chosen.locator('.chosen__count')).toHaveText('(已选 2/2)');

  // A third is beyond Tianjin's limit: refused with the reason, the two kept.
  await row(page, PRIMARY).getByRole('button', { name: `选择 ${PRIMARY}` }).click();
  await expect(page.locator('.error-summary')).toContainText('超过了参保地允许的数量');
  await expect(page.locator('.error-summary')).toBeFocused();
  await expect(chosen.locator('.chosen__item')).toHaveCount(2);
  await app.screenshot('points-limit-zh');

  // One that does not settle diabetes, shown when the person lists every institution, is warned of and refused.
  await page.getByLabel('只显示已开通这项服务的机构').uncheck();
  await expect(page.locator('.finder__count')).toHaveText('找到 4 家');
  await expect(row(page, NO_DISEASE).locator('.institution__warning')).toContainText('没有开通门诊慢特病 · 糖尿病的跨省直接结算');
  await chosen.getByRole('button', { name: `移除 ${ALL_DISEASES}` }).click();
  await row(page, NO_DISEASE).getByRole('button', { name: `选择 ${NO_DISEASE}` }).click();
  await expect(page.locator('.error-summary')).toContainText('没有开通这项服务的跨省直接结算');
  await expect(chosen.locator('.chosen__item')).toHaveCount(1);

  // Saved through the API: the server agrees, and the filing now names them.
  await row(page, ALL_DISEASES).getByRole('button', { name: `选择 ${ALL_DISEASES}` }).click();
  await page.getByRole('button', { name: '保存选点' }).click();
  await expect(page.locator('#points-notice')).toHaveText('选点已保存到备案。');
  await app.expectAccessible();
  await app.screenshot('points-saved-zh');
  const stored = await request.post('/api/filings/lookup', { data: { number, resident_id: id } });
  const filing = (await stored.json()).filing;
  expect(filing.points).toEqual(['H13100000002', 'H13100000001']);
  expect(filing.points_service).toEqual({ chronic: 'M01600' });
  expect(filing.point_names).toEqual([TWO_DISEASES, ALL_DISEASES]);

  // The other disease: a filing names institutions for one, so saving for it would replace the two, said first.
  // A pick for it not yet saved is kept while the person looks back at diabetes.
  await page.locator('#service').selectOption('M00500');
  await expect(chosen.locator('.chosen__item')).toHaveCount(0);
  await expect(page.locator('#points-replaces')).toHaveText(
    '这条备案已为“门诊慢特病 · 糖尿病”选了 2 家机构。一条备案只能为一种就医类别选点，保存会替换原来选的机构。',
  );
  await row(page, ALL_DISEASES).getByRole('button', { name: `选择 ${ALL_DISEASES}` }).click();
  await expect(chosen.locator('.chosen__count')).toHaveText('(已选 1/2)');
  await page.locator('#service').selectOption('M01600');
  await expect(chosen.locator('.chosen__count')).toHaveText('(已选 2/2)');
  await expect(page.locator('#points-replaces')).toHaveCount(0);
  await page.locator('#service').selectOption('M00500');
  await expect(chosen.locator('.chosen__name')).toHaveText([ALL_DISEASES]);
  await app.expectAccessible();
  await page.locator('#service').selectOption('M01600');

  // The server holds the limit too, whatever a client sends.
  const beyond = await request.put(`/api/filings/${number}/points`, {
    data: { resident_id: id, service: { chronic: 'M01600' }, institutions: ['H13100000001', 'H13100000002', 'H13100000004'] },
  });
  expect(beyond.status()).toBe(422);
  expect((await beyond.json()).errors.map((e: { code: string }) => e.code)).toContain('institutions_too_many');

  // The care code names the chosen institutions, in order, by the names the API gives.
  await page.getByRole('link', { name: '出示备案卡' }).click();
  await expect(page.locator('.care-card')).toContainText(`${TWO_DISEASES}、${ALL_DISEASES}`);
});

test('where the insured place asks no choice, the filing page says so and still checks a service', async ({ app, page, request }, testInfo) => {
  const id = residentId(testInfo.project.name === 'phone' ? '11010119500101002' : '11010119500101003');
  const number = await file(request, id, '110000', []);
  await openFiling(page, number, id);
  await expect(page.locator('.notice--info')).toContainText('不要求选择定点医疗机构');
  // The heading no longer asks for a choice the page then says is not needed.
  await expect(app.heading).toHaveText('查找联网定点医疗机构');
  await expect(page.getByRole('button', { name: /^选择 / })).toHaveCount(0);
  await page.getByLabel('需要的服务').selectOption('general_outpatient');
  await expect(page.locator('.finder__count')).toHaveText('找到 4 家');
  await page.getByLabel('需要的服务').selectOption('M00500');
  await expect(page.locator('.finder__count')).toHaveText('找到 1 家');
  await app.expectAccessible();
});

test('the finder on its own: city, service, level, and a name in Chinese or pinyin initials', async ({ app, page }) => {
  await app.open('/points');
  await expect(app.heading).toHaveText('查找联网定点医疗机构');
  // Before a city is chosen the page says what choosing one does (the list below is empty until then).
  await expect(page.locator('#city-hint')).toHaveText('选好城市，下面就列出该市的联网定点医疗机构');
  await expect(page.locator('.institution__name')).toHaveCount(0);
  await page.getByLabel('就医城市').selectOption('430100');
  await expect(page.locator('.finder__count')).toHaveText('找到 6 家');
  // The hint's example works in any city: every city has a 人民医院.
  await expect(page.locator('#search-hint')).toHaveText('可以输入中文，或拼音首字母，例如 rmyy 查找人民医院');
  for (const city of ['430100', '110000', '310000']) {
    await page.getByLabel('就医城市').selectOption(city);
    await page.getByLabel('名称或所在区').fill('rmyy');
    await expect(page.locator('.institution__name').first()).toContainText('人民医院');
  }
  await page.getByLabel('就医城市').selectOption('430100');
  await page.getByLabel('名称或所在区').fill('xy');
  await expect(page.locator('.finder__count')).toHaveText('找到 3 家');
  await expect(page.locator('.institution__name').first()).toHaveText('中南大学湘雅医院');
  await page.getByLabel('名称或所在区').fill('湘雅二');
  await expect(page.locator('.institution__name')).toHaveText(['中南大学湘雅二医院']);
  await page.getByLabel('名称或所在区').fill('');
  await page.getByLabel('医院等级').selectOption('primary');
  await expect(page.locator('.finder__count')).toHaveText('找到 1 家');
  await page.getByLabel('医院等级').selectOption('');
  await page.getByLabel('需要的服务').selectOption('M07801');
  await expect(page.locator('.finder__count')).toHaveText('找到 2 家');
  // The cities in the order of their codes, as lists of China's regions are.
  const cities = await page.locator('#city option').evaluateAll((options) =>
    options.map((o) => (o as HTMLOptionElement).value).filter(Boolean),
  );
  expect(cities.length).toBeGreaterThan(2);
  expect(cities).toEqual([...cities].sort());
  // Where the two filters sit side by side, their selects line up.
  const need = (await page.locator('#need').boundingBox())!;
  const level = (await page.locator('#level').boundingBox())!;
  const needLabel = (await page.locator('label[for="need"]').boundingBox())!;
  const levelLabel = (await page.locator('label[for="level"]').boundingBox())!;
  if (level.x > need.x + need.width) {
    // And so do their labels, although only the service has a hint between its label and its select.
    expect(Math.abs(level.y - need.y)).toBeLessThan(1);
    expect(Math.abs(levelLabel.y - needLabel.y)).toBeLessThan(1);
  } else expect(level.y).toBeGreaterThan(need.y + need.height);
  await app.expectAccessible();
  await app.screenshot('points-finder-zh');
  await app.languageSwitch.click();
  await expect(app.heading).toHaveText('Find networked institutions');
  await expect(page.locator('.finder__count')).toHaveText('Found 2');
  // The diseases each settles are listed as English lists are, with commas, not the Chinese 、.
  const services = page.locator('.institution__services').first();
  await expect(services).toContainText('hypertension, diabetes');
  await expect(services).not.toContainText('、');
  await app.expectAccessible();
  await app.screenshot('points-finder-en');
});

test('filter changes over 10,000 institutions, on a phone-speed CPU', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'measured once, on the phone project');
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'yidi-10k-'));
  execFileSync('node', [join(__dirname, '..', '..', 'scripts', 'data', 'build-institutions.mjs'), dir, '--10k']);
  const big = readFileSync(join(dir, 'institutions-10k.json'));
  await page.route('**/data/institutions.json', (route) => route.fulfill({ body: big, contentType: 'application/json' }));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

  await page.goto('/points?city=120000');
  await expect(page.locator('.finder__count')).toHaveText('找到 1250 家，显示前 30 家');
  const samples = await page.evaluate(async () => {
    const search = document.querySelector<HTMLInputElement>('#search')!;
    const level = document.querySelector<HTMLSelectElement>('#level')!;
    const need = document.querySelector<HTMLSelectElement>('#need')!;
    const changes: Array<() => void> = [];
    const type = (text: string) => () => {
      search.value = text;
      search.dispatchEvent(new Event('input', { bubbles: true }));
    };
    const pick = (select: HTMLSelectElement, value: string) => () => {
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    };
    for (let round = 0; round < 10; round++) {
      changes.push(type('合'), type('合成'), type('合成机构0'), type(`合成机构00${round}`), type(''));
      changes.push(type('h'), type('hc'), type(`hcjg0${round}`), type(''));
      changes.push(pick(level, 'secondary'), pick(need, 'M01600'), pick(level, ''), pick(need, 'inpatient'), pick(need, ''));
    }
    const toDom: number[] = [];
    const toFrame: number[] = [];
    // DOM updates land before the next frame (effects run as microtasks), so the frame time bounds every change;
    // the DOM time is taken where the results changed at all.
    const finder = document.querySelector('.finder')!;
    for (const change of changes) {
      let changedAt = -1;
      const observer = new MutationObserver(() => {
        if (changedAt < 0) changedAt = performance.now();
      });
      observer.observe(finder, { subtree: true, childList: true, characterData: true });
      const start = performance.now();
      change();
      await new Promise(requestAnimationFrame);
      toFrame.push(performance.now() - start);
      observer.disconnect();
      if (changedAt > 0) toDom.push(changedAt - start);
      await new Promise((r) => setTimeout(r, 30));
    }
    return { toDom, toFrame };
  });
  const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.ceil(q * xs.length) - 1];
  const summary = {
    institutions: 10000,
    cpu_throttling: 4,
    changes: samples.toFrame.length,
    changed_results: samples.toDom.length,
    dom_ms: { p50: p(samples.toDom, 0.5), p95: p(samples.toDom, 0.95), max: Math.max(...samples.toDom) },
    frame_ms: { p50: p(samples.toFrame, 0.5), p95: p(samples.toFrame, 0.95), max: Math.max(...samples.toFrame) },
  };
  const out = join(__dirname, '..', '..', 'screenshots');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'points-timing.json'), JSON.stringify(summary, null, 2));
  testInfo.annotations.push({ type: 'timing', description: JSON.stringify(summary) });
  // The filters still answer correctly at this size: Tianjin's diabetes institutions by the generator's rule.
  await page.locator('#need').selectOption('inpatient');
  await expect(page.locator('.finder__count')).toHaveText('找到 750 家，显示前 30 家');
  expect(samples.toFrame.length).toBe(140);
});
