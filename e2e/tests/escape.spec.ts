import { test, expect } from './fixtures/app';
import { FilingJourney, chinaToday, projectResidentId } from './fixtures/filing';
import type { Page } from '@playwright/test';

// The free text a filing accepts, each carrying markup that would run if it were ever put into the page as HTML.
// The rules allow any text here but digits in the two names (up to 30 characters), and 100 characters for the
// referring institution.
const NAME = '<img src=x onerror=alert()>';
const FILER = '<script>alert()</script>';
const REFERRAL = '"><svg onload=alert(3)><b>粗体</b><iframe src=javascript:alert(4)>';
const ITEM = '<img src=x onerror=alert(5)>&lt;b&gt;';

/** Records every dialog (and dismisses it), so a payload that ran is seen even where CSP would not stop it. */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return dialogs;
}

/** No element the payloads would make exists anywhere in the page. */
async function expectNothingInjected(page: Page) {
  await expect(page.locator('[onerror], [onload], iframe, main script, main b, img[src="x"]')).toHaveCount(0);
}

test('hostile text typed into a filing is shown as text on every page that shows it', async ({ app, page, request }, testInfo) => {
  const dialogs = watchDialogs(page);
  const id = projectResidentId(testInfo, '1201011960060600');
  const journey = new FilingJourney(page);
  await journey.start();
  await journey.who('为家人代办', { filer: FILER, relation: '子女' });
  await journey.person(NAME, id, '13922223333');
  await journey.insured('120000', '120000', '职工医保（在职）');
  await journey.category(/异地转诊人员/);
  await journey.destination('440000', '440100');
  await journey.dates(chinaToday());
  await journey.proof({ referral: REFERRAL });

  // Check your answers: every typed text, literally.
  const summary = page.locator('.summary-list');
  for (const text of [NAME, FILER, REFERRAL]) await expect(summary).toContainText(text);
  await expectNothingInjected(page);

  await journey.submit();
  await journey.expectPage('备案成功');
  const number = (await page.locator('.filing-number').innerText()).trim();
  await expectNothingInjected(page);

  // What the server keeps and shows: the name masked to its first character, as text.
  const masked = '<' + '*'.repeat([...NAME].length - 1);
  const lookup = await request.post('/api/filings/lookup', { data: { number, resident_id: id } });
  expect(lookup.headers()['content-type']).toMatch(/^application\/json/);
  expect(lookup.headers()['x-content-type-options']).toBe('nosniff');
  expect((await lookup.json()).filing.name_masked).toBe(masked);

  // My filings: the list on this device, then the filing looked up by number and ID number.
  await page.getByRole('link', { name: '我的备案', exact: true }).click();
  await expect(page.locator('.filing-card')).toContainText(masked);
  await expectNothingInjected(page);
  await page.getByLabel('备案号').fill(number);
  await page.getByLabel('就医人的身份证号码').fill(id);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(app.heading).toContainText(number);
  await expect(page.locator('.summary-list')).toContainText(masked);
  await expectNothingInjected(page);

  // The care code page shows the masked name on the card.
  await page.goto(`/filings/${number}/card`);
  await page.getByLabel('身份证号码').fill(id);
  await page.getByRole('button', { name: '显示备案卡' }).click();
  await expect(page.locator('.care-card__name')).toHaveText(masked);
  await expectNothingInjected(page);

  expect(dialogs, 'dialogs opened by a payload').toEqual([]);
});

test('hostile text in a shared estimate link is shown as text', async ({ page }) => {
  const dialogs = watchDialogs(page);
  await page.goto(`/estimate?m=items&it=a~100~~${encodeURIComponent(ITEM)}`);
  await expect(page.locator('html:not(.booting) main h1')).toBeVisible();
  await expect(page.locator('#item-0-name')).toHaveValue(ITEM);
  await expectNothingInjected(page);
  expect(dialogs, 'dialogs opened by a payload').toEqual([]);
});
