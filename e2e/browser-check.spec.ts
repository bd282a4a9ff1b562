/**
 * The crypto core running in a real Chromium: the app's browser check creates a P-256 key and certificate,
 * protects the key with a passphrase, signs then encrypts, and decrypts then verifies, all in the page.
 */
import { expect, test } from '@playwright/test';

test('the browser check passes in Chromium', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'SealPhone' })).toBeVisible();
  const status = page.getByRole('status', { name: 'Browser check' });
  await expect(status).toHaveText('This browser can create keys, sign and encrypt.', { timeout: 30_000 });
  await expect(page.locator('.check-steps li.ok')).toHaveCount(await page.locator('.check-steps li').count());
  expect(errors).toEqual([]);
});

test('the app loads its crypto code lazily', async ({ page }) => {
  const scripts: string[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  await page.goto('/');
  await expect(page.getByRole('status', { name: 'Browser check' })).toHaveText(/can create keys/, { timeout: 30_000 });
  // The entry chunk plus at least one lazily loaded chunk holding the crypto core.
  expect(scripts.length).toBeGreaterThan(1);
});
