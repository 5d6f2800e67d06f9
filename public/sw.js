// Yidi's service worker: the app shell and the shared data keep working in a hospital corridor without signal.
// Pages: network first; offline, the page as last seen, or the bare shell. Hashed assets: cache first (their names
// change with their content). Data files: the cached copy at once, refreshed in the background. The API is never
// cached.
const CACHE = 'yidi-shell-v3';
const DATA = ['/data/policy.json', '/data/rules.json', '/data/regions.json', '/data/directory-sample.json', '/data/institutions.json'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // index.html as built: the bare shell, the page for any route offline that was not opened before.
      const index = await fetch('/index.html', { cache: 'no-cache' });
      const html = await index.clone().text();
      // The shell's own files, as scripts/build-web.sh named them in this build's index.html, and the lazy
      // modules of the other routes (its lazy.json), so every page works offline, not only those opened before.
      const named = [...html.matchAll(/(?:href|src|data-yidi-js|data-yidi-wasm)="(\/[^"]+)"/g)].map((m) => m[1]);
      const lazy = await (await fetch('/lazy.json', { cache: 'no-cache' })).json();
      await cache.put('/index.html', index);
      await cache.addAll([...new Set([...named, ...lazy, ...DATA])]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirstShell(request));
  } else if (url.pathname.startsWith('/data/')) {
    event.respondWith(staleWhileRevalidate(event, request));
  } else {
    event.respondWith(cacheFirst(request));
  }
});

// Each route's page is index.html with that page's first paint (src/server/pages.rs): kept per path, so offline a
// route opens on its own first paint, or on the bare shell if it was never opened online.
async function networkFirstShell(request) {
  const cache = await caches.open(CACHE);
  const key = new URL(request.url).pathname;
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (offline) {
    const page = (await cache.match(key)) ?? (await cache.match('/index.html'));
    if (page) return page;
    throw offline;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  const refresh = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(refresh.catch(() => undefined));
    return cached;
  }
  return refresh;
}
