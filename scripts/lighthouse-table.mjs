// Prints the Lighthouse reports of scripts/lighthouse.sh as one Markdown table, a row per route (transferred:
// every byte the page loaded over the network, headers included; TTI: Lighthouse's time to interactive, when the
// page reliably accepts input), then every
// accessibility and best-practices audit that lost points. Arguments: the reports folder, the filing number,
// the routes in order. Reports are named <route name>-<run>.json; the run with the median performance is shown.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, number, ...routes] = process.argv.slice(2);
const nameOf = (route) =>
  route === '/' ? 'home' : route.replace(number, 'NUMBER').replace(/^\//, '').replaceAll('/', '_');

const score = (report, id) => report.categories[id].score.toFixed(2);
const ms = (report, id) => `${Math.round(report.audits[id].numericValue).toLocaleString('en')} ms`;
const rows = [
  '| route | performance | accessibility | best practices | FCP | LCP | TTI | TBT | CLS | transferred |',
  '|---|---|---|---|---|---|---|---|---|---|',
];
const lost = new Map();

for (const route of routes) {
  const name = nameOf(route);
  const reports = readdirSync(dir)
    .filter((file) => file.startsWith(`${name}-`) && file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')))
    .sort((a, b) => a.categories.performance.score - b.categories.performance.score);
  const report = reports[Math.floor((reports.length - 1) / 2)];
  if (!report || report.runtimeError) {
    rows.push(`| \`${route}\` | error: ${report?.runtimeError?.code ?? 'no report'} | | | | | | | | |`);
    continue;
  }
  const cls = report.audits['cumulative-layout-shift'].numericValue.toFixed(3);
  const bytes = report.audits['total-byte-weight'].numericValue;
  rows.push(
    `| \`${route.replace(number, '{number}')}\` | ${score(report, 'performance')} | ${score(report, 'accessibility')} | ` +
      `${score(report, 'best-practices')} | ${ms(report, 'first-contentful-paint')} | ` +
      `${ms(report, 'largest-contentful-paint')} | ${ms(report, 'interactive')} | ${ms(report, 'total-blocking-time')} | ${cls} | ` +
      `${Math.round(bytes).toLocaleString('en')} B |`,
  );
  for (const category of ['accessibility', 'best-practices']) {
    for (const ref of report.categories[category].auditRefs) {
      const audit = report.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        const key = `${category}: ${ref.id} (${audit.title})`;
        lost.set(key, [...(lost.get(key) ?? []), route.replace(number, '{number}')]);
      }
    }
  }
}

console.log(rows.join('\n'));
if (lost.size) {
  console.log('\nAudits that lost points:');
  for (const [key, where] of lost) console.log(`- ${key}: ${where.join(', ')}`);
}
