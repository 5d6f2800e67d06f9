import { test, expect } from './fixtures/app';
import { Estimator } from './fixtures/estimate';

/**
 * Issue 16: an estimate for everyone. A place whose figures are not in our data gets an answer at once, a range,
 * with the missing figures asked beside it; the person's figures narrow it to one amount.
 */

type Stay = { scheme?: string; filing?: string; a?: string; b?: string };

/** A stay in a Beijing tertiary hospital in May 2024, insured wherever the caller chose. */
async function beijingStay(e: Estimator, stay: Stay = {}) {
  await e.place('treatment', '110000', '110000');
  await e.care({
    scheme: stay.scheme ?? 'employee_retired',
    setting: 'inpatient',
    level: 'tertiary',
    filing: stay.filing ?? 'resettled_retiree',
    date: '2024-05-01',
  });
  await e.quick({ a: stay.a ?? '10000', b: stay.b });
}

/** The range as numbers, with both ends present and in order. */
async function expectRange(e: Estimator, testid: 'fund' | 'personal') {
  const { low, high } = await e.range(testid);
  expect(low, `${testid} low`).not.toBeNull();
  expect(high, `${testid} high`).not.toBeNull();
  expect(Number(low)).toBeLessThan(Number(high));
  return { low: Number(low), high: Number(high) };
}

const places = [
  { name: 'Shijiazhuang', province: '130000', city: '130100', hit: /Shijiazhuang|石家庄/ },
  { name: 'Urumqi', province: '650000', city: '650100', hit: /Urumqi|Wulumuqi|乌鲁木齐/ },
  { name: 'Lhasa', province: '540000', city: '540100', hit: /Lhasa|Lasa|拉萨/ },
];

test.describe('an estimate for every insured place', () => {
  for (const place of places) {
    test(`${place.name}: a range at once, the missing figures asked in place, narrowed to one amount`, async ({
      app,
      page,
    }) => {
      const e = new Estimator(page);
      await e.open();
      // Said up front, once: which places our data covers.
      await expect(page.locator('.estimate-coverage')).toContainText('我们收录了');
      await expect(page.locator('.estimate-coverage')).toContainText('标着“未核实”的数字还没有和官方原文核对过');
      await expect(page.locator('.estimate-coverage')).not.toContainText('已核实');
      await e.place('insured', place.province, place.city);
      await beijingStay(e);

      const fund = await expectRange(e, 'fund');
      const personal = await expectRange(e, 'personal');
      expect(personal.low + fund.high).toBeCloseTo(10000, 2);
      expect(personal.high + fund.low).toBeCloseTo(10000, 2);
      // The bar: the fund's sure part, its range hatched, then the person's sure part, each as wide as its share
      // of the 10,000 bill; the words give both ends in whole percent.
      const division = await e.division();
      expect(division.drawn.fund).toBeCloseTo(fund.low / 10000, 1);
      expect(division.drawn.open).toBeCloseTo((fund.high - fund.low) / 10000, 1);
      expect(division.drawn.person).toBeCloseTo(personal.low / 10000, 1);
      const percent = (amount: number) => Math.round((amount / 10000) * 100);
      expect(division.words).toEqual([
        `医保基金支付约 ${percent(fund.low)}% 至 ${percent(fund.high)}%`,
        `个人支付约 ${percent(personal.low)}% 至 ${percent(personal.high)}%`,
        '斜线部分：还不知道的数字定下来后，才知道由谁支付',
      ]);
      await expect(e.errorSummary()).toHaveCount(0);
      await expect(page.locator('.estimate-range-note')).toBeVisible();
      await expect(page.locator('#ask > .hint')).toHaveText('不知道的可以空着，结果按范围显示。');
      await expect(page.locator('.estimate-ask__basis').first()).not.toContainText('结果都一样');
      await expect(e.asked()).toHaveCount(3);
      for (const figure of ['deductible', 'ratio_bands', 'annual_cap']) {
        await expect(page.locator(`.estimate-ask__figure[data-figure="${figure}"]`)).toBeVisible();
      }
      const deductible = page.locator('.estimate-ask__figure[data-figure="deductible"]');
      await expect(deductible).toContainText('12393');
      await expect(deductible.locator('.estimate-ask__basis')).toContainText(
        /现在按 ¥[\d,.]+ 至 ¥[\d,.]+ 计算：这是我们收录的 \d+ 个参保地.+中最低和最高的/,
      );
      await app.expectAccessible();
      await page.evaluate(() => window.scrollTo(0, 0));
      await app.screenshot(`estimate-range-${place.name.toLowerCase()}-zh`);

      // Typed key by key: the field keeps its focus while the result changes under it.
      await page.locator('#my-deductible').pressSequentially('1000');
      await expect(page.locator('#my-deductible')).toHaveValue('1000');
      await expect(page.locator('#my-deductible')).toBeFocused();
      const narrower = await expectRange(e, 'fund');
      expect(narrower.low).toBeGreaterThanOrEqual(fund.low);
      expect(narrower.high).toBeLessThanOrEqual(fund.high);
      // A ratio typed as a fraction is asked about, not read as 0.9% (a fund's share a hundred times too small); the
      // question and what was typed stay.
      await page.locator('#my-bands').pressSequentially('0.9');
      await expect(e.fieldError('my-bands')).toContainText('85% 写“85%”，不写“0.85”');
      await expect(page.locator('#result')).toContainText('有需要修改的地方');
      await expect(page.locator('#my-bands')).toHaveValue('0.9');
      await expect(page.locator('#my-bands')).toBeFocused();
      await page.locator('#my-bands').fill('');
      await page.locator('#my-bands').pressSequentially('90%');
      // Every cap in our data is above 8,100, so the cap no longer matters: one amount.
      await e.expectFigures('8100.00', '1900.00');
      await expect(page.locator('.estimate-range-note')).toHaveCount(0);
      const known = await e.division();
      expect(known.perMille).toEqual({ fund: 810, open: 0, person: 190 });
      expect(known.words).toEqual(['医保基金支付约 81%', '个人支付约 19%']);
      await expect(deductible.locator('.estimate-ask__basis')).toHaveText('已按您填写的数字计算。');
      await expect(page.locator('.estimate-yours')).toContainText('起付标准、支付比例');
      await app.expectAccessible();
    });
  }

  for (const place of places) {
    test(`in English, ${place.name} is found by its English name and the range is explained`, async ({ app, page }) => {
      const e = new Estimator(page);
      await e.open();
      await app.languageSwitch.click();
      // The data's figures are mostly not yet checked against the official text: the line does not call them verified.
      await expect(page.locator('.estimate-coverage')).toContainText('Our data has the benefit figures of');
      await expect(page.locator('.estimate-coverage')).toContainText('A figure marked unverified has not been checked');
      await expect(page.locator('.estimate-coverage')).not.toContainText(/verified figures/i);
      await e.searchPlace('insured', place.name, place.hit);
      await expect(page.locator('#insured-city')).toHaveValue(place.city);
      await beijingStay(e);
      await expectRange(e, 'fund');
      await expect(page.locator('.estimate-range-note')).toContainText('The result is a range');
      await expect(page.locator('.estimate-ask__figure[data-figure="ratio_bands"]')).toContainText(
        /lowest and highest among the \d+ insured places in our data, for /,
      );
      // Both ends are on one line each: the amount never breaks inside itself.
      for (const amount of await page.locator('[data-testid="fund"] .amount').all()) {
        const lines = await amount.evaluate((el) => el.getClientRects().length);
        expect(lines).toBe(1);
      }
      await app.expectAccessible();
      await page.evaluate(() => window.scrollTo(0, 0));
      await app.screenshot(`estimate-range-${place.name.toLowerCase()}-en`);
      await e.notice({ deductible: '1000', bands: '90%' });
      await e.expectFigures('8100.00', '1900.00');
    });
  }

  test('Shanghai with Class B amounts gives an answer, and the Class B share narrows it', async ({ app, page }) => {
    const e = new Estimator(page);
    await e.open();
    await e.place('insured', '110000', '110000');
    await e.place('treatment', '310000', '310000');
    await e.care({
      scheme: 'employee_in_service',
      setting: 'inpatient',
      level: 'tertiary',
      filing: 'long_term_resident',
      date: '2024-05-01',
    });
    await e.quick({ a: '10000', b: '2000' });
    await expect(e.errorSummary()).toHaveCount(0);
    await expect(e.fund()).toBeVisible();
    const share = page.locator('.estimate-ask__figure[data-figure="class_b_share"]');
    await expect(share).toBeVisible();
    await expect(share).toContainText('乙类先行自付');
    await app.expectAccessible();
    await page.evaluate(() => window.scrollTo(0, 0));
    await app.screenshot('estimate-range-shanghai-class-b-zh');
    // A slip's 乙类先行自付 gives the share it implies: 200 of 2,000 is 10%.
    await page.locator('#my-class-b-amount').fill('2000.01');
    await expect(e.fieldError('my-class-b-amount')).toContainText('乙类先行自付不能超过乙类费用');
    await expect(page.locator('#class-b')).toHaveValue('2000');
    // A message said of any amount names this one, though its label starts with "或者".
    await page.locator('#my-class-b-amount').fill('两百');
    await expect(e.fieldError('my-class-b-amount')).toContainText('结算单上的乙类先行自付金额：金额只能填数字');
    await page.locator('#my-class-b-amount').fill('200');
    const fromSlip = await e.figures();
    expect(fromSlip.fund).toMatch(/^\d+\.\d\d$/);
    await expect(page.locator('.estimate-step').filter({ hasText: '乙类先行自付比例 10%' })).toHaveCount(1);
    // The share itself, where it is known, gives the same amount.
    await page.locator('#my-class-b-amount').fill('');
    await page.locator('#my-class-b').fill('10');
    await e.expectFigures(fromSlip.fund!, fromSlip.personal!);
    await expect(page.locator('.estimate-total')).toContainText('¥12,000.00');
  });

  test('a referral from an uncovered place runs from no cut to the national maximum until the cut is given', async ({
    app,
    page,
  }) => {
    const e = new Estimator(page);
    await e.open();
    await e.place('insured', '130000', '130100');
    await beijingStay(e, { scheme: 'employee_in_service', filing: 'referral' });
    await expect(e.asked()).toHaveCount(4);
    await e.notice({ deductible: '1000', bands: '90%', cap: '无' });
    // 9,000 above the deductible: 90% with no cut, 80% with the national maximum of 10 points for a referral.
    await expect(e.fund()).toHaveAttribute('data-low', '7200.00');
    await expect(e.fund()).toHaveAttribute('data-high', '8100.00');
    const cut = page.locator('.estimate-ask__figure[data-figure="reduction"]');
    await expect(cut.locator('.estimate-ask__basis')).toContainText('从不下调到下调 10 个百分点');
    await expect(page.locator('.estimate-warnings')).toContainText('最多下调 10 个百分点');
    await app.expectAccessible();
    await page.evaluate(() => window.scrollTo(0, 0));
    await app.screenshot('estimate-range-referral-zh');

    await page.locator('#my-reduction').selectOption('subtract_points');
    await page.locator('#my-reduction-value').fill('5');
    await e.expectFigures('7650.00', '2350.00');

    await app.languageSwitch.click();
    await page.locator('#my-reduction').selectOption('');
    await expect(cut.locator('.estimate-ask__basis')).toContainText('from no cut to a cut of 10 percentage points');
    await app.expectAccessible();
    await page.evaluate(() => window.scrollTo(0, 0));
    await app.screenshot('estimate-range-referral-en');
  });
});
