// Starts the app without an inline script, so the Content-Security-Policy can forbid inline scripts.
// scripts/build-web.sh writes the content-named glue and wasm into this tag's data attributes.
// Until the app has rendered its page, index.html shows its shell (`data-boot-shell`: the server's copy of the
// page's first paint, or a bare header) and a loading note; the app renders hidden beside it (`html.booting`).
const tag = document.querySelector('script[data-yidi-js]');
const note = document.getElementById('boot-note');
let started = false;
let shown = false;

function fail(error) {
  if (shown) return;
  note.textContent = '无法加载，请检查网络后刷新页面。Could not load: check the connection and reload the page.';
  if (error) console.error(error);
}

// A page's code (a lazy wasm module) may still be on its way when the app mounts: the shell stays until the
// app's page has its heading, every part it builds a task later and every part waiting for its data
// (`<html data-building>`, see `Later` and `hold_first_paint_while` in src/web/tasks.rs), then the two swap before the next paint (checked once a frame: a mutation observer over
// the page would be handed every node the app adds, which cost more than the app's own work).
function showAppWhenReady() {
  const html = document.documentElement;
  if (document.querySelector('#main h1') === null || html.hasAttribute('data-building')) {
    return requestAnimationFrame(showAppWhenReady);
  }
  shown = true;
  for (const part of document.querySelectorAll('[data-boot-shell]')) part.remove();
  html.classList.remove('booting');
  registerServiceWorkerWhenIdle();
}

// Offline use (a hospital corridor without signal): the service worker keeps the shell and the data. Its install
// downloads every page's code and data, so it starts once this page has loaded and the browser is idle, not
// while the page's own files are on their way over a slow connection.
function registerServiceWorkerWhenIdle() {
  if (!('serviceWorker' in navigator)) return;
  const register = () => navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  const whenIdle = () =>
    'requestIdleCallback' in window ? requestIdleCallback(register, { timeout: 5000 }) : setTimeout(register, 1000);
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
}

// The files this page needs next (its data and its wasm), named by the server: fetched once the first paint is
// on screen, so they do not hold it back, and long before the app asks for them. A few links a task: a browser
// takes about a millisecond to start each, which twenty at once would make a long task. The tasks follow each
// other at once (a message, where a chain of timers would wait 4 ms each). Once the app has started it fetches
// them itself (a fast connection, where the first paint came late): preloading them then would fetch them twice.
// The page's wasm waits for the main module to have arrived: the browser keeps it as the dictionary the server
// compresses the page's modules with (src/server/dictionary.rs), which it can only name once it has it all.
function preloadAfterFirstPaint() {
  const files = (document.querySelector('meta[name="yidi-preload"]')?.content ?? '').split(' ').filter(Boolean);
  const data = files.filter((href) => !href.endsWith('.wasm'));
  const code = files.filter((href) => href.endsWith('.wasm'));
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    if (started) return;
    for (const href of data.length > 0 ? data.splice(0, 4) : mainArrived ? code.splice(0, 4) : []) {
      const link = Object.assign(document.createElement('link'), { rel: 'preload', href, as: 'fetch' });
      link.crossOrigin = 'anonymous';
      document.head.append(link);
    }
    if (data.length > 0 || (code.length > 0 && mainArrived)) channel.port2.postMessage(null);
  };
  let mainArrived = !('PerformanceObserver' in window);
  if (!mainArrived) {
    new PerformanceObserver((list, observer) => {
      if (!list.getEntries().some((entry) => entry.name.endsWith(tag.dataset.yidiWasm))) return;
      observer.disconnect();
      mainArrived = true;
      channel.port2.postMessage(null);
    }).observe({ type: 'resource', buffered: true });
  }
  requestAnimationFrame(() => setTimeout(() => channel.port2.postMessage(null)));
}

// Until the app is shown, an uncaught error is the app failing to start (a lazy module that did not download
// makes the wasm stop, `unreachable`).
window.addEventListener('unhandledrejection', (event) => fail(event.reason));
window.addEventListener('error', () => fail());
preloadAfterFirstPaint();
try {
  const glue = await import(tag.dataset.yidiJs);
  // Runs the wasm's main, which mounts the app (hidden) after the shell.
  await glue.default({ module_or_path: tag.dataset.yidiWasm });
  started = true;
  showAppWhenReady();
} catch (error) {
  fail();
  throw error;
}

