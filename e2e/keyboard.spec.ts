/**
 * Keyboard and small screens (issue 17): the focus moves to the main control after each dialog instead of falling to
 * the page body, an incoming call takes the focus to Answer and comes into view (or, while a message is being
 * typed, is announced with its shortcut and leaves the focus where it is), and Alt+A, Alt+X and Alt+M answer, hang
 * up and mute from anywhere.
 */
import { expect, test } from './fixtures.ts';
import { openSignIn, scrollToEnd } from './support/keys.ts';

test('after Sign in (and the key dialog it may open) the focus is in "Call or message"', async ({ browser, accounts }) => {
  const alice = await openSignIn(browser, accounts.alice);
  await alice.fillSignIn();
  await expect(alice.registration).toContainText('Registered');
  await alice.putOffKeyDialog();
  await expect(alice.textbox('Call or message')).toBeFocused();
  await alice.page.context().close();
});

test('the key dialog gives the focus back to the button that opened it', async ({ alice }) => {
  const security = alice.page.getByRole('region', { name: 'Security', exact: true });
  const opener = security.getByRole('button', { name: /^(Make a new key|Unlock key|Rotate key)$/ });
  await opener.click();
  const dialog = alice.page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Not now', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
});

test('an incoming call on a scrolled 360 px screen comes into view with the focus on Answer; after Answer it is on Hang up', async ({ alice, bob }) => {
  await alice.page.setViewportSize({ width: 360, height: 640 });
  await alice.openConversation(bob.account);
  await scrollToEnd(alice.page);
  await bob.call(alice.account);
  await alice.expectCall(bob.account, 'Ringing');
  const answer = alice.button('Answer', alice.callRegion);
  await expect(answer).toBeFocused();
  await expect(answer).toBeInViewport();
  await alice.page.keyboard.press('Enter');
  await alice.expectCall(bob.account, 'Connected');
  await expect(alice.button('Hang up', alice.callRegion)).toBeFocused();
  await bob.hangUp();
});

test('a call that comes in while a message is typed is announced with its shortcut; Alt+A answers, Alt+M mutes, Alt+X hangs up', async ({ alice, bob }) => {
  await alice.openConversation(bob.account);
  const box = alice.textbox('Message');
  await box.click();
  await alice.page.keyboard.type('Half a sent');
  await bob.call(alice.account);
  await alice.expectCall(bob.account, 'Ringing');
  await expect(alice.page.getByRole('alert').filter({ hasText: `${bob.account.address} is calling` })).toContainText('Alt+A');
  await alice.page.keyboard.type('ence');
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('Half a sentence');
  await expect(alice.button('Answer', alice.callRegion)).toHaveAttribute('aria-keyshortcuts', 'Alt+A');

  await alice.page.keyboard.press('Alt+A');
  await alice.expectCall(bob.account, 'Connected');
  await expect(alice.button('Mute', alice.callRegion)).toHaveAttribute('aria-keyshortcuts', 'Alt+M');
  await expect(alice.button('Hang up', alice.callRegion)).toHaveAttribute('aria-keyshortcuts', 'Alt+X');
  await box.focus();
  await alice.page.keyboard.press('Alt+M');
  await expect(alice.button('Mute', alice.callRegion)).toHaveAttribute('aria-pressed', 'true');
  await expect(box).toHaveValue('Half a sentence');
  await alice.page.keyboard.press('Alt+X');
  await alice.expectCall(bob.account, 'Ended');
  await bob.expectCall(alice.account, 'Ended');
});

test('Sign out leaves the focus in the sign-in form, not on the page body', async ({ alice }) => {
  await alice.button('Sign out').click();
  await alice.page.getByRole('dialog', { name: 'Sign out', exact: true }).getByRole('button', { name: 'Sign out now', exact: true }).click();
  await expect(alice.textbox('SIP address')).toBeFocused();
});

test('Alt+A answers a second caller, whose Answer names the shortcut; the first call goes on hold', async ({ alice, bob, carol }) => {
  await bob.call(alice.account);
  await alice.expectCall(bob.account, 'Ringing');
  await alice.page.keyboard.press('Alt+A');
  await alice.expectCall(bob.account, 'Connected');
  await carol.call(alice.account);
  await expect(alice.secondCaller).toContainText(carol.account.address);
  await expect(alice.button('Answer', alice.secondCaller)).toHaveAttribute('aria-keyshortcuts', 'Alt+A');
  await alice.page.keyboard.press('Alt+A');
  await alice.expectCall(carol.account, 'Connected');
  await expect(alice.page.getByRole('region', { name: `On hold: ${bob.account.address}`, exact: true })).toBeVisible();
  await alice.page.keyboard.press('Alt+X');
  await carol.expectCall(alice.account, 'Ended');
});
