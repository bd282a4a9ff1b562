/**
 * Page-object parts for keys and certificates (QA contract, docs/qa.md "Keys and certificates"): the "Protect your
 * key" and "Unlock your key" dialogs, the Security page, and a peer's certificate state in a conversation.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class SecurityPage {
  readonly protectDialog: Locator;
  readonly unlockDialog: Locator;
  readonly security: Locator;
  readonly ownFingerprint: Locator;
  readonly peerCertificate: Locator;
  readonly peerFingerprint: Locator;

  constructor(readonly page: Page) {
    this.protectDialog = page.getByRole('dialog', { name: 'Protect your key', exact: true });
    this.unlockDialog = page.getByRole('dialog', { name: 'Unlock your key', exact: true });
    this.security = page.getByRole('region', { name: 'Security', exact: true });
    this.ownFingerprint = this.security.getByLabel('Your fingerprint', { exact: true });
    this.peerCertificate = page.getByRole('status', { name: 'Peer certificate', exact: true });
    this.peerFingerprint = page.getByLabel('Peer fingerprint', { exact: true });
  }

  /** Answers "Protect your key" with `passphrase` and waits until the key is published. */
  async createKey(passphrase: string): Promise<string> {
    await expect(this.protectDialog).toBeVisible();
    await this.protectDialog.getByRole('textbox', { name: 'Key passphrase', exact: true }).fill(passphrase);
    await this.protectDialog.getByRole('textbox', { name: 'Repeat passphrase', exact: true }).fill(passphrase);
    await this.protectDialog.getByRole('button', { name: 'Create key', exact: true }).click();
    return this.publishedFingerprint();
  }

  /** Answers "Unlock your key" with `passphrase`. */
  async unlockKey(passphrase: string): Promise<string> {
    await expect(this.unlockDialog).toBeVisible();
    await this.unlockDialog.getByRole('textbox', { name: 'Key passphrase', exact: true }).fill(passphrase);
    await this.unlockDialog.getByRole('button', { name: 'Unlock', exact: true }).click();
    return this.publishedFingerprint();
  }

  async rotateKey(passphrase: string): Promise<string> {
    const before = await this.ownFingerprint.textContent();
    await this.security.getByRole('button', { name: 'Rotate key', exact: true }).click();
    const after = await this.createKey(passphrase);
    expect(after).not.toBe(before);
    return after;
  }

  async revoke(): Promise<void> {
    await this.security.getByRole('button', { name: 'Revoke certificate', exact: true }).click();
    await this.security.getByRole('button', { name: 'Revoke now', exact: true }).click();
    await expect(this.security).toContainText('You revoked this key.');
  }

  /** The own fingerprint once the Security page says it is published. */
  async publishedFingerprint(): Promise<string> {
    await expect(this.security.getByRole('status')).toHaveText(/^Published/, { timeout: 15_000 });
    const text = (await this.ownFingerprint.textContent()) ?? '';
    expect(text).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
    return text;
  }
}
