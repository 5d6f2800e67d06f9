// What fills the long tasks of a cold load, per route: Chromium's own trace of the real app, the route opened in a
// fresh browser context RUNS times (median shown). A task counts as long when four times its duration (Lighthouse's
// mobile CPU slowdown) passes 50 ms; "blocking" is the sum of the excess, as Total Blocking Time adds it, over the
// tasks after the first contentful paint. Each route is measured twice: as Chromium runs wasm (each function
// compiled on the main thread the first time it is called) and with V8's lazy compilation off (compiled up front,
// off the main thread), which no page can ask for today. "Blocking by CPU time" sums the same excess over each
// task's thread time instead of its wall time: on a busy machine (this one shares its cores) a task's wall time
// also counts the time the thread waited for a core, so that column is the one to compare builds by.
// Usage: node scripts/long-tasks.mjs BASE_URL RUNS ROUTE...   (scripts/long-tasks.sh starts the server)
import { createRequire } from 'node:module';

const require = createRequire(`${process.env.ROOT}/e2e/package.json`);
const { chromium } = require('@playwright/test');
const [base, runs, ...routes] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

async function measure(browser, route) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.wasm', 'toplevel', 'loading'],
  });
  await page.goto(base + route);
  await page.locator('html:not(.booting) main h1').waitFor();
  await page.waitForTimeout(1500);
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString());
  await context.close();
  const fcp = traceEvents.find((e) => e.name === 'firstContentfulPaint');
  const main = traceEvents.filter((e) => e.ph === 'X' && e.pid === fcp.pid && e.tid === fcp.tid);
  const long = main.filter((e) => e.name === 'RunTask' && e.ts > fcp.ts && e.dur * 4 > 50_000);
  const within = (task, names) =>
    main
      .filter((e) => names.includes(e.name) && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur)
      .reduce((sum, e) => sum + e.dur / 1000, 0);
  const row = { tasks: long.length, blocking: 0, cpuBlocking: 0, script: 0, compile: 0, layout: 0 };
  for (const task of main.filter((e) => e.name === 'RunTask' && e.ts > fcp.ts && (e.tdur ?? e.dur) * 4 > 50_000)) {
    row.cpuBlocking += ((task.tdur ?? task.dur) * 4) / 1000 - 50;
  }
  for (const task of long) {
    row.blocking += (task.dur * 4) / 1000 - 50;
    row.script += within(task, ['FunctionCall', 'EvaluateScript']);
    row.compile += within(task, ['wasm.CompileLazy']);
    row.layout += within(task, ['Layout', 'UpdateLayoutTree']);
  }
  return row;
}

async function median(jsFlags, route) {
  const args = ['--no-sandbox', '--disable-gpu', ...(jsFlags ? [`--js-flags=${jsFlags}`] : [])];
  const browser = await chromium.launch({ executablePath, args });
  const rows = [];
  for (let i = 0; i < Number(runs); i++) rows.push(await measure(browser, route));
  await browser.close();
  rows.sort((a, b) => a.blocking - b.blocking);
  return rows[Math.floor(rows.length / 2)];
}

const ms = (x) => `${Math.round(x)} ms`;
console.log('| route | long tasks | blocking (×4) | blocking by CPU time (×4) | script in them | of it: lazy wasm compile | style & layout | blocking, wasm compiled up front |');
console.log('|---|---|---|---|---|---|---|---|');
for (const route of routes) {
  const lazy = await median('', route);
  const eager = await median('--no-wasm-lazy-compilation', route);
  console.log(
    `| \`${route}\` | ${lazy.tasks} | ${ms(lazy.blocking)} | ${ms(lazy.cpuBlocking)} | ${ms(lazy.script)} | ${ms(lazy.compile)} | ${ms(lazy.layout)} | ${ms(eager.blocking)} |`,
  );
}
