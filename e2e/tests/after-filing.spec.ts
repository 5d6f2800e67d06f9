import { test, expect } from './fixtures/app';
import { FilingJourney, chinaToday, projectResidentId } from './fixtures/filing';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

/** Files a Tianjin retiree's referral to Langfang (qualified for diabetes care) through the journey; answers the
 * filing number. */
async function fileReferral(page: Page, id: string): Promise<string> {
  const journey = new FilingJourney(page);
  await journey.start();
  await journey.who('为我自己');
  await journey.person('孙秀英', id, '13698765432');
  await journey.insured('120000', '120000', '职工医保（退休）');
  await journey.category(/异地转诊人员/);
  await journey.destination('130000', '131000');
  await journey.dates(chinaToday());
  await journey.proof({ referral: '天津医科大学总医院', chronic: ['糖尿病 M01600'] });
  await journey.submit();
  await journey.expectPage('备案成功');
  return (await page.locator('.filing-number').innerText()).trim();
}

test('the confirmation leads to select point, the card, a prefilled estimate, a calendar reminder and my filings', async ({ app, page }, testInfo) => {
  const id = projectResidentId(testInfo, '1201011956121200');
  const number = await fileReferral(page, id);
  const steps = page.locator('.next-steps');
  await expect(steps.locator('> li')).toHaveCount(5);
  await app.expectAccessible();
  await app.screenshot('filing-done-next-zh');
  const done = page.url();

  // 选点: Tianjin's policy data has a points rule for chronic-disease care, and this filing holds a qualification.
  await steps.getByRole('link', { name: '选择定点医疗机构' }).click();
  await expect(app.heading).toHaveText('选择定点医疗机构');
  await expect.poll(() => new URL(page.url()).pathname).toBe(`/filings/${number}/points`);

  await page.goto(done);
  await steps.getByRole('link', { name: '查看本服务的备案卡（不能代替医保电子凭证）' }).click();
  await expect(app.heading).toBeVisible();
  await expect.poll(() => new URL(page.url()).pathname).toBe(`/filings/${number}/card`);

  // The estimate starts from the filing: insured place, scheme, category, destination and the day of care.
  await page.goto(done);
  await steps.getByRole('link', { name: '用这条备案估算费用' }).click();
  await expect(page.locator('#insured-city')).toHaveValue('120000');
  await expect(page.locator('#treatment-province')).toHaveValue('130000');
  await expect(page.locator('#treatment-city')).toHaveValue('131000');
  await expect(page.locator('input[name="scheme"][value="employee_retired"]')).toBeChecked();
  await expect(page.locator('#filing')).toHaveValue('referral');
  await expect(page.locator('#date')).toHaveValue(chinaToday());

  // A temporary filing's last day goes into the person's calendar, with a reminder a week before.
  await page.goto(done);
  const lastDay = await steps.locator('li', { hasText: '到期' }).locator('p').innerText();
  const end = lastDay.match(/\d{4}-\d{2}-\d{2}/)![0];
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    steps.getByRole('link', { name: '添加到日历（提前 7 天提醒）' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`yidi-${number}.ics`);
  const ics = readFileSync((await download.path())!, 'utf8').replace(/\r\n /g, '');
  expect(ics).toContain(`DTSTART;VALUE=DATE:${end.replaceAll('-', '')}`);
  expect(ics).toContain(`SUMMARY:跨省异地就医备案 ${number} 今天到期`);
  expect(ics).toContain('TRIGGER:-P7D');
  expect(ics).not.toContain(id);

  await steps.getByRole('link', { name: /我的备案/ }).click();
  await expect(app.heading).toHaveText('我的备案');
  await expect(page.locator('main')).toContainText(number);

  // In English the same steps, in English.
  await page.goto(done);
  await expect(app.heading).toBeVisible();
  await app.languageSwitch.click();
  await expect(steps.getByRole('link', { name: 'Choose designated institutions' })).toBeVisible();
  await expect(steps.getByRole('link', { name: /does not replace the medical insurance e-voucher/ })).toBeVisible();
  await expect(steps.getByRole('link', { name: 'Estimate costs with this filing' })).toBeVisible();
  await expect(steps.getByRole('link', { name: 'Add to calendar (reminder 7 days before)' })).toBeVisible();
  await app.expectAccessible();
  await app.screenshot('filing-done-next-en');
});

test('back after submitting says the filing was submitted, with no form to send again', async ({ app, page }, testInfo) => {
  const id = projectResidentId(testInfo, '1201011957010100');
  const number = await fileReferral(page, id);
  await page.goBack();
  await expect(app.heading).toHaveText('这份备案已经提交');
  await expect(page.locator('main')).toContainText(number);
  await expect(page.getByRole('button', { name: '提交备案' })).toHaveCount(0);
  await app.expectAccessible();
  await app.screenshot('filing-back-after-submit-zh');
  await page.getByRole('link', { name: '查看这条备案' }).click();
  await expect.poll(() => new URL(page.url()).pathname).toBe(`/filings/${number}`);
});

test('a Change link returns to check answers, by way of any question the change makes necessary', async ({ app, page }, testInfo) => {
  const journey = new FilingJourney(page);
  await journey.start();
  await expect(page.locator('.step-counter')).toHaveText('第 1 步，共 8 步');
  await journey.who('为我自己');
  // An ID number typed in full-width digits (a Chinese input method's full-width mode) is the same number.
  const id = projectResidentId(testInfo, '1201011958020200');
  const fullWidth = [...id].map((c) => (/\d/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
  await journey.person('周玉兰', fullWidth, '13611112222');
  await journey.insured('120000', '120000', '职工医保（退休）');
  await journey.category(/异地安置退休人员/);
  // Cross-provincial care is care outside the insured province: Tianjin is not offered as a destination.
  await expect(page.locator('#destination_province option[value="120000"]')).toHaveCount(0);
  await expect(page.locator('#destination_province option[value="130000"]')).toHaveCount(1);
  await journey.destination('130000', '131000');
  await journey.dates(chinaToday());
  await journey.proof();
  await expect(page.locator('.step-counter')).toHaveText('第 8 步，共 8 步');
  await expect(page.locator('.summary-list')).toContainText(id);

  // A phone changed: straight back to check answers, not through five more questions.
  await page.getByRole('link', { name: '修改 手机号码' }).click();
  await journey.expectPage('就医人的信息');
  await expect(page.locator('main a.back-link')).toHaveAttribute('href', '/file/check');
  await page.getByLabel('手机号码').fill('13633334444');
  await journey.continue();
  await journey.expectPage('核对您的回答');
  await expect(page.locator('.summary-list')).toContainText('13633334444');

  // A referral needs the referring institution, asked on a later page: the change goes there, then back.
  await page.getByRole('link', { name: '修改 备案类别' }).click();
  await journey.expectPage('选择备案类别');
  await page.getByLabel(/异地转诊人员/).check();
  await journey.continue();
  await journey.expectPage('证明材料和门诊慢特病');
  await page.getByLabel('出具转诊的定点医疗机构').fill('天津市第一中心医院');
  await journey.continue();
  await journey.expectPage('核对您的回答');
  await expect(page.locator('.summary-list')).toContainText('天津市第一中心医院');
  await app.expectAccessible();
});

test('an unknown address answers 404 with the not-found page', async ({ app }) => {
  await app.openMissing('/file/whom');
  await expect(app.heading).toHaveText('找不到这个页面');
});

test('already in hospital: the home page has a way in, and a past start date is asked as a question first', async ({ app, page }, testInfo) => {
  await app.open('/');
  await page.getByRole('link', { name: '现在补办备案' }).click();
  await expect(app.heading).toHaveText('办理跨省异地就医备案');
  const journey = new FilingJourney(page);
  await page.getByRole('link', { name: /开始备案|继续填写/ }).click();
  await journey.expectPage('为谁办理备案？');
  await journey.who('为我自己');
  await journey.person('吴志强', projectResidentId(testInfo, '5101071985060600'), '13588889999');
  await journey.insured('510000', '510100', '职工医保（在职）');
  await journey.category(/异地急诊抢救人员/);
  await journey.destination('110000', '110000');

  // Admitted two days ago: Continue takes the person to the question that date opens, with no error.
  await page.getByLabel('开始日期').fill(chinaToday(-2));
  await journey.continue();
  await expect(page.locator('#supplementary')).toBeFocused();
  await expect(page.locator('.error-summary')).toHaveCount(0);
  await expect(page).not.toHaveTitle(/^错误/);
  await app.screenshot('filing-dates-past-question-zh');
  // Only a second Continue without an answer is an error.
  await journey.continue();
  await expect(page.locator('.error-summary')).toBeVisible();
  await page.getByLabel('已入院，还没有出院结算').check();
  await journey.continue();
  await journey.expectPage('证明材料和门诊慢特病');
  await journey.continue();
  await journey.expectPage('核对您的回答');
  await expect(page.locator('.summary-list')).toContainText('已入院，还没有出院结算');
});
