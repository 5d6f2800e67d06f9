import { test, expect } from './fixtures/app';
import { FilingJourney, chinaToday, projectResidentId, residentId } from './fixtures/filing';

test('person page: empty answers get a summary, messages beside fields and an error title', async ({ app, page }) => {
  const journey = new FilingJourney(page);
  await journey.start();
  await journey.who('为我自己');
  await journey.continue();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText(['请输入姓名', '请输入身份证号码', '请输入手机号码']);
  await expect(page).toHaveTitle(/^错误：就医人的信息/);
  await expect(page.locator('#resident_id-error')).toContainText('请输入身份证号码');
  await app.expectAccessible();
  await app.screenshot('filing-person-errors-zh');
});

test('a wrong check digit is named, a lowercase x is fine, and what was typed stays', async ({ page }) => {
  const journey = new FilingJourney(page);
  await journey.start();
  await journey.who('为我自己');
  const good = residentId('11010519491231002'); // ends in X
  const wrong = good.slice(0, 17) + '1';
  await page.getByLabel('姓名', { exact: true }).fill('张建国');
  await page.getByLabel('身份证号码').fill(wrong);
  await page.getByLabel('手机号码').fill('2380013800');
  await journey.continue();
  await expect(page.locator('#resident_id-error')).toContainText('校验位不对');
  await expect(page.locator('#phone-error')).toContainText('11位手机号码');
  await expect(page.getByLabel('身份证号码')).toHaveValue(wrong);
  await expect(page.getByLabel('手机号码')).toHaveValue('2380013800');
  // A reload (or a crashed tab) loses nothing typed.
  await page.reload();
  await expect(page.getByLabel('身份证号码')).toHaveValue(wrong);
  // Slips a check digit cannot catch: a digit in the name, a province code that is none (99), a birth after today.
  await page.getByLabel('姓名', { exact: true }).fill('张建国1');
  await page.getByLabel('身份证号码').fill(residentId('99010519491231002'));
  await journey.continue();
  await expect(page.locator('#name-error')).toContainText('姓名里不能有数字');
  await expect(page.locator('#resident_id-error')).toContainText('前两位不是省份代码');
  await expect(page.getByLabel('姓名', { exact: true })).toHaveValue('张建国1');
  await page.getByLabel('姓名', { exact: true }).fill('张建国');
  await page.getByLabel('身份证号码').fill(residentId('11010520991231002'));
  await journey.continue();
  await expect(page.locator('#resident_id-error')).toContainText('出生日期（第7到14位）在今天之后');
  await page.getByLabel('身份证号码').fill(good.toLowerCase());
  await page.getByLabel('手机号码').fill('13800138000');
  await journey.continue();
  await journey.expectPage('参保地和险种');
});

test('a resettled retiree (long-term) files end to end', async ({ app, page }, testInfo) => {
  const journey = new FilingJourney(page);
  const id = projectResidentId(testInfo, '1201011950010200');
  await journey.start();
  await journey.who('为我自己');
  await journey.person('张建国', id, '13800138000');
  await journey.insured('120000', '120000', '职工医保（退休）');
  // Each category says once whether it is long-term or temporary: a name that says so already gets no tag.
  await expect(page.locator('.radio__label')).toHaveText([
    '异地安置退休人员（长期）',
    '异地长期居住人员',
    '常驻异地工作人员（长期）',
    '其他长期异地居住人员',
    '异地转诊人员（临时）',
    '异地急诊抢救人员（临时）',
    '其他临时外出就医人员',
  ]);
  await journey.category(/异地安置退休人员/);
  // Tianjin allows filing to a whole province; here the person picks one city.
  await expect(page.getByLabel('全省')).toBeVisible();
  await journey.destination('130000', '131000');
  await journey.dates(chinaToday());
  await journey.proof({ chronic: ['糖尿病 M01600'] });
  await expect(page.locator('.summary-list')).toContainText('廊坊市');
  await expect(page.locator('.summary-list')).toContainText('长期有效，直到变更或取消');
  await app.expectAccessible();
  await app.screenshot('filing-check-zh');
  await journey.submit();
  await journey.expectPage('备案成功');
  const number = await page.locator('.filing-number').innerText();
  expect(number).toMatch(/^YD[0-9A-Z]{8,}$/);
  await expect(page.locator('main')).toContainText('1201**********');
  await expect(page.locator('main')).not.toContainText(id);
  await app.expectAccessible();
  await app.screenshot('filing-done-zh');
  // The draft is cleared after a successful submit.
  await page.goto('/file');
  await expect(page.getByRole('link', { name: '开始备案' })).toBeVisible();
});

test('a referral (temporary) filed by a family member is valid half a year by default', async ({ page }, testInfo) => {
  const journey = new FilingJourney(page);
  await journey.start();
  await journey.who('为家人代办', { filer: '李小红', relation: '子女' });
  await journey.person('李明', projectResidentId(testInfo, '1101021948020300'), '13912345678');
  await journey.insured('110000', '110000', '城乡居民医保');
  await journey.category(/异地转诊人员/);
  // Beijing has published no rule allowing whole-province filings: only a city.
  await expect(page.getByLabel('全省')).toHaveCount(0);
  await journey.destination('310000', '310000');
  await journey.dates(chinaToday());
  // Filed by a daughter: the commitment is hers, as the family member filing, about the patient; disease codes
  // are there for staff, small, after the names.
  await expect(page.locator('.commitment__text')).toContainText('我作为代办人承诺，所填就医人的信息真实有效');
  await expect(page.locator('.commitment__text')).not.toContainText('本人承诺');
  await expect(page.locator('label[for="chronic-M01600"] .disease-code')).toHaveText('M01600');
  // Without the referring institution the proof page stops with its message.
  await page.getByLabel('我已阅读并同意个人承诺书').check();
  await journey.continue();
  await expect(page.locator('.error-summary')).toContainText('转诊需要填写参保地出具转诊的定点医疗机构');
  await journey.proof({ referral: '北京协和医院' });
  await expect(page.locator('.summary-list')).toContainText('北京协和医院');
  // Whose each answer is: the applicant, how she is related to the patient, and the patient's name.
  const answer = (label: string) =>
    page.locator('.summary-list__row', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd').first();
  await expect(answer('办理人')).toHaveText('为家人代办 · 李小红');
  await expect(answer('您是就医人的')).toHaveText('子女');
  await expect(answer('就医人姓名')).toHaveText('李明');
  await journey.submit();
  await journey.expectPage('备案成功');
  const validity = await page.locator('.summary-list').innerText();
  expect(validity).toContain(chinaToday());
  expect(validity).toMatch(/– \d{4}-\d{2}-\d{2}/);
});
