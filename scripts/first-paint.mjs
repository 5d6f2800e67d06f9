// Writes dist/first-paint.json: what each page of the built app shows first, in Chinese and in English, taken
// from the app itself in headless Chromium. The server puts it into index.html (src/server/static_files.rs), so a
// person on a slow network reads the page's heading, lead and form while the code is still downloading; the app
// replaces it, unchanged, when it is ready (public/boot.js).
//
// Only what is the same for every visitor is kept: parts marked `data-device-state` (what this device stored,
// such as its filings or a saved estimate's figures) are left out, and so are ids and the references to them (the
// copy is inert and stands beside the app for a moment). Filing pages are taken with a sample number, which the
// server replaces with the one in the address.
// The pages are the route table's examples (dist/routes.json, written by `yidi routes`), keyed by their pattern
// for filing pages (`/filings/:number`) and by their address for the rest (`/guide/code-card`).
// Usage: node scripts/first-paint.mjs DIST   (scripts/build-web.sh runs it; needs scripts/setup.sh's Chromium)
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(join(root, 'e2e/package.json'));
const { chromium } = require('@playwright/test');
const dist = process.argv[2] ?? join(root, 'dist');

const table = JSON.parse(await readFile(join(dist, 'routes.json'), 'utf-8'));
// The sample filing number of the examples: FilingNumber::from_random(0) in src/domain/filing/number.rs.
const NUMBER = table.sample_number;
const ROUTES = table.routes.flatMap((route) => route.examples.map((example) => example.replace(NUMBER, ':number')));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

// dist/ as the server serves it, without the first paint (which this script is making) and without an API: no
// page asks the API before a person acts.
const server = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
  const file = extname(path) ? join(dist, path) : join(dist, 'index.html');
  try {
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"error":{"code":"not_found"}}');
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });

async function take(route, lang) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
  await context.addInitScript((code) => localStorage.setItem('yidi.lang', code), lang);
  const page = await context.newPage();
  const faults = [];
  page.on('pageerror', (error) => faults.push(error.message));
  await page.goto(base + route.replace(':number', NUMBER), { waitUntil: 'networkidle' });
  await page.waitForFunction(() => !document.documentElement.classList.contains('booting'));
  await page.waitForLoadState('networkidle');
  if (faults.length) throw new Error(`${route} (${lang}): ${faults.join('; ')}`);
  const shot = await page.evaluate(() => {
    const parts = ['body > header', '#main', 'body > footer'].map((selector) => {
      const part = document.querySelector(selector).cloneNode(true);
      for (const local of part.querySelectorAll('[data-device-state]')) local.remove();
      const walker = document.createTreeWalker(part, NodeFilter.SHOW_COMMENT);
      const comments = [];
      while (walker.nextNode()) comments.push(walker.currentNode);
      for (const comment of comments) comment.remove();
      for (const element of [part, ...part.querySelectorAll('*')]) {
        for (const name of ['id', 'for', 'tabindex', 'aria-describedby', 'aria-labelledby', 'aria-controls']) {
          element.removeAttribute(name);
        }
      }
      return part.outerHTML;
    });
    return { title: document.title, body: parts.join('') };
  });
  await context.close();
  return shot;
}

const started = Date.now();
const pages = {};
for (const route of ROUTES) {
  const [zh, en] = await Promise.all([take(route, 'zh'), take(route, 'en')]);
  pages[route] = { zh, en };
}
await browser.close();
server.close();

const out = join(dist, 'first-paint.json');
await writeFile(out, JSON.stringify({ number: NUMBER, pages }));
const bytes = Object.values(pages).map((p) => p.zh.body.length + p.en.body.length);
console.log(
  `first paint of ${ROUTES.length} routes in 2 languages written to ${out} in ${((Date.now() - started) / 1000).toFixed(0)} s ` +
    `(${Math.min(...bytes)}-${Math.max(...bytes)} characters a route)`,
);
