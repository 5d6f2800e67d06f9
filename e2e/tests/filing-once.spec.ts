import { test, expect } from './fixtures/app';
import { FilingJourney, chinaToday, projectResidentId } from './fixtures/filing';

// A person holds one filing of each kind (long-term, temporary) in effect. The check page says so before the person
// submits, from the filings this device made; the server refuses a second one made elsewhere, and the page shows
// its answer without losing anything typed.

/** Walks the journey for a Tianjin retiree in the given category up to the check page. */
async function walkToCheck(journey: FilingJourney, name: string, id: string, phone: string, category: RegExp, city: [string, string]) {
  await journey.start();
  await journey.who('为我自己');
  await journey.person(name, id, phone);
  await journey.insured('120000', '120000', '职工医保（退休）');
  await journey.category(category);
  await journey.destination(city[0], city[1]);
  await journey.dates(chinaToday());
  await journey.proof();
}

test('filing again for the same person and kind: the check page says one is in effect and links to it', async ({ app, page }, testInfo) => {
  const id = projectResidentId(testInfo, '1201011953070700');
  const journey = new FilingJourney(page);
  await walkToCheck(journey, '周丽华', id, '13611112222', /异地安置退休人员/, ['130000', '131000']);
  // Nothing on this device yet: no notice.
  await expect(page.locator('#in-effect')).toHaveCount(0);
  await journey.submit();
  await journey.expectPage('备案成功');
  const number = (await page.locator('.filing-number').innerText()).trim();

  // Starting again for the same ID number, another long-term category and place: the same kind.
  await walkToCheck(journey, '周丽华', id, '13611112222', /异地长期居住人员/, ['460000', '460100']);
  const notice = page.locator('#in-effect');
  await expect(notice.getByRole('heading')).toHaveText('您已有一条未到期的长期备案');
  await expect(notice).toContainText(`在本机办理的备案 ${number} 还没有到期（包括还没开始的）`);
  const link = notice.getByRole('link', { name: `查看、变更或取消备案 ${number}` });
  await expect(link).toBeVisible();
  // The notice stands above the submit button.
  const noticeBox = (await notice.boundingBox())!;
  const buttonBox = (await page.getByRole('button', { name: '提交备案' }).boundingBox())!;
  expect(noticeBox.y + noticeBox.height).toBeLessThanOrEqual(buttonBox.y);
  await app.expectAccessible();
  await app.screenshot('filing-in-effect-zh');
  await app.languageSwitch.click();
  await expect(notice.getByRole('heading')).toHaveText('You already have a long-term filing that has not ended');
  await expect(notice.getByRole('link', { name: `View, change or cancel filing ${number}` })).toBeVisible();
  await app.screenshot('filing-in-effect-en');
  await app.languageSwitch.click();

  // Submitting anyway: the server refuses, and names the filing to its own person (same name and phone).
  await journey.submit();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText(`这个身份证号码已有一条未到期的长期备案（备案号 ${number}）`);
  await expect(page).toHaveTitle(/^错误：/);
  await expect(page.locator('.summary-list')).toContainText('周丽华');

  // The link opens that filing, where it can be changed or cancelled.
  await notice.getByRole('link', { name: `查看、变更或取消备案 ${number}` }).click();
  await expect(app.heading).toContainText(number);
  await page.getByLabel('身份证号码').fill(id);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByRole('button', { name: '取消这份备案' })).toBeVisible();
});

test('a filing of the kind made elsewhere: the refusal is shown, the answers stay, the number only to its own person', async ({ app, page, request }, testInfo) => {
  const id = projectResidentId(testInfo, '1201011954080800');
  // Filed on another device: this browser has no record of it.
  const elsewhere = await request.post('/api/filings', {
    headers: { 'idempotency-key': `once-elsewhere-${id}` },
    data: {
      applicant: { for: 'myself' },
      person: { name: '孙志强', resident_id: id, phone: '13833334444', insured_city: '120000', scheme: 'employee_retired' },
      category: 'referral',
      destination: { province: '310000', city: '310000' },
      start_date: chinaToday(),
      proof: { commitment_agreed: true, referral_institution: '天津医科大学总医院' },
    },
  });
  expect(elsewhere.status()).toBe(201);
  const number = (await elsewhere.json()).filing.number;

  const journey = new FilingJourney(page);
  await walkToCheck(journey, '孙志强', id, '13833334444', /其他临时外出就医人员/, ['440000', '440100']);
  await expect(page.locator('#in-effect')).toHaveCount(0);
  await journey.submit();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText(
    `这个身份证号码已有一条未到期的临时备案（备案号 ${number}），同一人同类备案只能有一条未到期的。需要改就医地或日期的，请变更这条备案；不再需要的，先取消再重新备案。`,
  );
  const notice = page.locator('#in-effect');
  await expect(notice.getByRole('heading')).toHaveText('这个身份证号码已有一条未到期的临时备案');
  await expect(notice.getByRole('link', { name: `查看、变更或取消备案 ${number}` })).toHaveAttribute('href', `/filings/${number}`);
  await expect(page.locator('#submit-failure')).toHaveCount(0);
  await app.expectAccessible();
  await app.screenshot('filing-in-effect-refused-zh');

  // Everything typed is kept, across a reload too.
  await page.reload();
  await journey.expectPage('核对备案信息');
  for (const text of ['孙志强', id, '13833334444', '其他临时外出就医人员', '广州市']) {
    await expect(page.locator('.summary-list')).toContainText(text);
  }

  // With another phone than the filing's, the same refusal names no number: it says how to find the filing instead.
  await page.locator('.summary-list__row', { hasText: '手机号码' }).getByRole('link').click();
  await journey.expectPage('就医人的信息');
  await page.getByLabel('手机号码').fill('13899990000');
  // The Change link comes straight back to check answers.
  await journey.continue();
  await journey.expectPage('核对备案信息');
  await app.languageSwitch.click();
  await page.getByRole('button', { name: 'Submit filing' }).click();
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('This ID number already has a temporary filing that has not ended');
  await expect(summary).toContainText("call the insured place's medical insurance office");
  await expect(page.locator('main')).not.toContainText(number);
  await expect(notice.getByRole('link', { name: 'Look up a filing by its number to change or cancel it' })).toHaveAttribute('href', '/filings');
  await expect(page.locator('.summary-list')).toContainText('13899990000');
  await app.expectAccessible();
  await app.screenshot('filing-in-effect-refused-en');
  await app.languageSwitch.click();
});
