import { test, expect } from './fixtures/app';
import { Estimator } from './fixtures/estimate';
import { addresses, prepareAddress, shown } from './fixtures/routes';
import type { Locator, Page } from '@playwright/test';
import { FilingJourney, chinaToday, projectResidentId } from './fixtures/filing';

// 关怀模式 (care mode) after China's elder-friendly design specifications (docs/care-mode.md): main text at least
// 18 px, the main controls at least 60 × 60, contrast by axe (WCAG AA), and every page usable at 320 CSS px (what
// 400 % zoom leaves of a 1280 px screen; 200 % leaves 640). Every route of the route table, from dist/routes.json.

const MIN_TEXT_PX = 18;
const MIN_TARGET_PX = 60;

/** The smallest font size of any visible text on the page, with where it is. */
async function smallestText(page: Page): Promise<{ px: number; where: string }> {
  return page.evaluate(() => {
    let smallest = { px: Infinity, where: '' };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent?.trim()) continue;
      if (element.closest('.visually-hidden, [hidden], [aria-hidden="true"], script, style')) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const px = parseFloat(getComputedStyle(element).fontSize);
      if (px < smallest.px) smallest = { px, where: `${element.tagName}.${element.className}: ${node.textContent.trim().slice(0, 30)}` };
    }
    return smallest;
  });
}

/** Buttons, inputs and the header's links smaller than the target size, named. */
async function smallTargets(page: Page, min: number): Promise<string[]> {
  return page.evaluate((min) => {
    const selector =
      'button, .button, .read-aloud, input:not([type="radio"]):not([type="checkbox"]):not([type="file"]), select, .site-nav__link, .back-link, .next-steps__action, .summary-list__actions a, .radio__input, .checkbox__input';
    return [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && (box.height < min - 0.5 || box.width < min - 0.5);
      })
      .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().width)}×${Math.round(el.getBoundingClientRect().height)}`);
  }, min);
}

test('the care mode switch is in the header, is remembered, and the server writes the next page in it', async ({ app, page }) => {
  await app.open('/');
  const toggle = page.getByRole('button', { name: '关怀模式', exact: true });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const before = await smallestText(page);
  expect(before.px).toBeLessThan(MIN_TEXT_PX);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveClass(/\bcare\b/);
  // The server's first paint of the next page is already in care mode (its cookie), before the app starts.
  const html = await (await page.request.get('/guide/file-first')).text();
  expect(html).toMatch(/<html lang="zh-CN" class="booting care">/);
  await page.reload();
  await expect(app.heading).toBeVisible();
  await expect(page.locator('html')).toHaveClass(/\bcare\b/);
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await app.screenshot('care-home-zh');
  // And off again.
  await toggle.click();
  await expect(page.locator('html')).not.toHaveClass(/\bcare\b/);
  await page.reload();
  await expect(app.heading).toBeVisible();
  await expect(page.locator('html')).not.toHaveClass(/\bcare\b/);
});

test('the home page offers care mode itself, and care mode reads the page aloud in its language', async ({ app, page }) => {
  // What the page hands the browser's speech synthesis (the real one speaks on; headless has no voices).
  await page.addInitScript(() => {
    const spoken: { text: string; lang: string }[] = [];
    (window as unknown as { spoken: typeof spoken }).spoken = spoken;
    const speak = speechSynthesis.speak.bind(speechSynthesis);
    speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
      spoken.push({ text: u.text, lang: u.lang });
      speak(u);
    };
  });
  const spoken = () => page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken);
  await app.open('/');
  await expect(page.locator('.read-aloud')).toHaveCount(0);
  const offer = page.locator('.care-offer__switch');
  await expect(offer).toHaveText('关怀模式：大字、大按钮，可以朗读');
  await offer.click();
  await expect(page.locator('html')).toHaveClass(/\bcare\b/);
  await expect(offer).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.care-offer')).toContainText('关怀模式已打开，再点一下就关闭');
  await expect(page.getByRole('button', { name: '关怀模式', exact: true })).toHaveAttribute('aria-pressed', 'true');

  await page.getByRole('button', { name: '朗读本页' }).click();
  await expect.poll(async () => (await spoken()).length).toBeGreaterThan(3);
  const lines = await spoken();
  expect(lines[0]).toEqual({ text: await app.heading.innerText(), lang: 'zh-CN' });
  expect(lines.map((l) => l.text)).not.toContain('朗读本页');
  expect(lines.map((l) => l.text)).toContain('关怀模式已打开，再点一下就关闭： 关怀模式：大字、大按钮，可以朗读');
  await app.screenshot('care-read-aloud-zh');

  // In English, in English.
  await app.languageSwitch.click();
  await page.getByRole('button', { name: /^(Read this page aloud|Stop reading)$/ }).click();
  if (await page.getByRole('button', { name: 'Read this page aloud' }).isVisible()) {
    // It had stopped reading the Chinese: this press starts the English.
    await page.getByRole('button', { name: 'Read this page aloud' }).click();
  }
  await expect.poll(async () => (await spoken()).some((l) => l.lang === 'en')).toBe(true);
  const english = (await spoken()).filter((l) => l.lang === 'en');
  expect(english[0].text).toBe(await app.heading.innerText());
  await app.screenshot('care-read-aloud-en');
});

test('in care mode at 320 px the three steps use their cards\' width, the number beside the heading', async ({ app, page, context, baseURL }) => {
  await context.addCookies([{ name: 'yidi-care', value: '1', url: baseURL! }]);
  await page.setViewportSize({ width: 320, height: 640 });
  await app.open('/');
  await expect(page.locator('html')).toHaveClass(/\bcare\b/);
  const cards = page.locator('.step-card');
  await expect(cards).toHaveCount(3);
  for (const card of await cards.all()) {
    const [box, text, number, heading] = await Promise.all([
      card.boundingBox(),
      card.locator('p').boundingBox(),
      card.locator('.step-card__number').boundingBox(),
      card.locator('h3').boundingBox(),
    ]);
    // The text starts at the card's padding, under the number, not in a column beside it.
    expect(text!.x - box!.x).toBeLessThan(number!.x - box!.x + 2);
    expect(text!.width / box!.width).toBeGreaterThan(0.75);
    // The heading is on the number's line.
    expect(Math.abs(heading!.y + heading!.height / 2 - (number!.y + number!.height / 2))).toBeLessThan(4);
  }
});

test('plain language: care mode names the diseases without their national codes, in the estimator too', async ({ app, page }) => {
  const e = new Estimator(page);
  await e.open();
  await e.radio('setting', 'chronic_outpatient');
  const diabetes = page.locator('#disease option[value="M01600"]');
  await expect(diabetes).toHaveText('糖尿病（M01600）');
  await page.getByRole('button', { name: '关怀模式', exact: true }).click();
  await expect(diabetes).toHaveText('糖尿病');
  // What was chosen stays chosen.
  await page.locator('#disease').selectOption('M01600');
  await app.languageSwitch.click();
  await expect(diabetes).toHaveText('Diabetes');
  await expect(page.locator('#disease')).toHaveValue('M01600');
  await page.getByRole('button', { name: 'Care mode', exact: true }).click();
  await expect(diabetes).toHaveText('Diabetes (M01600)');
});

for (const lang of ['zh', 'en'] as const) for (const address of addresses) {
  const name = address.page;
  test(`care mode on ${shown(address.example)} (${lang}): text ≥ ${MIN_TEXT_PX} px, targets ≥ ${MIN_TARGET_PX}, axe clean, no sideways scroll at 320 px`, async ({ app, page, context, request }, testInfo) => {
    const url = await prepareAddress({ page, context, request }, testInfo, address, lang, { care: true, birthYear: 1970 });
    await page.setViewportSize({ width: 320, height: 640 });
    await app.open(url);
    await expect(page.locator('html')).toHaveClass(/\bcare\b/);
    await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
    // Late parts (data, a lazy module) in place before measuring.
    await page.waitForLoadState('networkidle');
    const smallest = await smallestText(page);
    expect(smallest.px, smallest.where).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    expect(await smallTargets(page, MIN_TARGET_PX)).toEqual([]);
    const overflow = await app.sidewaysScroll();
    expect(overflow, 'sideways scroll at 320 px').toBeLessThanOrEqual(0);
    await app.expectAccessible();
    if (['Home', 'FileWho', 'FileCheck', 'Estimate', 'Filings'].includes(name)) {
      await app.screenshot(`care-320-${name}-${lang}`);
    }
  });
}

test('in care mode on a phone the estimate\'s amounts stay inside their boxes, a range as well', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'yidi-care', value: '1', url: baseURL! }]);
  // A hospital stay large enough for the missing annual cap to matter: both amounts are ranges of five digits.
  const stay =
    '?ip=130000&ic=131000&sc=employee_retired&tp=110000&tc=110000&st=inpatient&lv=tertiary&fi=resettled_retiree' +
    '&dt=2022-07-01&m=quick&qa=150000&qb=50000';
  await page.goto(`/estimate${stay}`);
  await expect(page.locator('html')).toHaveClass(/\bcare\b/);
  const boxes = page.locator('.estimate-figure');
  await expect(boxes).toHaveCount(2);
  await expect(page.locator('[data-testid="fund"]')).toHaveAttribute('data-low', /\d{5}/);
  for (const box of await boxes.all()) {
    const outer = (await box.boundingBox())!;
    for (const amount of await box.locator('.amount, .estimate-figure__label').all()) {
      const inner = (await amount.boundingBox())!;
      expect(inner.x + inner.width).toBeLessThanOrEqual(outer.x + outer.width + 0.5);
    }
    // The label is one line: 医保基金支付 is not broken before its last character.
    const label = (await box.locator('.estimate-figure__label').boundingBox())!;
    expect(label.height).toBeLessThan(2 * 30);
  }
});

test('in care mode on a phone the bar with the two amounts takes two lines, its link beside them', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'yidi-care', value: '1', url: baseURL! }]);
  await page.goto(
    '/estimate?ip=130000&ic=131000&sc=employee_retired&tp=110000&tc=110000&st=chronic_outpatient&ds=M01600' +
      '&fi=resettled_retiree&dt=2022-07-01&m=quick&qa=32.52&qb=31.77',
  );
  await expect(page.locator('html')).toHaveClass(/\bcare\b/);
  await page.locator('#class-a').scrollIntoViewIfNeeded();
  const bar = page.locator('.estimate-sticky');
  await expect(bar).toBeInViewport();
  await expect(bar).toContainText('¥48.89');
  const spans = await bar.locator('span').all();
  const [fund, personal] = [(await spans[0].boundingBox())!, (await spans[1].boundingBox())!];
  const link = (await bar.getByRole('link').boundingBox())!;
  // The amounts one above the other, each on one line, the link to their right: two lines in all, where it took
  // four. A large-type line is about 30 px. (On a desktop, care mode has the form in one column, not beside the
  // result, where its narrow column broke the fund's label from its amount.)
  expect(fund.height).toBeLessThan(40);
  expect(personal.y).toBeGreaterThanOrEqual(fund.y + fund.height - 1);
  expect(link.x).toBeGreaterThanOrEqual(Math.max(fund.x + fund.width, personal.x + personal.width));
  expect((await bar.boundingBox())!.height).toBeLessThan(90);
});

test('a heading does not leave one character alone on its last line, in care mode as well', async ({ page, context, baseURL }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'line breaks of a phone-wide heading');
  // Each character's line, from its box: the heading's text split into its lines as drawn.
  const lines = () =>
    page.locator('h1').first().evaluate((h1) => {
      const range = document.createRange();
      const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
      const drawn: string[] = [];
      let top: number | null = null;
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        for (let i = 0; i < node.length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const y = range.getBoundingClientRect().top;
          if (top === null || y > top + 5) drawn.push('');
          top = y;
          drawn[drawn.length - 1] += node.data[i];
        }
      }
      return drawn;
    });
  // Before, these broke as 自己付多 / 少, and in care mode 当场结 / 算, 就医备 / 案 and 医疗机 / 构.
  for (const care of [false, true]) {
    if (care) await context.addCookies([{ name: 'yidi-care', value: '1', url: baseURL! }]);
    for (const path of ['/estimate', '/', '/file', '/points']) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveClass(care ? /\bcare\b/ : /^(?!.*\bcare\b)/);
      await expect(page.locator('html')).not.toHaveClass(/\bbooting\b/);
      const drawn = await lines();
      expect(drawn.at(-1)!.length, `${path}${care ? ' in care mode' : ''}: ${drawn.join(' / ')}`).toBeGreaterThan(1);
    }
  }
});

test('in care mode on a phone the ID number and the filing number each keep to one line', async ({ app, page, context, baseURL }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the phone width is what splits them');
  await context.addCookies([{ name: 'yidi-care', value: '1', url: baseURL! }]);
  const journey = new FilingJourney(page);
  const id = projectResidentId(testInfo, '4401061945070800');
  await journey.start();
  await expect(page.locator('html')).toHaveClass(/\bcare\b/);
  await journey.who('为我自己');
  await journey.person('李建国', id, '13800138001');
  await journey.insured('440000', '440100', '职工医保（退休）');
  await journey.category(/异地安置退休人员/);
  // Beijing's one city is itself: chosen with the province, not asked for a second time.
  await page.getByLabel('就医省份').selectOption('110000');
  await expect(page.getByLabel('就医城市')).toHaveValue('110000');
  await journey.continue();
  await journey.dates(chinaToday());
  await journey.proof();
  // An 18-digit number beside "修改" went over the line by its last digit: "44010619450708003 / 2".
  const idRow = page.locator('.summary-list__row', { hasText: '身份证号码' });
  const lines = (locator: Locator) =>
    locator.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
  await expect(idRow.locator('.summary-list__value')).toHaveText(id);
  expect(await lines(idRow.locator('.summary-list__value'))).toBe(1);
  await journey.submit();
  await journey.expectPage('备案成功');
  const number = page.locator('.filing-number');
  await expect(number).toHaveText(/^YD[0-9A-Z]{12}$/);
  expect(await lines(number)).toBe(1);
  await app.screenshot('care-filing-done-zh');
});
