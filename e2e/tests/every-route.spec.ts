import { test, expect } from './fixtures/app';
import { addresses, prepareAddress, shown } from './fixtures/routes';

// Every route of the route table (dist/routes.json) in the standard mode, in Chinese and in English, on the phone
// and the desktop project: the page is in the language asked, axe finds nothing and nothing scrolls sideways. A
// screenshot of each (screenshots/<project>/route-<Page>-<lang>.png) is there for people to look at.
for (const lang of ['zh', 'en'] as const) for (const address of addresses) {
  test(`${shown(address.example)} (${lang}): axe clean, no sideways scroll; screenshot`, async ({ app, page, context, request }, testInfo) => {
    const url = await prepareAddress({ page, context, request }, testInfo, address, lang, { care: false, birthYear: 1972 });
    await app.open(url);
    await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
    await expect(page.locator('html')).not.toHaveClass(/\bcare\b/);
    // Late parts (data, a lazy module) in place before looking.
    await page.waitForLoadState('networkidle');
    const overflow = await app.sidewaysScroll();
    expect(overflow, 'sideways scroll').toBeLessThanOrEqual(0);
    await app.expectAccessible();
    await app.screenshot(`route-${address.page}-${lang}`);
  });
}
