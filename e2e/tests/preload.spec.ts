import { test, expect, holdTheApp } from './fixtures/app';
import { chinaToday, residentId } from './fixtures/filing';
import type { APIRequestContext, Request } from '@playwright/test';

// A route opened directly names its data and its lazy wasm for preloading (src/server/pages.rs), which boot.js
// starts once the page's first paint is on screen (the wasm once the main module has arrived), long before the
// app asks for them. Each must be one download
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
    // The data first; the page's wasm once the main module has arrived: the browser keeps that as the dictionary
    // the server compresses the page's modules with (src/server/dictionary.rs).
    const data = preloaded.filter((f) => !f.endsWith('.wasm'));
    await expect.poll(started).toBe(data.length);
    await page.waitForTimeout(300);
    expect(await started(), 'no wasm preloaded before the main module arrives').toBe(data.length);
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

// The main module is the dictionary of every lazy module (RFC 9842, src/server/dictionary.rs): within the first
// visit, the page's own modules arrive as `dcb`, smaller than brotli alone, and the page works with them.
for (const route of ['/estimate', '/file/who', '/points']) {
  test(`${route} fetches its lazy modules compressed with the main module as dictionary`, async ({ app, page }) => {
    const codings = new Map<string, string>();
    const advertised: string[] = [];
    page.on('response', async (response) => {
      const file = new URL(response.url()).pathname;
      if (!file.endsWith('.wasm')) return;
      codings.set(file, (await response.allHeaders())['content-encoding'] ?? 'none');
      if (file.endsWith('_bg.wasm')) advertised.push((await response.allHeaders())['use-as-dictionary'] ?? '');
    });
    await app.open(route);
    await page.waitForLoadState('networkidle');
    expect(advertised).toEqual(['match="/*.wasm"']);
    const lazy = [...codings].filter(([file]) => !file.endsWith('_bg.wasm'));
    expect(lazy.length, 'lazy modules fetched').toBeGreaterThan(0);
    // Each lazy module the build compressed so (all of them today) arrives as dcb.
    expect(lazy.filter(([, coding]) => coding !== 'dcb'), 'lazy modules not sent as dcb').toEqual([]);
    // The page is the route's own, not the one said when a page's code does not arrive or run.
    await expect(app.heading).not.toHaveText(/页面没有载入|did not load/);
    await expect(page.locator('main input, main select').first()).toBeVisible();
  });
}

test('a shared estimate gives its figures from modules sent as dcb', async ({ app, page }) => {
  const codings: string[] = [];
  page.on('response', async (response) => {
    if (response.url().endsWith('.wasm')) codings.push((await response.allHeaders())['content-encoding'] ?? 'none');
  });
  await app.open(
    '/estimate?ip=130000&ic=131000&sc=employee_retired&tp=110000&tc=110000&st=chronic_outpatient&ds=M01600' +
      '&fi=resettled_retiree&dt=2022-07-01&m=quick&qa=32.52&qb=31.77',
  );
  // The national Q&A's Langfang case, to the cent.
  await expect(page.getByTestId('fund')).toHaveAttribute('data-amount', '48.89');
  await expect(page.getByTestId('personal')).toHaveAttribute('data-amount', '15.40');
  expect(codings.filter((c) => c === 'dcb').length).toBeGreaterThan(5);
});
