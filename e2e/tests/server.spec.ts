import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';

// The server's HTTP contract as a browser meets it: headers, caching, precompression and the API error shape.
test.describe('server', () => {
  test('health reports versions', async ({ request }) => {
    const res = await request.get('/api/health');
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(body.app_version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(typeof body.policy_data_version).toBe('string');
  });

  test('an unknown API path is a JSON 404 in the one error shape', async ({ request }) => {
    const res = await request.get('/api/no-such-thing');
    expect(res.status()).toBe(404);
    expect(res.headers()['content-type']).toContain('application/json');
    const body = await res.json();
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('/api/no-such-thing');
  });

  test('index.html is not cached, hashed assets are, and both come brotli-compressed', async ({ request }) => {
    const index = await request.get('/', { headers: { 'accept-encoding': 'br' } });
    expect(index.headers()['cache-control']).toBe('no-cache');
    expect(index.headers()['content-encoding']).toBe('br');
    const csp = index.headers()['content-security-policy'];
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp).not.toContain('unsafe-inline');
    expect(index.headers()['x-content-type-options']).toBe('nosniff');
    expect(index.headers()['referrer-policy']).toBe('no-referrer');
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const wasm = html.match(/data-yidi-wasm="([^"]+)"/)?.[1];
    expect(wasm).toBeTruthy();
    const asset = await request.get(wasm!, { headers: { 'accept-encoding': 'br' } });
    expect(asset.status()).toBe(200);
    expect(asset.headers()['cache-control']).toContain('immutable');
    expect(asset.headers()['content-encoding']).toBe('br');
    expect(asset.headers()['content-type']).toBe('application/wasm');
  });

  test('the document policies ride on pages, the worker, images and the API; code, style and data get nosniff only', async ({ request }) => {
    const html = await (await request.get('/')).text();
    const wasm = html.match(/data-yidi-wasm="([^"]+)"/)![1];
    const css = html.match(/href="(\/main-[^"]+\.css)"/)![1];
    const policed = ['/', '/filings', '/sw.js', '/icons/icon.svg', '/api/health', '/api/no-such-thing'];
    const plain = [wasm, css, '/boot.js', '/data/regions.json'];
    for (const path of [...policed, ...plain]) {
      const headers = (await request.get(path, { headers: { 'accept-encoding': 'br' } })).headers();
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      const policies = [headers['content-security-policy'], headers['referrer-policy'], headers['permissions-policy']];
      if (policed.includes(path)) {
        expect(policies[0], path).toContain("frame-ancestors 'none'");
        expect(policies[1], path).toBe('no-referrer');
        expect(policies[2], path).toContain('camera=()');
      } else {
        expect(policies, path).toEqual([undefined, undefined, undefined]);
      }
    }
  });

  test('a page names its data and wasm for boot.js to preload, none of them in <link>s; a child split after its parent', async ({ request }) => {
    const preloads = async (path: string) => {
      const res = await request.get(path, { headers: { 'accept-encoding': 'br' } });
      expect(res.status()).toBe(200);
      expect(res.headers()['content-encoding']).toBe('br');
      const html = await res.text();
      // A <link rel="preload"> would start before the first paint and compete with it (docs/benchmarks.md).
      expect(html).not.toMatch(/<link rel="preload" href="\/(data|split_|chunk_)/);
      return html.match(/<meta name="yidi-preload" content="([^"]+)"/)?.[1].split(' ') ?? [];
    };
    const journey = await preloads('/file/who');
    // The journey reads the insured places' rules, not the whole policy data, which only the estimator reads.
    expect(journey.slice(0, 2)).toEqual(['/data/rules.json', '/data/regions.json']);
    expect(journey).not.toContain('/data/policy.json');
    expect(journey.filter((f) => f.startsWith('/split_'))).toEqual([expect.stringMatching(/^\/split_journey_view-/)]);
    expect(await preloads('/estimate')).toEqual(expect.arrayContaining(['/data/policy.json', '/data/regions.json']));
    // The sample directory comes with an itemised bill only, which asks for it.
    expect(await preloads('/estimate')).not.toContain('/data/directory-sample.json');
    // The proof page's own code is a split within the journey's, which it loads first.
    const proof = await preloads('/file/proof');
    expect(proof.filter((f) => f.startsWith('/split_'))).toEqual([
      expect.stringMatching(/^\/split_journey_view-/),
      expect.stringMatching(/^\/split_proof_view-/),
    ]);
    // The home page reads no data; its own code is a split of its own.
    const home = await preloads('/');
    expect(home.filter((f) => f.startsWith('/data/'))).toEqual([]);
    expect(home.filter((f) => f.startsWith('/split_'))).toEqual([expect.stringMatching(/^\/split_intro_view-/)]);
  });

  test('the icon is in the page as the shipped SVG, so no page fetches it', async ({ page }) => {
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto('/estimate');
    await expect(page.locator('html:not(.booting) main h1')).toBeVisible();
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toMatch(/^data:image\/svg\+xml,/);
    const shipped = readFileSync(join(__dirname, '..', '..', 'public', 'icons', 'icon.svg'), 'utf8').trim();
    expect(decodeURIComponent(href!.slice('data:image/svg+xml,'.length))).toBe(shipped.replaceAll('"', "'"));
    expect(fetched.filter((p) => p.startsWith('/icons/'))).toEqual([]);
  });

  test('a missing file is a 404, not the app', async ({ request }) => {
    const res = await request.get('/missing-asset.js');
    expect(res.status()).toBe(404);
  });
});
