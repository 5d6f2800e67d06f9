import { test, expect } from './fixtures/app';
import { FilingJourney, chinaToday, fileByApi, projectResidentId, residentId } from './fixtures/filing';
import { OwnServer } from './fixtures/server';

async function fileOne(page: import('@playwright/test').Page, id: string) {
  const journey = new FilingJourney(page);
  await journey.start();
  await journey.who('为我自己');
  await journey.person('王秀英', id, '13700001111');
  await journey.insured('120000', '120000', '职工医保（在职）');
  await journey.category(/其他临时外出就医人员/);
  await journey.destination('440000', '440100');
  await journey.dates(chinaToday());
  await journey.proof();
  await journey.submit();
  await journey.expectPage('备案成功');
  return (await page.locator('.filing-number').innerText()).trim();
}

test('look up, change and cancel a filing, each answered and kept in its history', async ({ app, page }, testInfo) => {
  const id = projectResidentId(testInfo, '1201041970051200');
  const number = await fileOne(page, id);

  await page.getByRole('link', { name: '我的备案', exact: true }).click();
  await app.expectAccessible();
  await app.screenshot('my-filings-zh');
  await expect(page.locator('.filing-card')).toContainText(number);

  // A wrong ID number for this filing answers exactly like an unknown number.
  await page.getByLabel('备案号').fill(number);
  await page.getByLabel('就医人的身份证号码').fill(residentId('11010519491231002'));
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('#lookup-notice')).toHaveText('没有找到这份备案：请核对备案号和身份证号码。');
  await expect(page.getByLabel('备案号')).toHaveValue(number);

  await page.getByLabel('就医人的身份证号码').fill(id);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(app.heading).toContainText(number);
  await expect(page.locator('main')).toContainText('1201**********');
  await expect(page.locator('main')).toContainText('137****1111');
  await expect(page.locator('main')).not.toContainText(id);
  await expect(page.locator('.history li')).toHaveCount(1);

  // A temporary filing cannot be shortened below six months: the message names the rule, the value stays. Every
  // problem of the form is named at once, the date's beside a malformed phone's.
  await page.getByLabel('新的结束日期').fill(chinaToday(30));
  await page.getByLabel('新的手机号码').fill('2391111');
  await page.getByRole('button', { name: '保存变更' }).click();
  await expect(page.locator('.error-summary')).toContainText('不少于6个月');
  await expect(page.locator('.error-summary')).toContainText('11位手机号码');
  await expect(page.getByLabel('新的结束日期')).toHaveValue(chinaToday(30));
  await expect(page.getByLabel('新的手机号码')).toHaveValue('2391111');

  // A new phone asks for the whole phone the filing has now: missing, then wrong, each said at the field.
  await page.getByLabel('新的结束日期').fill('');
  await page.getByLabel('新的手机号码').fill('13911112222');
  await page.getByRole('button', { name: '保存变更' }).click();
  await expect(page.locator('#current_phone-error')).toContainText('完整手机号码');
  await expect(page.getByLabel('新的手机号码')).toHaveValue('13911112222');
  await page.getByLabel('备案现在登记的手机号码').fill('13700001112');
  await page.getByRole('button', { name: '保存变更' }).click();
  await expect(page.locator('#current_phone-error')).toContainText('不是备案现在登记的手机号码');
  await app.expectAccessible();
  await app.screenshot('filing-change-current-phone-zh');
  await page.getByLabel('备案现在登记的手机号码').fill('137 0000 1111');
  await page.getByRole('button', { name: '保存变更' }).click();
  await expect(page.locator('#detail-notice')).toHaveText('变更已保存。');
  await expect(page.locator('main')).toContainText('139****2222');
  await expect(page.locator('.history li')).toHaveCount(2);
  // Saving with nothing entered says so and sends nothing; a refused attempt does not leave "saved" standing.
  await page.getByRole('button', { name: '保存变更' }).click();
  await expect(page.locator('#detail-notice')).toHaveText(/^还没有填写要变更的内容/);
  await expect(page.locator('.history li')).toHaveCount(2);
  await page.getByLabel('新的手机号码').fill('2391111');
  await page.getByRole('button', { name: '保存变更' }).click();
  await expect(page.locator('.error-summary')).toContainText('11位手机号码');
  await expect(page.locator('#detail-notice')).toHaveCount(0);
  await page.getByLabel('新的手机号码').fill('');

  // Tianjin allows province or city filings; a move to another city is recorded as a change of destination.
  await page.getByLabel('新的就医省份').selectOption('320000');
  await page.getByLabel('新的就医城市').selectOption('320100');
  await page.getByLabel('备案现在登记的手机号码').fill('13911112222');
  await page.getByRole('button', { name: '保存变更' }).click();
  await expect(page.locator('#detail-notice')).toHaveText('变更已保存。');
  await expect(page.locator('.summary-list')).toContainText('南京市');
  await expect(page.locator('.history li')).toHaveCount(3);
  await expect(page.locator('.history li').last()).toContainText('就医地');
  await app.expectAccessible();
  await app.screenshot('filing-detail-zh');

  // Cancel asks first; "keep it" changes nothing.
  await page.getByRole('button', { name: '取消这份备案' }).click();
  await page.getByRole('button', { name: '不取消，返回' }).click();
  await expect(page.locator('.tag')).toHaveText('有效');
  await page.getByRole('button', { name: '取消这份备案' }).click();
  await page.getByRole('button', { name: '确认取消备案' }).click();
  await expect(page.locator('#detail-notice')).toHaveText('备案已取消。');
  await expect(page.locator('.tag')).toHaveText('已取消');
  await expect(page.locator('.history li')).toHaveCount(4);
  await expect(page.getByRole('button', { name: '取消这份备案' })).toHaveCount(0);
  // Its validity ends with the cancelling, on China's date, not "until changed or cancelled".
  await expect(page.locator('.summary-list__row', { hasText: '有效期' }).locator('dd')).toHaveText(
    new RegExp(`– 已于 ${chinaToday()} 取消$`),
  );
  // The history says which fields a change touched, in Chinese brackets.
  await expect(page.locator('.history li').nth(2)).toContainText('（就医地）');

  // The card of a cancelled filing says what that means for care, not for changes.
  await page.goto(`/filings/${number}/card`);
  await page.getByLabel('身份证号码').fill(id);
  await page.getByRole('button', { name: '显示备案卡' }).click();
  await expect(page.locator('.error-summary')).toContainText('不能再凭它就医结算');
  await expect(page.locator('.error-summary')).not.toContainText('变更');
});

test('a change of destination is checked in the browser by the insured place\'s rules, with every other problem at once', async ({ app, page, request }, testInfo) => {
  // Chengdu's data has no verified rule allowing a whole-province filing, so a new destination needs its city.
  const id = projectResidentId(testInfo, '5101071972030300');
  const number = await fileByApi(request, {
    person: { name: '何淑珍', resident_id: id, phone: '13655556666', insured_city: '510100', scheme: 'employee_in_service' },
    destination: { province: '110000', city: '110000' },
  });
  await app.open(`/filings/${number}`);
  await page.getByLabel('身份证号码', { exact: true }).fill(id);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('.summary-list')).toBeVisible();

  // Cross-provincial care is care outside Sichuan: the insured province is not offered.
  await expect(page.locator('#destination_province option[value="510000"]')).toHaveCount(0);
  const patches: string[] = [];
  page.on('request', (r) => r.method() === 'PATCH' && patches.push(r.url()));
  await page.getByLabel('新的就医省份').selectOption('130000');
  await page.getByLabel('新的手机号码').fill('2391111');
  await page.getByRole('button', { name: '保存变更' }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toContainText('11位手机号码');
  await expect(summary).toContainText('就医城市');
  await expect(summary).toContainText('完整手机号码');
  expect(patches, 'nothing is sent while the form has problems').toEqual([]);
  await expect(page.getByLabel('新的就医省份')).toHaveValue('130000');
  await expect(page.getByLabel('新的手机号码')).toHaveValue('2391111');
  await app.expectAccessible();
  await app.screenshot('filing-change-destination-zh');

  await page.getByLabel('新的就医城市').selectOption('131000');
  await page.getByLabel('新的手机号码').fill('');
  await page.getByLabel('备案现在登记的手机号码').fill('13655556666');
  await page.getByRole('button', { name: '保存变更' }).click();
  await expect(page.locator('#detail-notice')).toHaveText('变更已保存。');
  await expect(page.locator('.summary-list')).toContainText('廊坊市');
});

test('guessing an ID number is stopped: after ten wrong tries the page says to wait, and keeps what was typed', async ({ app, page, request }, testInfo) => {
  const body = testInfo.project.name === 'phone' ? '13010119570202002' : '13010119570202003';
  const filed = await request.post('/api/filings', {
    headers: { 'idempotency-key': `guess-${body}-${Date.now()}` },
    data: {
      applicant: { for: 'myself' },
      person: { name: '孙淑珍', resident_id: residentId(body), phone: '13612340000', insured_city: '120000', scheme: 'employee_retired' },
      category: 'resettled_retiree',
      destination: { province: '130000', city: '131000' },
      start_date: chinaToday(),
      proof: { commitment_agreed: true },
    },
  });
  expect(filed.status()).toBe(201);
  const number: string = (await filed.json()).filing.number;

  await app.open('/filings');
  // Ten well-formed ID numbers that are not the filer's (other birth days): each answers "not found".
  for (let day = 10; day < 20; day++) {
    await page.getByLabel('备案号').fill(number);
    await page.getByLabel('就医人的身份证号码').fill(residentId(`130101195702${day}00${body.slice(-1)}`));
    const answered = page.waitForResponse('**/api/filings/lookup');
    await page.getByRole('button', { name: '查询' }).click();
    expect((await answered).status()).toBe(404);
    await expect(page.locator('#lookup-notice')).toHaveText('没有找到这份备案：请核对备案号和身份证号码。');
  }
  // The eleventh, even the right one, is refused before it is looked at: the page says how long to wait.
  await page.getByLabel('就医人的身份证号码').fill(residentId(body));
  const refused = page.waitForResponse('**/api/filings/lookup');
  await page.getByRole('button', { name: '查询' }).click();
  expect((await refused).status()).toBe(429);
  await expect(page.locator('.error-summary')).toContainText('尝试次数太多');
  await expect(page.locator('.error-summary')).toContainText('分钟后再试');
  await expect(page.getByLabel('备案号')).toHaveValue(number);
  await expect(page.getByLabel('就医人的身份证号码')).toHaveValue(residentId(body));
  await app.expectAccessible();
  await app.screenshot('filings-too-many-attempts-zh');
});

test('the server stopped during submit: the draft is kept, and a retry after restart files exactly once', async ({ page }, testInfo) => {
  // E2E_OWN_PORT moves these ports, for a machine where another copy of the suite runs at the same time.
  const base = Number(process.env.E2E_OWN_PORT ?? 8300);
  const server = new OwnServer(base + testInfo.parallelIndex + (testInfo.project.name === 'phone' ? 10 : 0));
  await server.start();
  try {
    await page.goto(`${server.url}/file`);
    const journey = new FilingJourney(page);
    await page.getByRole('link', { name: '开始备案' }).click();
    await journey.who('为我自己');
    await journey.person('赵国强', residentId('12010519550815005'), '13622223333');
    await journey.insured('120000', '120000', '职工医保（退休）');
    await journey.category(/异地长期居住人员/);
    await journey.destination('460000', '460100');
    await journey.dates(chinaToday());
    await journey.proof();

    // The request reaches the server and is stored, then the server dies before the answer arrives.
    await page.route('**/api/filings', async (route) => {
      await route.fetch();
      await server.kill();
      await route.abort('connectionreset');
    });
    await journey.submit();
    await expect(page.locator('#submit-failure')).toContainText('暂时无法连接服务器');
    await page.unroute('**/api/filings');

    // Nothing typed is lost, even across a reload while the server is down.
    await page.reload().catch(() => undefined);
    await server.start();
    await page.goto(`${server.url}/file/check`);
    await expect(page.locator('.summary-list')).toContainText('赵国强');
    await journey.submit();
    await journey.expectPage('备案成功');
    expect(server.count('filings')).toBe(1);
  } finally {
    await server.kill();
  }
});

test('a filing this device shows, opened with a wrong ID number: said at that field, not above the filing', async ({ app, page }, testInfo) => {
  const id = projectResidentId(testInfo, '1201041970051300');
  const number = await fileOne(page, id);
  // A new visit: the ID number given in the last one is not kept, the filing's masked copy on this device is.
  await app.open(`/filings/${number}`);
  await expect(page.locator('.summary-list')).toContainText('1201**********');
  await page.getByLabel('身份证号码', { exact: true }).fill(residentId('11010519491231002'));
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('.error-summary')).toBeFocused();
  await expect(page.locator('#resident_id-error')).toContainText('没有找到这份备案：请核对备案号和身份证号码。');
  await expect(page.locator('#detail-notice')).toHaveCount(0);
  await app.expectAccessible();
  await page.getByLabel('身份证号码', { exact: true }).fill(id);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('button', { name: '保存变更' })).toBeVisible();
  await expect(page.locator('.error-summary')).toHaveCount(0);
});
