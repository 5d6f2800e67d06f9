import { test as plain } from '@playwright/test';
import { test, expect, holdTheApp } from './fixtures/app';
import { FilingJourney, chinaToday, projectResidentId } from './fixtures/filing';

// While the wasm downloads (seconds on a slow phone network), a page shows the server's copy of its own first
// paint (scripts/first-paint.mjs, src/server/pages.rs), inert, with a loading note; then only the app.

test('a page opens on its own heading and form before its code, which nothing can be typed into', async ({ app, page }) => {
  const release = await holdTheApp(page);
  await page.goto('/file/person');
  const copy = page.locator('.first-paint');
  await expect(copy.locator('main h1')).toHaveText('就医人的信息');
  await expect(copy).toHaveAttribute('inert', '');
  await expect(copy.locator('input')).toHaveCount(3);
  await expect(page.getByRole('status')).toHaveText('正在加载… Loading…');
  await expect(page).toHaveTitle('就医人的信息 · 异地就医');
  // Not focusable, so nothing typed is lost when the app takes its place.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('.first-paint') ?? null)).toBeNull();

  release();
  await expect(app.heading).toHaveText('就医人的信息');
  await expect(page.locator('[data-boot-shell]')).toHaveCount(0);
  await expect(page.locator('main')).toHaveCount(1);
  await expect(page.locator('.site-header')).toHaveCount(1);
  await page.getByLabel('姓名').fill('钱玉兰');
  await expect(page.getByLabel('姓名')).toHaveValue('钱玉兰');
});

test('the first paint leaves out what this device stored, and is in the language the person chose', async ({ app, page }) => {
  // The filing list and an estimate's figures depend on the device: the copy shows neither, so never wrong ones.
  for (const [path, deviceText] of [
    ['/filings', '本机还没有办理过备案'],
    ['/estimate', 'estimate-result'],
    ['/file/check', 'summary-list'],
  ]) {
    const html = await (await page.request.get(path)).text();
    expect(html, path).toContain('class="first-paint"');
    expect(html, path).not.toContain(deviceText);
  }
  await app.open('/estimate');
  await app.languageSwitch.click();
  await expect(app.heading).toHaveText('Estimate what the fund pays and what you pay');
  const release = await holdTheApp(page);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('.first-paint main h1')).toHaveText('Estimate what the fund pays and what you pay');
  release();
  await expect(app.heading).toHaveText('Estimate what the fund pays and what you pay');
});

test('the app replaces the first paint only once every part it builds a task later is there', async ({ app, page }) => {
  // The estimator builds its sections and its result panel one task after its heading (`Later`, src/web/tasks.rs):
  // the moment the copy goes, all of them are on the page, and the parts marked as waiting are gone.
  await page.addInitScript(() => {
    // As on a slow phone, where frames are drawn between the app's tasks: each turn given back takes 50 ms.
    const later = () => new Promise<void>((resolve) => setTimeout(resolve, 50));
    Object.defineProperty(window, 'scheduler', { value: { yield: later } });
    new MutationObserver(() => {
      const html = document.documentElement;
      if (html.classList.contains('booting') || 'seenAtSwap' in window) return;
      const main = document.querySelector('#main');
      (window as unknown as { seenAtSwap: unknown }).seenAtSwap = {
        copy: document.querySelectorAll('[data-boot-shell]').length,
        building: html.hasAttribute('data-building'),
        sections: [...(main?.querySelectorAll('h2') ?? [])].map((h) => h.id).filter(Boolean),
        keep: main?.querySelector('.estimate-aside .estimate-keep') !== null,
      };
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });
  });
  await app.open('/estimate');
  const seen = await page.evaluate(() => (window as unknown as { seenAtSwap: unknown }).seenAtSwap);
  expect(seen).toEqual({
    copy: 0,
    building: false,
    sections: ['who-heading', 'care-heading', 'bill-heading', 'ytd-heading', 'result-heading', 'keep-heading'],
    keep: true,
  });
  // Inside the app a page is built at once: nothing waits.
  await app.languageSwitch.click();
  await expect(page.locator('html')).not.toHaveAttribute('data-building');
});

test('a filing page opens on the number in its address', async ({ page }) => {
  const release = await holdTheApp(page);
  await page.goto('/filings/YDK1EP0BJ6DDSA/card');
  await expect(page.locator('.first-paint a.back-link')).toContainText('YDK1EP0BJ6DDSA');
  await expect(page.locator('.first-paint')).not.toContainText('YD000000000000');
  release();
});

// These fail requests on purpose: the plain test, without the fixture that fails a test on a failed request.
plain('when the app cannot be downloaded, the note says so', async ({ page }) => {
  await page.route(/_bg\.wasm$/, (route) => route.abort());
  await page.goto('/estimate');
  await expect(page.getByRole('status')).toContainText('无法加载，请检查网络后刷新页面。');
});

// A page's own code (its split) that does not download is said in the page's place, with a retry that works;
// before, the app stopped (a failed split load aborted the wasm) and the person's Continue did nothing.
plain('when a page\'s own code cannot be downloaded, the page says so and loading it again works', async ({ page }) => {
  let blocked = true;
  await page.route(/\/split_estimate_view-[^/]*\.wasm$/, (route) => (blocked ? route.abort() : route.continue()));
  await page.goto('/estimate');
  await expect(page.locator('html:not(.booting) main h1')).toHaveText('页面没有载入');
  const alert = page.getByRole('alert').filter({ hasText: '这个页面的程序没能下载' });
  await expect(alert).toBeVisible();
  blocked = false;
  await alert.getByRole('button', { name: '重新载入' }).click();
  await expect(page.locator('html:not(.booting) main h1')).toHaveText('估算医保报多少、自己付多少');
  await expect(page.locator('#insured-province option[value="110000"]')).toHaveCount(1);
});

plain('a page whose code fails on the way from another page is said, and the answers are kept', async ({ page }, testInfo) => {
  let blocked = true;
  await page.route(/\/split_proof_view-[^/]*\.wasm$/, (route) => (blocked ? route.abort() : route.continue()));
  const journey = new FilingJourney(page);
  await journey.start();
  await journey.who('为我自己');
  await journey.person('张建国', projectResidentId(testInfo, '1201011950010200'), '13800138000');
  await journey.insured('120000', '120000', '职工医保（退休）');
  await journey.category(/异地安置退休人员/);
  await journey.destination('130000', '131000');
  await page.getByLabel('开始日期').fill(chinaToday());
  await journey.continue();
  await expect(page.locator('main h1')).toHaveText('页面没有载入');
  await expect(page).toHaveURL(/\/file\/proof$/);
  blocked = false;
  await page.getByRole('button', { name: '重新载入' }).click();
  await journey.expectPage('证明材料和门诊慢特病');
  // The journey goes on from where it was: the answers are all there.
  await journey.proof();
  await expect(page.locator('.summary-list')).toContainText('张建国');
  await expect(page.locator('.summary-list')).toContainText('廊坊市');
});

// The estimator's coverage line (which insured places our data has) is in the first paint but comes
// from the policy data: the first paint stays until the app can show it too, so the form below does not move
// down when the data comes after the code (Lighthouse measured a layout shift of 0.054 there).
plain('the estimator does not shift when its policy data comes after its code', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { shifts: number[] }).shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        (window as unknown as { shifts: number[] }).shifts.push((entry as unknown as { value: number }).value);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/data\/policy\.json$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/estimate');
  // The app is built and waits, hidden, behind the first paint, which still shows the coverage line.
  await expect(page.locator('#insured-province option[value="110000"]')).toBeAttached();
  await expect(page.locator('html')).toHaveClass(/booting/);
  await expect(page.locator('.first-paint .estimate-coverage')).toContainText('廊坊');
  release();
  await expect(page.locator('html:not(.booting) main .estimate-coverage')).toContainText('廊坊');
  await expect(page.locator('[data-boot-shell]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([]);
});
