/**
 * A reload resumes a remembered sign-in (issue 17): with "Remember the password on this device" ticked the app signs
 * in by itself and the phone calls and writes as before; without it, or after Sign out, the reload lands on the
 * sign-in form with the SIP address filled.
 */
import { expect, test } from './fixtures.ts';
import { signOut } from './support/history.ts';
import { openPhone, REMEMBER_PASSWORD, signInWith } from './support/remembered-sign-in.ts';

test('with the password remembered, a reload signs in by itself and the phone can call and write', async ({ browser, accounts, bob }) => {
  const alice = await openPhone(browser, accounts.alice);
  await signInWith(alice, { remember: true });

  await alice.page.reload();
  await expect(alice.registration).toContainText('Registered');
  await expect(alice.button('Sign out')).toBeVisible();
  await expect(alice.button('Sign in')).toHaveCount(0);
  await alice.putOffKeyDialog();

  await alice.sendMessage(accounts.bob, 'Hello after a reload');
  await expect(alice.message('Hello after a reload')).toContainText('Delivered');
  await expect(bob.message('Hello after a reload')).toBeVisible();

  await alice.call(accounts.bob);
  await bob.expectCall(accounts.alice, 'Ringing');
  await bob.answer();
  await alice.expectCall(accounts.bob, 'Connected');
  await alice.expectMediaFlowing('audio');
  await alice.hangUp();
  await bob.expectCall(accounts.alice, 'Ended');
  await alice.page.context().close();
});

test('without the password remembered, a reload lands on the sign-in form with the address filled', async ({ browser, accounts }) => {
  const alice = await openPhone(browser, accounts.alice);
  await signInWith(alice, { remember: false });

  await alice.page.reload();
  await expect(alice.button('Sign in')).toBeEnabled();
  await expect(alice.textbox('SIP address')).toHaveValue(accounts.alice.address);
  await expect(alice.textbox('Password')).toHaveValue('');
  await expect(alice.registration).not.toContainText('Registered');
  await alice.page.context().close();
});

test('after Sign out, a reload does not sign in by itself; the next sign in resumes again', async ({ browser, accounts }) => {
  const alice = await openPhone(browser, accounts.alice);
  await signInWith(alice, { remember: true });
  await signOut(alice);
  await expect(alice.button('Sign in')).toBeVisible();

  await alice.page.reload();
  await expect(alice.button('Sign in')).toBeEnabled();
  await expect(alice.textbox('SIP address')).toHaveValue(accounts.alice.address);
  await expect(alice.page.getByRole('checkbox', { name: REMEMBER_PASSWORD, exact: true })).toBeChecked();
  await expect(alice.registration).not.toContainText('Registered');

  await alice.button('Sign in').click(); // the remembered password is still in the form
  await expect(alice.registration).toContainText('Registered');
  await alice.page.reload();
  await expect(alice.registration).toContainText('Registered');
  await alice.page.context().close();
});
