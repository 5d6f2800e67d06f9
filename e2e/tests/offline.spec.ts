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
