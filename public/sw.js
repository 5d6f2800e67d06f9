// Yidi's service worker: the app shell and the shared data keep working in a hospital corridor without signal.
// Pages: network first, the cached shell when offline. Hashed assets: cache first (their names change with
// their content). Data files: the cached copy at once, refreshed in the background. The API is never cached.
const CACHE = 'yidi-shell-v1';
const DATA = ['/data/policy.json', '/data/regions.json', '/data/directory-sample.json', '/data/institutions.json'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const index = await fetch('/', { cache: 'no-cache' });
      const html = await index.clone().text();
      // The shell's own files, as scripts/build-web.sh named them in this build's index.html, and the lazy
      // modules of the other routes, so every page works offline, not only those opened before.
      const named = [...html.matchAll(/(?:href|src|data-yidi-js|data-yidi-wasm)="(\/[^"]+)"/g)].map((m) => m[1]);
      const lazy = (html.match(/data-yidi-lazy="([^"]*)"/)?.[1] ?? '').split(' ').filter(Boolean);
      await cache.put('/', index);
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

async function networkFirstShell(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // Every client route is index.html (a journey's with its own preloads): keep the newest as the offline
    // shell. Offline, another route's preloads are then read from this cache, where install put them all.
    if (response.ok) await cache.put('/', response.clone());
    return response;
  } catch (offline) {
    const shell = await cache.match('/');
    if (shell) return shell;
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
