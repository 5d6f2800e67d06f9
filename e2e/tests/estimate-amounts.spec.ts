import { test, expect } from './fixtures/app';
import { Estimator } from './fixtures/estimate';
import type { Page } from '@playwright/test';

/** Every amount in yuan on the page (¥ and its digits) that the browser has laid out over more than one line. */
async function amounts(page: Page): Promise<{ seen: number; broken: string[] }> {
  return page.evaluate(() => {
    const broken: string[] = [];
    let seen = 0;
    const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const match of text.matchAll(/[¥￥]-?[\d,]+(?:\.\d+)?/g)) {
        const range = document.createRange();
        range.setStart(node, match.index!);
        range.setEnd(node, match.index! + match[0].length);
        seen += 1;
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
    return { seen, broken };
  });
}

/** The check itself catches a broken amount: one squeezed into a narrow box, then removed. */
async function checkCatchesABreak(page: Page) {
  await page.evaluate(() => {
    const p = Object.assign(document.createElement('p'), { id: 'squeezed', textContent: '共 ¥16,896.00 元' });
    p.style.width = '3em';
    p.style.overflowWrap = 'anywhere';
    document.querySelector('main')!.append(p);
  });
  expect((await amounts(page)).broken).toContain('¥16,896.00');
  await page.evaluate(() => document.getElementById('squeezed')!.remove());
}

for (const width of [360, 390, 1280]) {
  test(`at ${width} px no amount breaks inside itself, in the result, its steps or the summary`, async ({ page }) => {
    await page.setViewportSize({ width, height: width < 1000 ? 780 : 800 });
    const e = new Estimator(page);
    await e.open();
    // A large stay: five-figure amounts with cents everywhere.
    await e.place('insured', '120000', '120000');
    await e.place('treatment', '110000', '110000');
    await e.care({ scheme: 'employee_retired', setting: 'inpatient', level: 'tertiary', filing: 'resettled_retiree', date: '2026-06-01' });
    await e.quick({ a: '123456.78', b: '23456.78', c: '3456.78' });
    await expect(page.locator('[data-testid] .amount').first()).toBeVisible();
    await page.getByRole('button', { name: '计算' }).click();
    await page.waitForTimeout(300);
    await checkCatchesABreak(page);
    const zh = await amounts(page);
    expect(zh.seen).toBeGreaterThanOrEqual(4);
    expect(zh.broken).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForTimeout(300);
    const en = await amounts(page);
    expect(en.seen).toBeGreaterThanOrEqual(4);
    expect(en.broken).toEqual([]);
  });
}
