// Starts the app without an inline script, so the Content-Security-Policy can forbid inline scripts.
// scripts/build-web.sh writes the content-named glue and wasm into this tag's data attributes.
// Until the app is mounted, index.html shows a static header and a loading note (`data-boot-shell`).
const tag = document.querySelector('script[data-yidi-js]');
try {
  const glue = await import(tag.dataset.yidiJs);
  // Runs the wasm's main, which mounts the app after the shell; the shell goes in the same task, unpainted.
  await glue.default({ module_or_path: tag.dataset.yidiWasm });
  for (const part of document.querySelectorAll('[data-boot-shell]')) part.remove();
} catch (error) {
  document.getElementById('boot-note').textContent =
    '无法加载，请检查网络后刷新页面。Could not load: check the connection and reload the page.';
  throw error;
}

// Offline use (a hospital corridor without signal): the service worker keeps the shell and the data.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}
