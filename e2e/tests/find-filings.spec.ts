import { test, expect } from './fixtures/app';
import { fileByApi, projectResidentId } from './fixtures/filing';

test('a filing made on another device is found by ID number, name and phone, and opens at once', async ({ app, page, request }, testInfo) => {
  const id = projectResidentId(testInfo, '1201011961070700');
  // Filed elsewhere (another device): this browser context starts with nothing stored.
  const number = await fileByApi(request, {
    applicant: { for: 'family', filer_name: '郑小燕', relation: 'child' },
    person: { name: '郑国庆', resident_id: id, phone: '13566667777' },
    category: 'resettled_retiree',
  });

  await app.open('/filings');
  await expect(page.locator('#device-heading + p')).toContainText('本机');
  const form = page.locator('section', { has: page.locator('#find-heading') });

  // Every problem of the form at once, beside its field, and nothing typed is lost.
  await form.getByLabel('身份证号码').fill('1201');
  await form.getByRole('button', { name: '找回备案' }).click();
  await expect(page.locator('.error-summary').getByRole('link')).toHaveCount(3);
  await expect(form.getByLabel('身份证号码')).toHaveValue('1201');

  // A wrong name: the same answer as for nobody at all.
  await form.getByLabel('身份证号码').fill(id);
  await form.getByLabel('姓名').fill('郑国强');
  await form.getByLabel('手机号码').fill('135 6666 7777');
  await form.getByRole('button', { name: '找回备案' }).click();
  await expect(page.locator('#find-answer')).toHaveText('没有找到与这三项都相符的备案。请核对身份证号码、姓名和备案时登记的手机号码。');

  await form.getByLabel('姓名').fill('郑国庆');
  await form.getByRole('button', { name: '找回备案' }).click();
  await expect(page.locator('#find-answer')).toContainText('找到 1 条备案');
  await expect(page.locator('#find-answer')).toContainText('郑**');
  await expect(page.locator('main')).not.toContainText(id);
  // Once found, the ID number, name and phone leave the form (a borrowed phone keeps nothing on screen).
  await expect(form.getByLabel('身份证号码')).toHaveValue('');
  await app.expectAccessible();
  await app.screenshot('filings-found-zh');

  // It opens without asking the ID number again, and is now among this device's filings.
  await page.locator('#find-answer').getByRole('link', { name: number }).click();
  await expect(app.heading).toContainText(number);
  await expect(page.locator('main')).toContainText('135****7777');
  await page.goto('/filings');
  await expect(page.locator('.filing-list').first()).toContainText(number);

  // In English.
  await expect(app.heading).toBeVisible();
  await app.languageSwitch.click();
  const english = page.locator('section', { has: page.locator('#find-heading') });
  await expect(page.locator('#find-heading')).toHaveText('Filed on another phone or computer');
  await english.getByLabel('Resident ID number').fill(id);
  await english.getByLabel('Name').fill('郑国庆');
  await english.getByLabel('Mobile number').fill('13566667770');
  await english.getByRole('button', { name: 'Find filings' }).click();
  await expect(page.locator('#find-answer')).toHaveText('No filing matches all three. Check the ID number, the name and the mobile number given at filing.');
  await app.expectAccessible();
  await app.screenshot('filings-find-none-en');
});

test('a mistyped filing number is said before anything is asked, and one form\'s answer leaves with the other\'s use', async ({ app, page }, testInfo) => {
  await app.open('/filings');
  let asked = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/filings/lookup')) asked++;
  });
  const id = projectResidentId(testInfo, '1201011961070800');
  await page.getByLabel('备案号').fill('YD123');
  await page.getByLabel('就医人的身份证号码').fill(id);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('.error-summary')).toContainText('备案号是 YD 加 12 位字母和数字');
  await expect(page.getByLabel('备案号')).toHaveValue('YD123');
  expect(asked).toBe(0);

  // A well-formed number nobody has: "not found", until the other form is used.
  await page.getByLabel('备案号').fill('YD7K3M9QX2T4BC');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('#lookup-notice')).toHaveText('没有找到这份备案：请核对备案号和身份证号码。');
  const form = page.locator('section', { has: page.locator('#find-heading') });
  await form.getByLabel('身份证号码').fill(id);
  await form.getByLabel('姓名').fill('郑国强');
  await form.getByLabel('手机号码').fill('13566667777');
  await form.getByRole('button', { name: '找回备案' }).click();
  await expect(page.locator('#find-answer')).toContainText('没有找到');
  await expect(page.locator('#lookup-notice')).toHaveCount(0);
});
