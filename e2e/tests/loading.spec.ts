import { test, expect } from '@playwright/test';

// index.html's static header and loading note, shown while the wasm downloads (seconds on a slow phone network).
test('the loading note shows until the app mounts, then only the app is on the page', async ({ page }) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  await expect(page.getByRole('status')).toHaveText('正在加载… Loading…');
  await expect(page.getByRole('banner')).toContainText('异地就医');
  release();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('跨省看病，当场结算');
  await expect(page.locator('[data-boot-shell]')).toHaveCount(0);
  await expect(page.locator('main')).toHaveCount(1);
  await expect(page.locator('.site-header')).toHaveCount(1);
});

test('when the app cannot be downloaded, the note says so', async ({ page }) => {
  await page.route(/_bg\.wasm$/, (route) => route.abort());
  await page.goto('/estimate');
  await expect(page.getByRole('status')).toContainText('无法加载，请检查网络后刷新页面。');
});
