/**
 * Key creation plus first publish at sign-in (issue 5, item 7), in Debian's Chromium: a fresh account (no key on the
 * server) in a fresh browser context (none in IndexedDB) signs in and gets "Protect your key" (docs/qa.md); the bench
 * fills both passphrase fields and clicks "Create key". Measured in the page, on its own clock, from that trusted
 * click (the app bench's timeline, bench/app/page-instrumentation.ts) to:
 *
 * - the 200 OK to the credential PUBLISH arriving on the page's WebSocket (before JsSIP reads it), and
 * - the Security region's status starting with "Published" (a MutationObserver: DOM change, before paint).
 *
 * Test-side instrumentation only (no app hook), installed with `page.addInitScript` after the app bench's:
 * `SubtleCrypto.prototype.deriveBits` is wrapped to log PBKDF2 (the passphrase's share, about 0.5 s by design,
 * docs/design.md "Keys and certificates"); the app bench's `WebSocket` log (sip-wire-log.ts) gives the PUBLISH requests (the app's only PUBLISH is
 * the credential's) and the responses to them.
 */
import { expect, type Browser } from '@playwright/test';
import type { Account } from '../../e2e/support/accounts.ts';
import { PhonePage } from '../../e2e/support/phone-page.ts';
import { SecurityPage } from '../../e2e/support/security-page.ts';
import { benchTime, events, instrument, resetEvents, type BenchEvent, type BenchWindow } from '../app/page-instrumentation.ts';

const TIMEOUT_MS = 30_000;
/** The Security region's publication status (SecurityPanel.tsx: the region is labelled by its heading). */
const PUBLISHED_STATUS = 'section[aria-labelledby="security-title"] [role="status"]';

export interface KeyCreationSample {
  /** Click on "Create key" -> PBKDF2 started: the P-256 key pair and the self-signed certificate. */
  keyAndCertificate: number;
  /** PBKDF2 of the passphrase (deriveBits, PBKDF2-HMAC-SHA256). */
  pbkdf2: number;
  /** PBKDF2 done -> the first credential PUBLISH on the WebSocket. */
  toPublish: number;
  /** First PUBLISH sent -> its 200 received (a digest challenge, if any, included). */
  publishRoundTrip: number;
  /** Click -> the PUBLISH's 200 on the page's WebSocket. */
  total: number;
  /** Click -> "Published" in the Security region. */
  shown: number;
  /** PUBLISH requests sent (2 when the first was challenged). */
  publishes: number;
  /** Calls of PBKDF2 deriveBits between the click and the 200. */
  pbkdf2Calls: number;
}

/** Runs in the page (serialized, after the app bench's instrumentation): logs PBKDF2. */
export function installPbkdf2Log(): void {
  const w = window as unknown as BenchWindow & { __benchPbkdf2?: boolean };
  if (w.__benchPbkdf2) return;
  w.__benchPbkdf2 = true;
  const log = (e: string): void => w.__bench?.log(e);
  const deriveBits = SubtleCrypto.prototype.deriveBits;
  SubtleCrypto.prototype.deriveBits = async function (this: SubtleCrypto, ...args: Parameters<SubtleCrypto['deriveBits']>) {
    const algorithm = args[0];
    const pbkdf2 = typeof algorithm === 'object' && algorithm !== null && String((algorithm as { name?: unknown }).name).toUpperCase() === 'PBKDF2';
    if (pbkdf2) log('pbkdf2-start');
    const bits = await deriveBits.apply(this, args);
    if (pbkdf2) log('pbkdf2-end');
    return bits;
  };
}

/**
 * One fresh account: a new context, the app opened and its browser check done (it runs PBKDF2 too), signed in, then
 * "Create key" timed to the credential PUBLISH's 200 and to "Published".
 */
export async function createKeyOnce(browser: Browser, origin: string, account: Account): Promise<{ sample: KeyCreationSample; errors: string[] }> {
  const context = await browser.newContext({ baseURL: origin });
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await instrument(page);
    await page.addInitScript(installPbkdf2Log);
    const phone = new PhonePage(page, account);
    await phone.open();
    await expect(page.getByRole('status', { name: 'Browser check', exact: true })).not.toHaveText('Checking this browser…', { timeout: 60_000 });
    await phone.fillSignIn();
    await expect(phone.registration).toContainText('Registered');
    const security = new SecurityPage(page);
    const dialog = security.protectDialog;
    await expect(dialog).toBeVisible({ timeout: TIMEOUT_MS });
    await dialog.getByRole('textbox', { name: 'Key passphrase', exact: true }).fill(account.keyPassphrase);
    await dialog.getByRole('textbox', { name: 'Repeat passphrase', exact: true }).fill(account.keyPassphrase);

    await resetEvents(page);
    const published = page.evaluate(([selector, timeout]) => (window as unknown as BenchWindow).__bench.waitForText(selector, ['Published'], timeout), [PUBLISHED_STATUS, TIMEOUT_MS] as const);
    published.catch(() => undefined);
    await dialog.getByRole('button', { name: 'Create key', exact: true }).click();
    await published;
    await expect(dialog).toHaveCount(0);
    return { sample: sampleOf(await events(page), benchTime(page, await published)), errors };
  } finally {
    await context.close();
  }
}

function sampleOf(list: BenchEvent[], shown: number): KeyCreationSample {
  const need = (e: string, from = 0): number => {
    const t = list.find((x) => x.e === e && x.t >= from)?.t;
    if (t === undefined) throw new Error(`key creation: no ${e} on the timeline: ${JSON.stringify(list)}`);
    return t;
  };
  const click = need('click:Create key');
  const ok = need('ws-in:200:PUBLISH', click);
  const pbkdf2Start = need('pbkdf2-start', click);
  const pbkdf2End = need('pbkdf2-end', pbkdf2Start);
  const publish = need('ws-out:PUBLISH', click);
  const between = list.filter((x) => x.t >= click && x.t <= ok);
  return {
    keyAndCertificate: pbkdf2Start - click,
    pbkdf2: pbkdf2End - pbkdf2Start,
    toPublish: publish - pbkdf2End,
    publishRoundTrip: ok - publish,
    total: ok - click,
    shown: shown - click,
    publishes: between.filter((x) => x.e === 'ws-out:PUBLISH').length,
    pbkdf2Calls: between.filter((x) => x.e === 'pbkdf2-start').length,
  };
}
