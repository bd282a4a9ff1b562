/**
 * Page-object parts for honest trust (issue 17 deliverable 4; /tmp/qa-trust.md): the person's own "Mark as verified"
 * and "Unmark" in a conversation, the key-change alert and its "I understand", a contact's badge, "Scan a
 * fingerprint" on the Security page, and a browser whose fake camera shows a chosen picture.
 */
import { chromium, expect, type Browser, type Locator, type Page } from '@playwright/test';
import config from '../../playwright.config.ts';
import type { Account } from './accounts.ts';
import type { Person } from './person.ts';

export class TrustPage {
  readonly conversation: Locator;
  readonly security: Locator;

  constructor(readonly page: Page) {
    this.conversation = page.getByRole('region', { name: /^Messages with / });
    this.security = page.getByRole('region', { name: 'Security', exact: true });
  }

  /** The key-change alert of the open conversation. */
  get keyChange(): Locator {
    return this.conversation.getByRole('alert').filter({ hasText: 'changed although the old one was valid until' });
  }

  /** "Mark as verified" in `within`, then the confirmation button `yes`. */
  async markVerified(yes = 'Yes, we compared it', within: Locator = this.conversation): Promise<void> {
    await within.getByRole('button', { name: 'Mark as verified', exact: true }).click();
    await within.getByRole('group', { name: 'Mark as verified', exact: true }).getByRole('button', { name: yes, exact: true }).click();
  }

  async unmark(): Promise<void> {
    await this.conversation.getByRole('button', { name: 'Unmark', exact: true }).click();
  }

  async acknowledgeKeyChange(): Promise<void> {
    await this.keyChange.getByRole('button', { name: 'I understand', exact: true }).click();
  }

  /** The certificate badge of a contact in "Contacts". */
  badge(peer: Account): Locator {
    return this.page.getByRole('region', { name: 'Contacts', exact: true }).getByRole('button').filter({ hasText: peer.address }).locator('.cert-state');
  }

  get scanResult(): Locator {
    return this.security.getByRole('status', { name: 'Scan result', exact: true });
  }

  async scanFingerprint(): Promise<void> {
    await this.security.getByRole('button', { name: 'Scan a fingerprint', exact: true }).click();
  }
}

/** Reloads the app and signs in again (the key stays on this device; a key dialog would fail the wait). */
export async function reloadAndSignIn(person: Person): Promise<void> {
  await person.phone.page.reload();
  await person.phone.fillSignIn();
  await expect(person.phone.registration).toContainText('Registered');
  await expect(person.security.ownFingerprint).toBeVisible();
}

/** The readable fingerprint `AB12 CD34 ...` as the hex pairs `AB:12:CD:34:...`. */
export const hexOf = (readable: string): string => readable.replace(/\s/g, '').replace(/(..)(?!$)/g, '$1:');

/**
 * A Chromium of its own whose fake camera plays `y4mPath` (Chromium's `--use-file-for-fake-video-capture`), with
 * the launch options of playwright.config.ts otherwise, so that the other specs keep the default fake camera.
 */
export async function launchWithCamera(y4mPath: string): Promise<Browser> {
  const options = config.use?.launchOptions ?? {};
  return chromium.launch({ ...options, args: [...(options.args ?? []), `--use-file-for-fake-video-capture=${y4mPath}`] });
}
