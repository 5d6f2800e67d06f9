import { test, expect } from './fixtures/app';
import type { Request } from '@playwright/test';
import { Estimator } from './fixtures/estimate';

// The journey's last pages (proof, check answers, the confirmation) and choosing points for a filing have their
// own code in child splits (`split(f / g)` in src/domain/route.rs): a visit that only looks at a question does not
// fetch them; the next page's is fetched once the person starts on the question, so Continue does not wait for it.

function wasmFetched(page: import('@playwright/test').Page): string[] {
  const fetched: string[] = [];
  page.on('request', (req: Request) => {
    const path = new URL(req.url()).pathname;
    if (path.endsWith('.wasm')) fetched.push(path);
  });
  return fetched;
}

test('a question does not fetch the next page’s own code until the person starts on it', async ({ app, page }) => {
  const fetched = wasmFetched(page);
  await page.goto('/file/dates');
  await expect(app.heading).toHaveText('备案从什么时候开始？');
  await page.waitForLoadState('networkidle');
  expect(fetched.some((f) => f.startsWith('/split_journey_view'))).toBe(true);
  expect(fetched.filter((f) => /^\/split_(proof|check|done)_view/.test(f))).toEqual([]);

  // A key (here Tab) or a tap starts it: the proof page's code, and nothing of the pages after it.
  await page.keyboard.press('Tab');
  await expect.poll(() => fetched.some((f) => f.startsWith('/split_proof_view'))).toBe(true);
  await page.waitForLoadState('networkidle');
  expect(fetched.filter((f) => /^\/split_(check|done)_view/.test(f))).toEqual([]);
});

test('a page whose code is a child split opens straight from its address, and the journey goes on', async ({ app, page }) => {
  const fetched = wasmFetched(page);
  await page.goto('/file/proof');
  await expect(app.heading).toHaveText('证明材料和门诊慢特病');
  expect(fetched.findIndex((f) => f.startsWith('/split_journey_view'))).toBeGreaterThanOrEqual(0);
  expect(fetched.some((f) => f.startsWith('/split_proof_view'))).toBe(true);
  // Back to a question of the parent split, then forward again: no page is lost on the way.
  await page.getByRole('link', { name: '返回' }).click();
  await expect(app.heading).toHaveText('备案从什么时候开始？');
  await page.goBack();
  await expect(app.heading).toHaveText('证明材料和门诊慢特病');
});

test('the finder does not fetch the code of choosing points for a filing', async ({ app, page }) => {
  const fetched = wasmFetched(page);
  await page.goto('/points');
  await expect(app.heading).toHaveText('查找联网定点医疗机构');
  await page.waitForLoadState('networkidle');
  expect(fetched.some((f) => f.startsWith('/split_points_view'))).toBe(true);
  expect(fetched.filter((f) => f.startsWith('/split_filing_points_view'))).toEqual([]);
});

// The estimator's itemised bill is a split of its own with the sample directory it reads: an estimate from totals
// never fetches either. A download that fails is said, with a retry, and nothing entered is lost.
test('the itemised bill and its directory come only when the person chooses items; a failed download is retried', async ({
  page,
}) => {
  const fetched = wasmFetched(page);
  const data: string[] = [];
  page.on('request', (req: Request) => {
    const path = new URL(req.url()).pathname;
    if (path.startsWith('/data/')) data.push(path);
  });
  let blocked = true;
  await page.route(/\/split_items_bill-[0-9a-f]+\.wasm$/, (route) => (blocked ? route.abort() : route.continue()));
  const e = new Estimator(page);
  await e.open();
  await e.quick({ a: '32.52' });
  await page.waitForLoadState('networkidle');
  expect(fetched.filter((f) => f.startsWith('/split_items_bill'))).toEqual([]);
  expect(data).not.toContain('/data/directory-sample.json');

  await e.radio('bill-mode', 'items');
  const alert = page.getByRole('alert').filter({ hasText: '逐项填写账单的程序没能下载' });
  await expect(alert).toBeVisible();
  await expect(page.locator('#class-a')).toHaveCount(0);
  blocked = false;
  await alert.getByRole('button', { name: '重新载入' }).click();
  await expect(page.locator('#item-0-pick')).toBeVisible();
  await expect(page.locator('#item-0-pick option', { hasText: '阿卡波糖' })).toHaveCount(1);
  expect(data).toContain('/data/directory-sample.json');
  // The totals typed before are still there for the way back.
  await e.radio('bill-mode', 'quick');
  await expect(page.locator('#class-a')).toHaveValue('32.52');
});
