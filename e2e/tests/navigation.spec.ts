import { test, expect } from './fixtures/app';

// The app's own router (src/web/router.rs): links open pages without reloading the app, back and forward return to
// them, a new page starts at the top, and what a browser does itself (a click with a modifier key, a jump to another
// part of the same page) stays the browser's.

/** Marks the loaded document: the mark survives navigation inside the app and is gone after a reload. */
async function markDocument(page: import('@playwright/test').Page) {
  await page.evaluate(() => ((window as unknown as { yidiMark: number }).yidiMark = 1));
}

async function sameDocument(page: import('@playwright/test').Page) {
  return page.evaluate(() => (window as unknown as { yidiMark?: number }).yidiMark === 1);
}

test('links open pages in the app without a reload, back and forward return, a new page starts at the top', async ({ app, page }) => {
  await app.open('/');
  await markDocument(page);
  const guideLink = page.getByRole('link', { name: /详细了解\s*：\s*持码\/卡就医/ });
  await guideLink.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  await guideLink.click();
  await expect(app.heading).toHaveText('持码/卡就医');
  await expect(page).toHaveURL(/\/guide\/code-card$/);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);

  // A page of a lazy split (the estimator), then back twice and forward once.
  await page.getByRole('link', { name: '首页', exact: true }).first().click();
  await expect(app.heading).toHaveText('跨省看病，当场结算');
  await page.getByRole('link', { name: '开始估算' }).click();
  await expect(app.heading).toHaveText('估算医保报多少、自己付多少');
  await expect(page).toHaveURL(/\/estimate(\?|$)/);
  await page.goBack();
  await expect(app.heading).toHaveText('跨省看病，当场结算');
  await page.goBack();
  await expect(app.heading).toHaveText('持码/卡就医');
  await page.goForward();
  await expect(app.heading).toHaveText('跨省看病，当场结算');
  expect(await sameDocument(page), 'no reload on the way').toBe(true);
});

test('the header link to my filings is marked as the current page there only', async ({ app, page }) => {
  await app.open('/');
  const myFilings = page.locator('a.site-nav__link');
  await expect(myFilings).not.toHaveAttribute('aria-current', /.*/);
  await myFilings.click();
  await expect(page).toHaveURL(/\/filings$/);
  await expect(app.heading).toBeVisible();
  await expect(myFilings).toHaveAttribute('aria-current', 'page');
  await page.goBack();
  await expect(app.heading).toHaveText('跨省看病，当场结算');
  await expect(myFilings).not.toHaveAttribute('aria-current', /.*/);
});

test('an in-app link to an address no page has shows the not-found page, without a reload', async ({ app, page }) => {
  await app.open('/');
  await markDocument(page);
  await page.evaluate(() => {
    const link = Object.assign(document.createElement('a'), { href: '/filings/not-a-number', textContent: 'wrong' });
    document.querySelector('main')!.append(link);
  });
  await page.getByRole('link', { name: 'wrong' }).click();
  await expect(app.heading).toHaveText('找不到这个页面');
  await expect(page).toHaveURL(/\/filings\/not-a-number$/);
  expect(await sameDocument(page)).toBe(true);
  await page.goBack();
  await expect(app.heading).toHaveText('跨省看病，当场结算');
});

test('a link to the API or to a file is the browser’s to follow, not a page of the app', async ({ app, page }) => {
  await app.open('/');
  // Which clicks the app's router took (it prevents the browser's own navigation): read by a listener added after
  // the router's, which then stops the navigation itself so the page stays for the next link.
  const taken = await page.evaluate(() => {
    const result: Record<string, boolean> = {};
    window.addEventListener('click', (ev) => {
      const link = (ev.target as Element).closest('a')!;
      result[link.getAttribute('href')!] = ev.defaultPrevented;
      ev.preventDefault();
    });
    for (const href of ['/api/health', '/data/rules.json', '/icons/icon-192.png', '/points', '/nowhere']) {
      const link = Object.assign(document.createElement('a'), { href, textContent: href });
      document.querySelector('main')!.append(link);
      link.click();
    }
    return result;
  });
  expect(taken).toEqual({
    '/api/health': false,
    '/data/rules.json': false,
    '/icons/icon-192.png': false,
    '/points': true,
    '/nowhere': true,
  });
});

test('the skip link is the browser’s own jump: the address gets #main and the page stays', async ({ app, page }) => {
  await app.open('/guide/file-first');
  await markDocument(page);
  await page.keyboard.press('Tab');
  const skip = page.locator('a.skip-link');
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/guide\/file-first#main$/);
  await expect(app.heading).toHaveText('先备案');
  expect(await sameDocument(page)).toBe(true);
});

test('a click with a modifier key is left to the browser (a new tab), the page stays', async ({ app, page, context }) => {
  await app.open('/');
  await markDocument(page);
  const opened = context.waitForEvent('page');
  await page.locator('a.site-nav__link').click({ modifiers: ['ControlOrMeta'] });
  const tab = await opened;
  await tab.waitForLoadState('domcontentloaded');
  expect(new URL(tab.url()).pathname).toBe('/filings');
  await tab.close();
  await expect(app.heading).toHaveText('跨省看病，当场结算');
  expect(new URL(page.url()).pathname).toBe('/');
  expect(await sameDocument(page)).toBe(true);
});

test('each step of the guide links to the step before and the step after it', async ({ app, page }) => {
  const pager = page.getByRole('navigation', { name: '办理指南的三步' });
  await app.open('/guide/file-first');
  await expect(pager.getByRole('link')).toHaveText(['下一步：再选点']);
  await markDocument(page);
  await pager.getByRole('link', { name: '下一步：再选点' }).click();
  await expect(app.heading).toHaveText('再选点');
  await expect(pager.getByRole('link')).toHaveText(['上一步：先备案', '下一步：持码/卡就医']);
  await pager.getByRole('link', { name: '下一步：持码/卡就医' }).click();
  await expect(app.heading).toHaveText('持码/卡就医');
  await expect(pager.getByRole('link')).toHaveText(['上一步：再选点']);
  await pager.getByRole('link', { name: '上一步：再选点' }).click();
  await expect(app.heading).toHaveText('再选点');
  expect(await sameDocument(page)).toBe(true);
  await app.expectAccessible();

  await app.languageSwitch.click();
  const english = page.getByRole('navigation', { name: "The guide's three steps" });
  await expect(english.getByRole('link')).toHaveText(['Previous step: File first', 'Next step: Seek care with code or card']);
});
