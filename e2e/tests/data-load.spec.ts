import { test, expect, type Page } from '@playwright/test';
import { Estimator } from './fixtures/estimate';
import { FilingJourney, fileByApi, projectResidentId } from './fixtures/filing';

// The shared data files (/data/*.json) come through one loader (src/web/data.rs). When one does not arrive, the
// page says which, keeps what was entered, and fetches it again when asked. The request is cut off here as a
// dropped phone connection would; the fixtures' check for failed requests is left out, as this one is wanted.

/** Cuts off every request for `file` until the returned function is called. */
async function cutOff(page: Page, file: string): Promise<() => Promise<void>> {
  const pattern = `**/data/${file}`;
  await page.route(pattern, (route) => route.abort('internetdisconnected'));
  return () => page.unroute(pattern);
}

/** Page errors (a panic in the app), which must stay none. */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test('a filing question whose list of places did not load says so, and loads it again', async ({ page }) => {
  const errors = pageErrors(page);
  const reconnect = await cutOff(page, 'regions.json');
  await page.goto('/file/insured');
  const journey = new FilingJourney(page);
  await journey.expectPage('参保地和险种');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('省市名单没有载入');
  await expect(alert).toContainText('您已经填写的内容都还在');
  // What can be answered without the list is kept through the retry.
  await page.getByLabel('职工医保（退休）').check();

  await reconnect();
  await alert.getByRole('button', { name: '重新载入' }).click();
  await expect(alert).toHaveCount(0);
  await expect(page.getByLabel('职工医保（退休）')).toBeChecked();
  await journey.insured('120000', '120000', '职工医保（退休）');
  expect(errors).toEqual([]);
});

test("a filing question without the insured places' rules says so, keeps a whole-province answer, and applies the rule after a retry", async ({ page }, testInfo) => {
  const errors = pageErrors(page);
  const journey = new FilingJourney(page);
  await journey.start();
  await journey.who('为我自己');
  await journey.person('赵淑兰', projectResidentId(testInfo, '1201011950030300'), '13612345678');
  await journey.insured('120000', '120000', '职工医保（退休）');
  await journey.category(/异地长期居住人员/);
  // Tianjin lets a filing name a whole province (its rule in rules.json, taken from policy.json at build).
  await journey.destination('130000', null);

  // Back to the question with the rules cut off: the page says so, and the answer waits for them.
  const reconnect = await cutOff(page, 'rules.json');
  await page.goto('/file/destination');
  await journey.expectPage('去哪里看病？');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('参保地的备案和选点规则没有载入');
  await expect(page.getByLabel('全省')).toHaveCount(0);

  await reconnect();
  await alert.getByRole('button', { name: '重新载入' }).click();
  await expect(alert).toHaveCount(0);
  await expect(page.getByLabel('全省')).toBeChecked();
  await expect(page.locator('#destination_province')).toHaveValue('130000');
  expect(errors).toEqual([]);
});

test('a filing page reads the list of places only once it shows the filing; without it, it says so and loads it again', async ({ page, request }, testInfo) => {
  const errors = pageErrors(page);
  const id = projectResidentId(testInfo, '1201011948050500');
  const number = await fileByApi(request, { person: { name: '孙桂芝', resident_id: id, phone: '13612345678' } });
  const fetched: string[] = [];
  page.on('request', (req) => {
    const path = new URL(req.url()).pathname;
    if (path.startsWith('/data/')) fetched.push(path);
  });
  const reconnect = await cutOff(page, 'regions.json');
  await page.goto(`/filings/${number}`);
  await expect(page.locator('html:not(.booting) main h1')).toContainText(number);
  // Until the ID number is given there is no filing to show, so no place to name: no data file is fetched.
  await page.waitForLoadState('networkidle');
  expect(fetched).toEqual([]);

  await page.getByLabel('身份证号码').fill(id);
  await page.getByRole('button', { name: '查询' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('省市名单没有载入');
  expect(fetched).toContain('/data/regions.json');
  // The filing is shown meanwhile, and the form to change it.
  await expect(page.locator('#change-heading')).toBeVisible();

  await reconnect();
  await alert.getByRole('button', { name: '重新载入' }).click();
  await expect(alert).toHaveCount(0);
  await expect(page.locator('.summary-list')).toContainText('廊坊市');
  expect(errors).toEqual([]);
});

test('the estimator without its policy data says so in English, then estimates after a retry', async ({ page }) => {
  const errors = pageErrors(page);
  await page.addInitScript(() => localStorage.setItem('yidi.lang', 'en'));
  const reconnect = await cutOff(page, 'policy.json');
  const e = new Estimator(page);
  await e.open();
  const alert = page.getByRole('alert').filter({ hasText: 'did not load' });
  await expect(alert).toContainText('The policy data did not load');
  await e.place('insured', '130000', '131000');
  await e.place('treatment', '110000', '110000');

  await reconnect();
  await alert.getByRole('button', { name: 'Load again' }).click();
  await expect(alert).toHaveCount(0);
  // The places chosen before the retry are still chosen.
  await expect(page.locator('#insured-city')).toHaveValue('131000');
  await e.care({
    scheme: 'employee_retired',
    setting: 'chronic_outpatient',
    disease: 'M01600',
    filing: 'resettled_retiree',
    date: '2022-07-01',
  });
  await e.quick({ a: '32.52', b: '31.77' });
  await expect(e.fund()).toHaveText('¥48.89');
  expect(errors).toEqual([]);
});

test('the institution finder without its list says so, and finds after a retry', async ({ page }) => {
  const errors = pageErrors(page);
  const reconnect = await cutOff(page, 'institutions.json');
  await page.goto('/points');
  await expect(page.locator('html:not(.booting) main h1')).toHaveText('查找联网定点医疗机构');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('定点医疗机构名单没有载入');

  await reconnect();
  await alert.getByRole('button', { name: '重新载入' }).click();
  await expect(alert).toHaveCount(0);
  await page.getByLabel('就医城市').selectOption('430100');
  await expect(page.locator('.finder__count')).toHaveText('找到 6 家');
  expect(errors).toEqual([]);
});
