/**
 * Signing in with "Remember the password on this device" ticked, for the resume scenarios (e2e/resume.spec.ts).
 */
import { expect, type Browser } from '@playwright/test';
import type { Account } from './accounts.ts';
import { PhonePage } from './phone-page.ts';

export const REMEMBER_PASSWORD = 'Remember the password on this device';

/** A page of its own for `who`, the app open and not signed in. */
export async function openPhone(browser: Browser, who: Account): Promise<PhonePage> {
  const context = await browser.newContext();
  const phone = new PhonePage(await context.newPage(), who);
  await phone.open();
  return phone;
}

/** Fills the form, sets the remember box to `remember`, signs in, and waits until registered (key dialog put off). */
export async function signInWith(phone: PhonePage, { remember }: { remember: boolean }): Promise<void> {
  await phone.textbox('SIP address').fill(phone.account.address);
  await phone.textbox('Password').fill(phone.account.password);
  await phone.page.getByRole('checkbox', { name: REMEMBER_PASSWORD, exact: true }).setChecked(remember);
  await phone.button('Sign in').click();
  await expect(phone.registration).toContainText('Registered');
  await phone.putOffKeyDialog();
}
