import { test, expect } from './fixtures/app';

const pages = [
  { path: '/', name: 'home', zh: '跨省看病，当场结算', en: 'Treated in another province, settled on the spot' },
  { path: '/guide/file-first', name: 'guide-file-first', zh: '先备案', en: 'File first' },
  { path: '/guide/select-point', name: 'guide-select-point', zh: '再选点', en: 'Choose designated hospitals' },
  { path: '/guide/code-card', name: 'guide-code-card', zh: '持码/卡就医', en: 'Seek care with code or card' },
  { path: '/no/such/page', name: 'not-found', zh: '找不到这个页面', en: 'Page not found' },
];

test('the home page loads in Chinese with no console error or failed request', async ({ app, page }) => {
  await app.open('/');
  await expect(app.heading).toHaveText('跨省看病，当场结算');
  expect(await app.lang()).toBe('zh-CN');
  await expect(page).toHaveTitle('跨省看病，当场结算 · 异地就医');
  await expect(page.locator('.step-card')).toHaveCount(3);
});

test('the language switch changes the text and survives a reload', async ({ app, page }) => {
  await app.open('/');
  await app.languageSwitch.click();
  await expect(app.heading).toHaveText('Treated in another province, settled on the spot');
  expect(await app.lang()).toBe('en');
  await expect(page).toHaveTitle('Treated in another province, settled on the spot · Yidi');
  await page.reload();
  await expect(app.heading).toHaveText('Treated in another province, settled on the spot');
  expect(await app.lang()).toBe('en');
  await app.languageSwitch.click();
  await expect(app.heading).toHaveText('跨省看病，当场结算');
});

test('a deep link to a client route works on reload', async ({ app, page }) => {
  await app.open('/guide/select-point');
  await expect(app.heading).toHaveText('再选点');
  await page.reload();
  await expect(app.heading).toHaveText('再选点');
  await expect(page).toHaveTitle('再选点 · 办理指南 · 异地就医');
});

test('navigating moves focus to the new main heading', async ({ app, page }) => {
  await app.open('/');
  await page.getByRole('link', { name: /详细了解\s*：\s*先备案/ }).click();
  await expect(app.heading).toHaveText('先备案');
  await expect(app.heading).toBeFocused();
  await page.getByRole('link', { name: /下一步\s*：\s*再选点/ }).click();
  await expect(app.heading).toHaveText('再选点');
  await expect(app.heading).toBeFocused();
});

test('an unknown address is a 404 that shows the not-found page and a way home', async ({ app, page }) => {
  await app.openMissing('/no/such/page');
  await expect(app.heading).toHaveText('找不到这个页面');
  await page.getByRole('link', { name: '返回首页' }).click();
  await expect(app.heading).toHaveText('跨省看病，当场结算');
});

for (const { path, name, zh, en } of pages) {
  test(`${name}: axe finds no violation in either language; screenshots`, async ({ app, page }) => {
    await (name === 'not-found' ? app.openMissing(path) : app.open(path));
    await expect(app.heading).toHaveText(zh);
    await app.expectAccessible();
    await app.screenshot(`${name}-zh`);
    await app.languageSwitch.click();
    await expect(app.heading).toHaveText(en);
    await app.expectAccessible();
    await app.screenshot(`${name}-en`);
    // The page never scrolls sideways, from 360 px phones up.
    const overflow = await app.sidewaysScroll();
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
