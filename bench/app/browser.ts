/**
 * Debian's Chromium for the `app` bench, launched through Playwright with playwright.config.ts's executable and flags
 * (fake media devices, no sandbox, ...), and pages in contexts of their own: signed-in phones (the e2e suite's
 * PhonePage) and blank pages for the bare RTCPeerConnection pair, all instrumented (page-instrumentation.ts).
 */
import { chromium, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import config from '../../playwright.config.ts';
import { PhonePage } from '../../e2e/support/phone-page.ts';
import { SecurityPage } from '../../e2e/support/security-page.ts';
import type { Account } from '../../e2e/support/accounts.ts';
import { instrument } from './page-instrumentation.ts';

export async function launchChromium(): Promise<Browser> {
  const launch = config.use?.launchOptions ?? {};
  return chromium.launch({ executablePath: launch.executablePath ?? '/usr/bin/chromium', args: launch.args ?? [] });
}

export interface Opened {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

async function open(browser: Browser, origin: string): Promise<Opened> {
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await instrument(page);
  return { context, page, errors };
}

/**
 * A signed-in phone. `jsLoaded` lists the JavaScript files the first page load fetched, until the browser check has
 * finished (it imports the crypto chunk on every load). With `key`, the phone answers "Protect your key" (docs/qa.md)
 * and waits until its credential is published; without, it puts the dialog off and has no key.
 */
export async function openPhone(browser: Browser, origin: string, account: Account, { key = false } = {}): Promise<Opened & { phone: PhonePage; jsLoaded: string[] }> {
  const opened = await open(browser, origin);
  const jsLoaded: string[] = [];
  const onResponse = (r: { url(): string }): void => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.js')) jsLoaded.push(path.replace(/^\//, ''));
  };
  opened.page.on('response', onResponse);
  const phone = new PhonePage(opened.page, account);
  await phone.open();
  // Let the browser check (key generation, PBES2, sign and encrypt) finish before anything is measured.
  await expect(opened.page.getByRole('status', { name: 'Browser check', exact: true })).not.toHaveText('Checking this browser…', { timeout: 60_000 });
  opened.page.off('response', onResponse);
  if (key) {
    await phone.fillSignIn();
    await expect(phone.registration).toContainText('Registered');
    await new SecurityPage(opened.page).createKey(account.keyPassphrase);
  } else {
    await phone.signIn();
  }
  return { ...opened, phone, jsLoaded };
}

/** A blank page on the app's origin (a secure context for getUserMedia), answered by the bench, not the server. */
export async function openBlank(browser: Browser, origin: string): Promise<Opened> {
  const opened = await open(browser, origin);
  const url = `${origin}/__bench-blank.html`;
  await opened.context.route(url, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bare pair</title>' }));
  await opened.page.goto(url);
  return opened;
}
