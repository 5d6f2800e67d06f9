import { test, expect } from './fixtures/app';
import { FilingJourney, chinaToday, fileByApi, projectResidentId, type Lang } from './fixtures/filing';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

/** The journey in the person's language: the one chosen before the first page (English) or the default. */
async function journeyIn(page: Page, lang: Lang): Promise<FilingJourney> {
  return lang === 'en' ? FilingJourney.inEnglish(page) : new FilingJourney(page);
}

/** Files a Tianjin retiree's referral to Langfang (qualified for diabetes care) through the journey; answers the
 * filing number. */
async function fileReferral(page: Page, id: string, lang: Lang = 'zh'): Promise<string> {
  const journey = await journeyIn(page, lang);
  const zh = lang === 'zh';
  await journey.start();
  await journey.who(zh ? '为我自己' : 'Myself');
  await journey.person('孙秀英', id, '13698765432');
  await journey.insured('120000', '120000', zh ? '职工医保（退休）' : 'Employee (retired)');
  await journey.category(zh ? /异地转诊人员/ : /^Referral/);
  await journey.destination('130000', '131000');
  await journey.dates(chinaToday());
  await journey.proof({ referral: '天津医科大学总医院', chronic: [zh ? '糖尿病 M01600' : 'Diabetes'] });
  // No end date given: check answers names the default last day, which the confirmation then shows.
  const defaultEnd = zh ? /未填写：默认半年，到 (\d{4}-\d{2}-\d{2})/ : /Not given: half a year, until (\d{4}-\d{2}-\d{2})/;
  await expect(page.locator('.summary-list')).toContainText(defaultEnd);
  const end = (await page.locator('.summary-list').innerText()).match(defaultEnd)![1];
  await journey.submit();
  await journey.expectPage(journey.words.titles.done);
  await expect(page.locator('main')).toContainText(end);
  return (await page.locator('.filing-number').innerText()).trim();
}

const NEXT = {
  zh: {
    body: '1201011956121200',
    points: '选择定点医疗机构',
    card: '查看本服务的备案卡（不能代替医保电子凭证）',
    estimate: '用这条备案估算费用',
    ends: '到期',
    calendar: '添加到日历（提前 7 天提醒）',
    summary: (number: string) => `SUMMARY:跨省异地就医备案 ${number} 今天到期`,
    filings: /我的备案/,
    filingsTitle: '我的备案',
  },
  en: {
    body: '1201011956121300',
    points: 'Choose designated institutions',
    card: "See this service's filing card (it does not replace the medical insurance e-voucher)",
    estimate: 'Estimate costs with this filing',
    ends: 'ends on',
    calendar: 'Add to calendar (reminder 7 days before)',
    summary: (number: string) => `SUMMARY:Cross-provincial care filing ${number} ends today`,
    filings: /My filings/,
    filingsTitle: 'My filings',
  },
};

for (const lang of ['zh', 'en'] as const) {
  test(`the confirmation leads to select point, the card, a prefilled estimate, a calendar reminder and my filings (${lang})`, async ({ app, page }, testInfo) => {
    const words = NEXT[lang];
    const id = projectResidentId(testInfo, words.body);
    const number = await fileReferral(page, id, lang);
    const steps = page.locator('.next-steps');
    await expect(steps.locator('> li')).toHaveCount(5);
    await app.expectAccessible();
    await app.screenshot(`filing-done-next-${lang}`);
    const done = page.url();

    // 选点: Tianjin's policy data has a points rule for chronic-disease care, and this filing holds a qualification.
    await steps.getByRole('link', { name: words.points }).click();
    await expect(app.heading).toHaveText(words.points);
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/filings/${number}/points`);

    await page.goto(done);
    await steps.getByRole('link', { name: words.card }).click();
    await expect(app.heading).toBeVisible();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/filings/${number}/card`);
    await expect(page.locator('main')).toContainText(number);
    await app.screenshot(`filing-card-${lang}`);

    // The estimate starts from the filing: insured place, scheme, category, destination and the day of care.
    await page.goto(done);
    await steps.getByRole('link', { name: words.estimate }).click();
    await expect(page.locator('#insured-city')).toHaveValue('120000');
    await expect(page.locator('#treatment-province')).toHaveValue('130000');
    await expect(page.locator('#treatment-city')).toHaveValue('131000');
    await expect(page.locator('input[name="scheme"][value="employee_retired"]')).toBeChecked();
    await expect(page.locator('#filing')).toHaveValue('referral');
    await expect(page.locator('#date')).toHaveValue(chinaToday());

    // A temporary filing's last day goes into the person's calendar, with a reminder a week before.
    await page.goto(done);
    const lastDay = await steps.locator('li', { hasText: words.ends }).locator('p').innerText();
    const end = lastDay.match(/\d{4}-\d{2}-\d{2}/)![0];
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      steps.getByRole('link', { name: words.calendar }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`yidi-${number}.ics`);
    const ics = readFileSync((await download.path())!, 'utf8').replace(/\r\n /g, '');
    expect(ics).toContain(`DTSTART;VALUE=DATE:${end.replaceAll('-', '')}`);
    expect(ics).toContain(words.summary(number));
    expect(ics).toContain('TRIGGER:-P7D');
    expect(ics).not.toContain(id);

    await steps.getByRole('link', { name: words.filings }).click();
    await expect(app.heading).toHaveText(words.filingsTitle);
    await expect(page.locator('main')).toContainText(number);
  });
}

const BACK = {
  zh: { title: '这份备案已经提交', open: '查看这条备案', body: '1201011957010100' },
  en: { title: 'This filing has been submitted', open: 'See this filing', body: '1201011957010300' },
};

for (const lang of ['zh', 'en'] as const) {
  test(`back after submitting says the filing was submitted, with no form to send again (${lang})`, async ({ app, page }, testInfo) => {
    const words = BACK[lang];
    const number = await fileReferral(page, projectResidentId(testInfo, words.body), lang);
    await page.goBack();
    await expect(app.heading).toHaveText(words.title);
    await expect(page.locator('main')).toContainText(number);
    await expect(page.getByRole('button', { name: /提交备案|Submit filing/ })).toHaveCount(0);
    await app.expectAccessible();
    await app.screenshot(`filing-back-after-submit-${lang}`);
    await page.getByRole('link', { name: words.open }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/filings/${number}`);
  });
}

const CHANGE = {
  zh: {
    body: '1201011958020200', myself: '为我自己', scheme: '职工医保（退休）', resettled: /异地安置退休人员/,
    step1: '第 1 步，共 8 步', step8: '第 8 步，共 8 步', changePhone: '修改 手机号码', changeCategory: '修改 备案类别',
    referral: /异地转诊人员/,
  },
  en: {
    body: '1201011958020400', myself: 'Myself', scheme: 'Employee (retired)', resettled: /^Resettled retiree/,
    step1: 'Step 1 of 8', step8: 'Step 8 of 8', changePhone: 'Change Mobile phone number',
    changeCategory: 'Change Category', referral: /^Referral/,
  },
};

for (const lang of ['zh', 'en'] as const) {
  test(`a Change link returns to check answers, by way of any question the change makes necessary (${lang})`, async ({ app, page }, testInfo) => {
    const words = CHANGE[lang];
    const journey = await journeyIn(page, lang);
    const titles = journey.words.titles;
    await journey.start();
    await expect(page.locator('.step-counter')).toHaveText(words.step1);
    await journey.who(words.myself);
    // An ID number typed in full-width digits (a Chinese input method's full-width mode) is the same number.
    const id = projectResidentId(testInfo, words.body);
    const fullWidth = [...id].map((c) => (/\d/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
    await journey.person('周玉兰', fullWidth, '13611112222');
    await journey.insured('120000', '120000', words.scheme);
    await journey.category(words.resettled);
    // Cross-provincial care is care outside the insured province: Tianjin is not offered as a destination.
    await expect(page.locator('#destination_province option[value="120000"]')).toHaveCount(0);
    await expect(page.locator('#destination_province option[value="130000"]')).toHaveCount(1);
    await journey.destination('130000', '131000');
    await journey.dates(chinaToday());
    await journey.proof();
    await expect(page.locator('.step-counter')).toHaveText(words.step8);
    await expect(page.locator('.summary-list')).toContainText(id);

    // A phone changed: straight back to check answers, not through five more questions.
    await page.getByRole('link', { name: words.changePhone }).click();
    await journey.expectPage(titles.person);
    await expect(page.locator('main a.back-link')).toHaveAttribute('href', '/file/check');
    await page.getByLabel(journey.words.phone).fill('13633334444');
    await journey.continue();
    await journey.expectPage(titles.check);
    await expect(page.locator('.summary-list')).toContainText('13633334444');

    // A referral needs the referring institution, asked on a later page: the change goes there, then back.
    await page.getByRole('link', { name: words.changeCategory }).click();
    await journey.expectPage(titles.category);
    await page.getByLabel(words.referral).check();
    await journey.continue();
    await journey.expectPage(titles.proof);
    await page.getByLabel(journey.words.referral).fill('天津市第一中心医院');
    await journey.continue();
    await journey.expectPage(titles.check);
    await expect(page.locator('.summary-list')).toContainText('天津市第一中心医院');
    await app.expectAccessible();
    await app.screenshot(`filing-check-changed-${lang}`);
  });
}

test('an unknown address answers 404 with the not-found page', async ({ app }) => {
  await app.openMissing('/file/whom');
  await expect(app.heading).toHaveText('找不到这个页面');
});

const ALREADY = {
  zh: {
    body: '5101071985060600', link: '现在补办备案', myself: '为我自己', scheme: '职工医保（在职）',
    emergency: /异地急诊抢救人员/, before: '已入院，还没有出院结算', errorTitle: /^错误/,
  },
  en: {
    body: '5101071985060800', link: 'File now, after admission', myself: 'Myself', scheme: 'Employee (in service)',
    emergency: /^Emergency/, before: 'In hospital, not yet settled at discharge', errorTitle: /^Error/,
  },
};

for (const lang of ['zh', 'en'] as const) {
  test(`already in hospital: the home page has a way in, and a past start date is asked as a question first (${lang})`, async ({ app, page }, testInfo) => {
    const words = ALREADY[lang];
    const journey = await journeyIn(page, lang);
    const titles = journey.words.titles;
    await app.open('/');
    await page.getByRole('link', { name: words.link }).click();
    await expect(app.heading).toHaveText(titles.start);
    await page.getByRole('link', { name: journey.words.start }).click();
    await journey.expectPage(titles.who);
    await journey.who(words.myself);
    await journey.person('吴志强', projectResidentId(testInfo, words.body), '13588889999');
    await journey.insured('510000', '510100', words.scheme);
    await journey.category(words.emergency);
    await journey.destination('110000', '110000');

    // Admitted two days ago: the date opens a question (补办) below it; Continue without its answer names it at
    // once, linked from the summary, as any unanswered question is.
    await page.getByLabel(journey.words.startDate).fill(chinaToday(-2));
    await expect(page.locator('#supplementary')).toBeVisible();
    await journey.continue();
    await expect(page.locator('.error-summary')).toBeFocused();
    await expect(page).toHaveTitle(words.errorTitle);
    await app.screenshot(`filing-dates-past-question-${lang}`);
    await page.getByLabel(words.before).check();
    await journey.continue();
    await journey.expectPage(titles.proof);
    await journey.continue();
    await journey.expectPage(titles.check);
    await expect(page.locator('.summary-list')).toContainText(words.before);
  });
}

test('a confirmation opened on another device says where the filing is, and leads there', async ({ app, page, request }, testInfo) => {
  const number = await fileByApi(request, {
    person: { name: '钱玉兰', resident_id: projectResidentId(testInfo, '1201011957030300'), phone: '13655556666' },
  });
  await app.open(`/file/done/${number}`);
  await expect(page.locator('main')).toContainText('这台设备上没有这条备案的详情');
  await expect(page.locator('.next-steps')).toHaveCount(0);
  await page.getByRole('link', { name: '查看这条备案' }).click();
  await expect.poll(() => new URL(page.url()).pathname).toBe(`/filings/${number}`);
  await expect(app.heading).toBeVisible();
});
