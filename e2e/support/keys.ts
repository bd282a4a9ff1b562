/**
 * Helpers of the keyboard, entry and accessibility specs (issue 17): what has the focus, scrolling a page to its
 * end, the characters of the emoji ranges found in the rendered page, and the screens the accessibility spec visits.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { type Account } from './accounts.ts';
import { PhonePage } from './phone-page.ts';

/** A fresh browser context on the sign-in page, not yet signed in (closed by the caller's `context.close()`). */
export async function openSignIn(browser: Browser, account: Account): Promise<PhonePage> {
  const context = await browser.newContext();
  const phone = new PhonePage(await context.newPage(), account);
  await phone.open();
  return phone;
}

/** Scrolls the whole page to its end (where, on a 360 px screen, the call region is out of view). */
export async function scrollToEnd(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
}

/**
 * Characters of the emoji and pictograph ranges in the page's text (text nodes, attributes that are read out, and
 * CSS generated content), which render as empty boxes where no emoji font is installed.
 */
export async function emojiInPage(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pictographic = /[\p{Extended_Pictographic}\u2190-\u21FF\u2300-\u23FF\u2460-\u27BF\u2900-\u297F\u2B00-\u2BFF\u{1F000}-\u{1FAFF}]|\uFE0F/u;
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (pictographic.test(n.nodeValue ?? '')) found.push(n.nodeValue ?? '');
    for (const el of document.body.querySelectorAll('*')) {
      for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(attr);
        if (v && pictographic.test(v)) found.push(`${attr}=${v}`);
      }
      for (const pseudo of ['::before', '::after']) {
        const content = getComputedStyle(el, pseudo).content;
        if (content && content !== 'none' && pictographic.test(content)) found.push(`${pseudo} ${content}`);
      }
    }
    return found;
  });
}

/** Whether anything on the page is wider than the window (a sideways scroll bar). */
export function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}
