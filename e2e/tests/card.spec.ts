import { test, expect } from './fixtures/app';
import { FilingJourney, chinaToday, fileByApi, projectResidentId } from './fixtures/filing';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';

test.use({ serviceWorkers: 'allow' });

/** Decodes the QR code on screen, as a scanner at the counter would. */
async function scan(page: import('@playwright/test').Page): Promise<string> {
  const png = PNG.sync.read(await page.locator('svg.qr').screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(code, 'a readable QR code').not.toBeNull();
  return code!.data;
}

test('the care code decodes to a token the counter accepts; tampered or expired is refused; offline it is marked', async ({ app, page, context, request }, testInfo) => {
  const id = projectResidentId(testInfo, '1201011952030300');
  const journey = new FilingJourney(page);
  await journey.start();
  await journey.who('为我自己');
  await journey.person('刘桂兰', id, '13855556666');
  await journey.insured('120000', '120000', '职工医保（退休）');
  await journey.category(/异地安置退休人员/);
  await journey.destination('460000', '460100');
  await journey.dates(chinaToday());
  await journey.proof();
  await journey.submit();
  await journey.expectPage('备案成功');
  const number = (await page.locator('.filing-number').innerText()).trim();

  await page.goto(`/filings/${number}/card`);
  await page.getByLabel('身份证号码').fill(id);
  await page.getByRole('button', { name: '显示备案卡' }).click();
  await expect(page.locator('.care-card__countdown')).toContainText('秒后刷新');
  await expect(page.locator('.care-card__id')).toHaveText(/^1201\*{10}\w{4}$/);
  // Named as this service's card, which does not replace the official e-voucher.
  await expect(app.heading).toHaveText('备案卡');
  await expect(page.locator('.card-not-voucher')).toContainText('不能代替医保电子凭证或社会保障卡');
  await app.expectAccessible();
  await app.screenshot('card-zh');
  // The code fits a phone's screen without scrolling.
  const box = await page.locator('svg.qr').boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(page.viewportSize()!.height);
  // And on a small 360×640 phone, the QR is whole on the first screen and nothing runs off its side.
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 360, height: 640 });
  const small = await page.locator('svg.qr').boundingBox();
  expect(small!.y + small!.height).toBeLessThanOrEqual(640);
  expect(small!.x + small!.width).toBeLessThanOrEqual(360);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await app.screenshot('card-360-zh');
  await page.setViewportSize(size);

  const token = await scan(page);
  // The code shows nothing to whoever scans it: no filing number, nothing of the person.
  expect(token).not.toContain(number);
  expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain(number.slice(2));
  const valid = await request.post('/api/card/verify', { data: { token } });
  const counter = await valid.json();
  expect(counter.status).toBe('valid');
  expect(counter.filing.number).toBeUndefined();
  expect(counter.filing.resident_id_masked).toMatch(/^1201\*{10}\w{4}$/);
  const tampered = token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA');
  const forged = await request.post('/api/card/verify', { data: { token: tampered } });
  expect((await forged.json()).status).toBe('forged');
  // A token the server sealed a few minutes ago (sealed here as the server does, with the test server's key) has
  // expired: ChaCha20-Poly1305 under a key derived from the card key, over the number and the expiry.
  const cardKey = Buffer.from(process.env.E2E_CARD_KEY!, 'hex');
  const cipherKey = createHmac('sha256', cardKey).update('yidi code card token, ChaCha20-Poly1305').digest();
  const nonce = randomBytes(12);
  const expiry = Buffer.alloc(8);
  expiry.writeBigInt64BE(BigInt(Math.floor(Date.now() / 1000) - 120));
  const cipher = createCipheriv('chacha20-poly1305', cipherKey, nonce, { authTagLength: 16 });
  const sealed = Buffer.concat([cipher.update(Buffer.concat([Buffer.from(number), expiry])), cipher.final()]);
  const old = Buffer.concat([nonce, sealed, cipher.getAuthTag()]).toString('base64url');
  const expired = await request.post('/api/card/verify', { data: { token: old } });
  expect((await expired.json()).status).toBe('expired');

  // No signal in the corridor: a reload still shows the last card, marked offline, never as fresh.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('.card-offline')).toContainText('离线，截至');
  await expect(page.locator('.care-card__stale')).toBeVisible();
  await app.screenshot('card-offline-zh');
  await context.setOffline(false);
});

test('the card of a filing that starts later says from which day it settles', async ({ app, page, request }, testInfo) => {
  const id = projectResidentId(testInfo, '1201011963090900');
  const starts = chinaToday(10);
  const number = await fileByApi(request, {
    person: { name: '孙秀英', resident_id: id, phone: '13955556666' },
    start_date: starts,
  });
  await app.open(`/filings/${number}/card`);
  await page.getByLabel('身份证号码').fill(id);
  await page.getByRole('button', { name: '显示备案卡' }).click();
  await expect(page.locator('.care-card .notice--error')).toHaveText(`这份备案 ${starts} 起生效，在那之前不能直接结算。`);
  await app.languageSwitch.click();
  await expect(page.locator('.care-card .notice--error')).toHaveText(
    `This filing takes effect on ${starts}; until then it cannot be settled directly.`,
  );
});
