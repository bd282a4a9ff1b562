/**
 * Ringing tones and notifications, seen through test-side instrumentation (e2e/support/instrumentation.ts): the
 * oscillators each page starts and stops, and the system notifications it makes while hidden.
 */
import { expect, test } from './fixtures.ts';
import { recordNotifications, recordOscillators } from './support/instrumentation.ts';

test('ringback for the caller, ringtone for the callee, all stopped once answered', async ({ alice, bob }) => {
  await alice.instrument(recordOscillators);
  await bob.instrument(recordOscillators);
  await alice.call(bob.account);
  await bob.expectCall(alice.account, 'Ringing');
  await expect.poll(() => bob.playingFrequencies(), { message: 'bob hears the ringtone' }).toEqual([400, 450]);
  await expect.poll(() => alice.playingFrequencies(), { message: 'alice hears the ringback' }).toEqual([440, 480]);

  await bob.answer();
  await alice.expectCall(bob.account, 'Connected');
  await bob.expectCall(alice.account, 'Connected');
  for (const phone of [alice, bob]) {
    await expect.poll(() => phone.oscillators().then((all) => all.filter((o) => o.started && !o.stopped)), { message: `${phone.account.name}'s tones stopped` }).toEqual([]);
    expect((await phone.oscillators()).length).toBeGreaterThan(0);
  }
});

test('a second caller while connected: a call-waiting beep, not the ringtone', async ({ alice, bob, carol }) => {
  await alice.instrument(recordOscillators);
  await bob.call(alice.account);
  await alice.expectCall(bob.account, 'Ringing');
  await alice.answer();
  await alice.expectCall(bob.account, 'Connected');
  await carol.call(alice.account);
  await expect(alice.secondCaller).toContainText(carol.account.address);
  await expect.poll(() => alice.playingFrequencies(), { message: 'alice hears the call-waiting tone' }).toEqual([440]);
  await alice.button('Decline', alice.secondCaller).click();
  await expect.poll(() => alice.playingFrequencies()).toEqual([]);
});

test('a message and a call notify while the tab is hidden, and not while it is visible', async ({ alice, bob }) => {
  await alice.page.context().grantPermissions(['notifications']);
  await alice.instrument(recordNotifications);

  await bob.sendMessage(alice.account, 'Are you there?');
  await expect(alice.message('Are you there?')).toBeVisible();
  expect(await alice.notifications()).toEqual([]);

  await alice.setHidden(true);
  await bob.sendMessage(alice.account, 'Calling you now');
  await expect(bob.message('Calling you now')).toContainText('Delivered');
  await bob.call(alice.account);
  await alice.expectCall(bob.account, 'Ringing');
  await expect
    .poll(() => alice.notifications())
    .toEqual([
      { title: 'Message from bob@sealphone.test', body: 'Calling you now', tag: 'message:sip:bob@sealphone.test' },
      { title: 'Incoming call from bob@sealphone.test', body: 'Audio call', tag: expect.stringMatching(/^call:/) },
    ]);

  await alice.setHidden(false);
  await bob.hangUp();
  await bob.sendMessage(alice.account, 'Never mind');
  await expect(alice.message('Never mind')).toBeVisible();
  expect(await alice.notifications()).toHaveLength(2);
});
