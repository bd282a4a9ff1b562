/**
 * The app at 360 px wide and on a desktop: nothing overflows sideways, the controls stay reachable, and a
 * screenshot of each is kept in test-results/ for a person to look at.
 */
import { expect, test } from './fixtures.ts';

const noHorizontalOverflow = (page: import('@playwright/test').Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

for (const [name, viewport] of [
  ['phone', { width: 360, height: 740 }],
  ['desktop', { width: 1280, height: 800 }],
] as const) {
  test(`in a call with messages, ${name} layout`, async ({ alice, bob }, testInfo) => {
    await alice.page.setViewportSize(viewport);
    await bob.sendMessage(alice.account, 'Calling you in a second');
    await expect(alice.message('Calling you in a second')).toBeVisible();
    await alice.sendMessage(bob.account, 'Sure, go ahead');
    await expect(alice.message('Sure, go ahead')).toContainText('Delivered');
    await bob.call(alice.account);
    await alice.expectCall(bob.account, 'Ringing');
    await alice.page.screenshot({ path: testInfo.outputPath(`${name}-ringing.png`), fullPage: true });
    await alice.answer();
    await alice.expectCall(bob.account, 'Connected');
    await expect(alice.button('Hang up', alice.callRegion)).toBeInViewport();
    expect(await noHorizontalOverflow(alice.page)).toBe(true);
    await alice.page.screenshot({ path: testInfo.outputPath(`${name}-connected.png`), fullPage: true });
  });
}

test('sign-in page at 360 px', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  expect(await noHorizontalOverflow(page)).toBe(true);
  await page.screenshot({ path: testInfo.outputPath('phone-sign-in.png'), fullPage: true });
});
