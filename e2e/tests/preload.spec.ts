import { test, expect, holdTheApp } from './fixtures/app';
import { chinaToday, residentId } from './fixtures/filing';
import type { APIRequestContext, Request } from '@playwright/test';

// A route opened directly names its data and its lazy wasm for preloading (src/server/pages.rs), which boot.js
// starts once the page's first paint is on screen, so they download with the main wasm. Each must be one download
// that the app then uses: a preload the app's fetch does not match is fetched twice, and one it never uses is wasted
// bytes on a slow phone network.

async function fileOne(request: APIRequestContext, body17: string): Promise<string> {
  const id = residentId(body17);
  const filed = await request.post('/api/filings', {
    headers: { 'idempotency-key': `preload-${id}-${Date.now()}` },
    data: {
      applicant: { for: 'myself' },
      person: { name: '钱玉兰', resident_id: id, phone: '13612345678', insured_city: '120000', scheme: 'employee_retired' },
      category: 'resettled_retiree',
      destination: { province: '130000', city: '131000' },
      start_date: chinaToday(),
      proof: { commitment_agreed: true },
    },
  });
  expect(filed.status()).toBe(201);
  return (await filed.json()).filing.number;
}

const routes = ['/', '/guide/select-point', '/file/who', '/filings', '/filings/NUMBER', '/filings/NUMBER/card', '/filings/NUMBER/points', '/points', '/estimate'];

routes.forEach((route, index) => {
  test(`${route} preloads exactly what it fetches at start, each file once`, async ({ app, page, request }, testInfo) => {
    const path = route.includes('NUMBER')
      ? route.replace('NUMBER', await fileOne(request, `13010119560101${index}0${testInfo.project.name === 'phone' ? 2 : 3}`))
      : route;
    const unused: string[] = [];
    page.on('console', (msg) => {
      if (msg.text().includes('preloaded using link preload but not used')) unused.push(msg.text());
    });
    const fetched: string[] = [];
    page.on('request', (req: Request) => {
      const file = new URL(req.url()).pathname;
      if (file.endsWith('.wasm') || file.startsWith('/data/')) fetched.push(file);
    });
    // As on a slow network: the main wasm arrives after the first paint, by which time boot.js has started the
    // preloads. (On a fast one the app starts first and fetches them itself: boot.js then preloads nothing.)
    const release = await holdTheApp(page);
    const response = await page.goto(path, { waitUntil: 'domcontentloaded' });
    const html = await response!.text();
    const preloaded = html.match(/<meta name="yidi-preload" content="([^"]+)"/)![1].split(' ');
    expect(html).not.toContain('<link rel="preload" href="/data/');
    const started = () =>
      page.evaluate(
        (files) => [...document.querySelectorAll('link[rel="preload"]')].filter((l) => files.includes(new URL((l as HTMLLinkElement).href).pathname)).length,
        preloaded,
      );
    await expect.poll(started).toBe(preloaded.length);
    release();
    await expect(app.heading).toBeVisible();
    // Chrome warns of an unused preload a few seconds after the load event.
    await page.waitForTimeout(3_500);

    const main = html.match(/data-yidi-wasm="([^"]+)"/)![1];
    expect(fetched.filter((f) => f.endsWith('.wasm') && f !== main).length, 'lazy wasm fetched').toBeGreaterThan(0);
    expect(new Set(fetched).size, `a file fetched twice: ${fetched.join(' ')}`).toBe(fetched.length);
    // Everything the route fetched at start was preloaded, and everything preloaded was used.
    expect(fetched.filter((f) => f !== main).sort()).toEqual([...preloaded].sort());
    expect(unused).toEqual([]);
  });
});
