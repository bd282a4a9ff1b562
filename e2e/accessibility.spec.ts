/**
 * Every screen of SCREENS (e2e/support/screens.ts) through axe-core, in light and dark: no 'serious' or 'critical'
 * violation, no emoji (they render as empty boxes without an emoji font), nothing wider than a 360 px screen; and a
 * screenshot of each at 1280 and 360 px, light and dark, in test-results/screens/ for a person to look at.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { closePeople } from './support/person.ts';
import { emojiInPage, overflowsSideways } from './support/keys.ts';
import { SCREENS } from './support/screens.ts';

test.afterEach(closePeople);

const WIDTHS = [1280, 360] as const;
const SCHEMES = ['light', 'dark'] as const;

/** The serious and critical violations, one line each: rule, what it says, and the elements it found. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ')}]` : ''}`).join('; ')}`);
}

for (const screen of SCREENS) {
  test(`${screen.name}: accessible in light and dark, at 1280 and 360 px, without emoji`, async ({ browser }) => {
    // Two people with keys, then four axe runs and four full-page screenshots: more than one ordinary test's work.
    test.slow();
    const page = await screen.reach(browser);
    expect(await emojiInPage(page), 'emoji in the page').toEqual([]);
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
        expect(await seriousViolations(page), `axe, ${width} px, ${scheme}`).toEqual([]);
        if (width === 360) expect(await overflowsSideways(page), `sideways overflow at 360 px, ${scheme}`).toBe(false);
        await page.screenshot({ path: `test-results/screens/${screen.name}-${width}-${scheme}.png`, fullPage: true });
      }
    }
    if (screen.name === 'sign-in') await page.context().close();
  });
}
