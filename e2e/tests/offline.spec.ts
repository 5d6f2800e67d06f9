import { test, expect } from './fixtures/app';

test.use({ serviceWorkers: 'allow' });

test('installable, and with the network cut a reload still shows the app and the estimator', async ({ app, page, context }) => {
  await app.open('/');
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector('link[rel="manifest"]') as HTMLLinkElement;
    return (await fetch(link.href)).json();
  });
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  // Wait until the service worker has installed the shell and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
    }
  });
  await context.setOffline(true);
  await page.goto('/estimate');
  await expect(app.heading).toHaveText('估算医保报多少、自己付多少');
  await page.reload();
  await expect(app.heading).toHaveText('估算医保报多少、自己付多少');
  // The shared data came from the cache: the place pickers are filled.
  await expect(page.locator('select').first().locator('option')).not.toHaveCount(1);
  await context.setOffline(false);
});

test('the service worker is registered only once the app is on screen and the page has loaded', async ({ app, page }) => {
  // Its install downloads every page's code and data: started earlier, it would compete with this page's own files.
  await page.addInitScript(() => {
    const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
    navigator.serviceWorker.register = (...args: Parameters<typeof register>) => {
      (window as unknown as { registeredWhen: unknown }).registeredWhen = {
        booting: document.documentElement.classList.contains('booting'),
        loaded: document.readyState === 'complete',
      };
      return register(...args);
    };
  });
  await app.open('/file/category');
  await page.waitForFunction(() => 'registeredWhen' in window);
  expect(await page.evaluate(() => (window as unknown as { registeredWhen: unknown }).registeredWhen)).toEqual({
    booting: false,
    loaded: true,
  });
  await page.evaluate(() => navigator.serviceWorker.ready);
});
