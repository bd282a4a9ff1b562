/**
 * Call placement (issue 17 deliverable 1, part): Enter in "Call or message" opens the conversation instead of placing
 * an audio call, and Call cannot be pressed again while a call to that person is being placed (before, a second press
 * sent a second INVITE, and the call bob answered was shown to alice as "On hold" with her microphone live to him).
 */
import { expect, test } from './fixtures.ts';

test('Enter in "Call or message" opens the conversation: no call, the message box has the focus', async ({ alice, bob }) => {
  await alice.textbox('Call or message').fill(bob.account.address);
  await alice.textbox('Call or message').press('Enter');
  await expect(alice.textbox('Message')).toBeFocused();
  await bob.page.waitForTimeout(1000);
  await expect(bob.callRegion).toHaveCount(0);
  await expect(alice.callRegion).toHaveCount(0);
});

test('Call is disabled while the call to that person rings: one INVITE, one call', async ({ alice, bob }) => {
  await alice.call(bob.account);
  await bob.expectCall(alice.account, 'Ringing');
  await expect(alice.button('Call')).toBeDisabled();
  await expect(alice.button('Video call')).toBeDisabled();
  await bob.answer();
  await alice.expectCall(bob.account, 'Connected');
  await expect(alice.page.getByRole('region', { name: /^(On hold|Also connected):/ })).toHaveCount(0);
  await alice.hangUp();
  await alice.expectCall(bob.account, 'Ended');
  await expect(alice.button('Call')).toBeEnabled();
});
