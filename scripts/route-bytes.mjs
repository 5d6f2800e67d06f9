// Loads every route of the built app fresh in headless Chromium, as a person arriving from a link does, and counts
// what it transfers: bytes as sent (brotli where the server compresses) and requests, with the cache disabled and
// the service worker blocked, until the network is idle. The routes are the route table's examples
// (dist/routes.json), and a shared estimate link; filing pages get the given filing's number.
// Prints JSON to stdout: [{ pattern, address, bytes, requests, files: [[path, bytes], ...] }]; progress to stderr.
// Usage: node scripts/route-bytes.mjs BASE_URL FILING_NUMBER   (scripts/size.sh runs it against a release server)
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(join(root, 'e2e/package.json'));
const { chromium } = require('@playwright/test');
const [base, number] = process.argv.slice(2);
if (!base || !number) {
  console.error('usage: node scripts/route-bytes.mjs BASE_URL FILING_NUMBER');
  process.exit(2);
}

const table = JSON.parse(await readFile(join(root, 'dist/routes.json'), 'utf-8'));
// A shared estimate link is a first visit to /estimate too, one that shows a result at once: the national Q&A's
// Langfang case (e2e/tests/estimate.spec.ts), whose figures the visit waits for.
const SHARED_ESTIMATE =
  '/estimate?ip=130000&ic=131000&sc=employee_retired&tp=110000&tc=110000&st=chronic_outpatient&ds=M01600' +
  '&fi=resettled_retiree&dt=2022-07-01&m=quick&qa=32.52&qb=31.77';
const visits = [
  ...table.routes.flatMap((route) =>
    route.examples.map((example) => ({ pattern: route.path, address: example.replace(table.sample_number, number) })),
  ),
  { pattern: '/estimate', address: SHARED_ESTIMATE, shows: '[data-testid="fund"][data-amount="48.89"]' },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update'],
});
const results = [];
for (const [i, visit] of visits.entries()) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const faults = [];
  page.on('pageerror', (error) => faults.push(error.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map();
  const files = [];
  cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
  cdp.on('Network.loadingFinished', (event) => {
    const url = new URL(urls.get(event.requestId) ?? 'about:blank');
    files.push([url.pathname, event.encodedDataLength]);
  });
  await page.goto(base + visit.address, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => !document.documentElement.classList.contains('booting'));
  if (visit.shows) await page.locator(visit.shows).waitFor({ timeout: 15_000 });
  await page.waitForLoadState('networkidle');
  await context.close();
  if (faults.length) throw new Error(`${visit.address}: ${faults.join('; ')}`);
  files.sort((a, b) => b[1] - a[1]);
  const bytes = files.reduce((sum, [, size]) => sum + size, 0);
  const { shows, ...measured } = visit;
  results.push({ ...measured, bytes, requests: files.length, files });
  console.error(`[${i + 1}/${visits.length}] ${visit.address}: ${bytes} B in ${files.length} requests`);
}
await browser.close();
console.log(JSON.stringify(results, null, 1));
