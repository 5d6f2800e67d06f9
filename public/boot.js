// Starts the app without an inline script, so the Content-Security-Policy can forbid inline scripts.
// scripts/build-web.sh writes the content-named glue and wasm into this tag's data attributes.
const tag = document.querySelector('script[data-yidi-js]');
const glue = await import(tag.dataset.yidiJs);
await glue.default({ module_or_path: tag.dataset.yidiWasm });

// Offline use (a hospital corridor without signal): the service worker keeps the shell and the data.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}
