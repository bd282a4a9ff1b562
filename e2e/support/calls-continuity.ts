/**
 * What the call-continuity scenarios share (e2e/call-continuity.spec.ts, e2e/answered-elsewhere.spec.ts): a person
 * signed in on one more device (a browser context of its own), the Recent list, a connected call between two people,
 * and a peer that vanishes without a word (its renderer crashes: no BYE, no pagehide, its media stops mid-flow).
 */
import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import type { Account } from './accounts.ts';
import { openPerson, type Person } from './person.ts';

/** `account` signed in on a device of its own (closed by `closePeople`), the key dialog put off. */
export async function openDevice(browser: Browser, account: Account): Promise<Person> {
  const person = await openPerson(browser, account);
  await person.phone.putOffKeyDialog();
  return person;
}

/** The Recent list (call history) of a page. */
export function recent(page: Page): Locator {
  return page.getByRole('region', { name: 'Recent', exact: true });
}

/** The Recent entry about `peer` (the newest first). */
export function recentEntry(page: Page, peer: Account): Locator {
  return recent(page).getByRole('listitem').filter({ hasText: peer.address }).first();
}

/** `caller` calls `callee`, who answers; both are connected and media flows both ways. */
export async function connect(caller: Person, callee: Person): Promise<void> {
  await caller.phone.call(callee.phone.account);
  await callee.phone.expectCall(caller.phone.account, 'Ringing');
  await callee.phone.answer();
  await caller.phone.expectCall(callee.phone.account, 'Connected');
  await callee.phone.expectCall(caller.phone.account, 'Connected');
  await caller.phone.expectMediaFlowing();
  await callee.phone.expectMediaFlowing();
}

/**
 * The page's renderer crashes (Chrome DevTools Protocol `Page.crash`): its WebSocket drops and its peer connection
 * dies without BYE, pagehide or DTLS close, the way a phone that loses power or network leaves a call.
 */
export async function vanish(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  // Not awaited: the command gets no answer, its session dies with the renderer.
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
}

/** Accepts every `beforeunload` dialog of the page (a reload or close then goes on) and counts them. */
export function acceptLeaving(page: Page): { count: () => number } {
  let n = 0;
  page.on('dialog', (dialog) => {
    if (dialog.type() !== 'beforeunload') return;
    n++;
    void dialog.accept();
  });
  return { count: () => n };
}

/** Whether closing the page now asks the person to stay: a `beforeunload` dialog, dismissed so the page stays. */
export async function asksBeforeLeaving(page: Page): Promise<boolean> {
  let asked = false;
  const onDialog = (dialog: import('@playwright/test').Dialog) => {
    if (dialog.type() !== 'beforeunload') return;
    asked = true;
    void dialog.dismiss();
  };
  page.on('dialog', onDialog);
  await page.close({ runBeforeUnload: true });
  // A page that does not ask closes; one that asks stays open once the dialog is dismissed.
  await expect.poll(() => asked || page.isClosed(), { message: 'the page asked to stay or closed' }).toBe(true);
  page.off('dialog', onDialog);
  return asked && !page.isClosed();
}
