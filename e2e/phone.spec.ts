/**
 * The softphone between real browsers: sign-in, messages, calls with media proven by getStats().
 * QA contract and fixture: docs/qa.md.
 */
import { account } from './support/accounts.ts';
import { expect, PhonePage, test } from './fixtures.ts';

test.describe('sign in', () => {
  test('signs in and shows Registered', async ({ alice }) => {
    await expect(alice.registration).toContainText('Registered');
    await expect(alice.textbox('Server')).toHaveCount(0);
    await expect(alice.textbox('Call or message')).toBeVisible();
  });

  test('the server field defaults to this origin', async ({ page, baseURL }) => {
    await page.goto('/');
    await expect(page.getByRole('textbox', { name: 'Server', exact: true })).toHaveValue(`${baseURL!.replace(/^http/, 'ws')}/sip`);
  });

  test('a wrong password gives a clear error', async ({ page, accounts }) => {
    const alice = new PhonePage(page, accounts.alice);
    await alice.open();
    await alice.fillSignIn('not-the-password');
    await expect(page.getByRole('alert')).toHaveText('Wrong SIP address or password.');
    await expect(alice.registration).not.toContainText('Registered');
    // And the right one still works after that.
    await alice.textbox('Password').fill(accounts.alice.password);
    await alice.button('Sign in').click();
    await expect(alice.registration).toContainText('Registered');
  });

  test('an unreachable server gives a clear error', async ({ page, accounts }) => {
    const alice = new PhonePage(page, accounts.alice);
    await alice.open();
    await alice.textbox('Server').fill('ws://127.0.0.1:9/sip');
    await alice.fillSignIn();
    await expect(page.getByRole('alert')).toHaveText(/Cannot reach the server/);
  });
});

test.describe('messages', () => {
  test('messages go both ways and are marked delivered', async ({ alice, bob }) => {
    await alice.sendMessage(bob.account, 'Hi Bob, it is Alice');
    await expect(alice.message('Hi Bob, it is Alice')).toContainText('Delivered');
    await expect(bob.message('Hi Bob, it is Alice')).toBeVisible();
    await bob.sendMessage(alice.account, 'Hello Alice!');
    await expect(bob.message('Hello Alice!')).toContainText('Delivered');
    await expect(alice.message('Hello Alice!')).toBeVisible();
  });

  // It waits and is sent again (e2e/history.spec.ts follows it until carol signs in).
  test('a message to an offline user waits for them, and says so', async ({ alice, accounts }) => {
    await alice.sendMessage(accounts.carol, 'Carol, are you there?');
    await expect(alice.message('Carol, are you there?')).toContainText('Waiting for carol@sealphone.test');
  });

  test('a message to an unknown user fails clearly', async ({ alice }) => {
    await alice.sendMessage(account('nobody'), 'hello?');
    await expect(alice.message('hello?')).toContainText('Not delivered');
  });
});

test.describe('calls', () => {
  test('audio call alice -> bob with media on both sides', async ({ alice, bob }) => {
    await alice.call(bob.account);
    await bob.expectCall(alice.account, 'Ringing');
    await alice.expectCall(bob.account, 'Ringing');
    await bob.answer();
    await alice.expectCall(bob.account, 'Connected');
    await bob.expectCall(alice.account, 'Connected');
    // The screen never claims more than the code did: the fixture's people put off their keys, so the call is clear
    // and both say why (e2e/secure-calls.spec.ts has the encrypted calls).
    await expect(alice.callRegion).toContainText('Not end-to-end encrypted: you have no key on this device');
    await expect(bob.callRegion).toContainText('Not end-to-end encrypted: the caller did not encrypt the call');
    await bob.expectMediaFlowing('audio');
    await alice.expectMediaFlowing('audio');
    // Each plays what it receives: the callee's stream reaches its page only once its 200 OK has left.
    await alice.expectPlayingRemoteAudio();
    await bob.expectPlayingRemoteAudio();
    await alice.hangUp();
    await alice.expectCall(bob.account, 'Ended');
    await bob.expectCall(alice.account, 'Ended');
  });

  test('bob declines', async ({ alice, bob }) => {
    await alice.call(bob.account);
    await bob.expectCall(alice.account, 'Ringing');
    await bob.decline();
    await alice.expectCall(bob.account, 'Ended');
    await bob.expectCall(alice.account, 'Ended');
  });

  test('the caller cancels while ringing', async ({ alice, bob }) => {
    await alice.call(bob.account);
    await bob.expectCall(alice.account, 'Ringing');
    await alice.hangUp();
    await alice.expectCall(bob.account, 'Ended');
    await bob.expectCall(alice.account, 'Ended');
  });

  test('a microphone that fails once the call is under way: the call ends with a clear error, and bob is never rung', async ({ alice, bob }) => {
    // The browser says the microphone is allowed, so the call sets up its connection while the device opens
    // (jssip-client.ts #startWhileMediaOpens); here the device then fails, before ICE gathering is done.
    await alice.page.evaluate(() => {
      MediaDevices.prototype.getUserMedia = () =>
        new Promise((_, reject) => setTimeout(() => reject(new DOMException('Could not start audio source', 'NotReadableError')), 20));
    });
    await alice.call(bob.account);
    await alice.expectCall(bob.account, 'Ended');
    await expect(alice.callRegion).toContainText('Cannot use the microphone or camera');
    // No INVITE left: bob has nothing to answer, now or a moment later.
    await alice.page.waitForTimeout(500);
    await expect(bob.callRegion).toHaveCount(0);
  });

  test('hold stops media and resume brings it back', async ({ alice, bob }) => {
    await alice.call(bob.account);
    await bob.answer();
    await bob.expectMediaFlowing('audio');
    await alice.toggleHold();
    await expect(alice.button('Hold', alice.callRegion)).toHaveAttribute('aria-pressed', 'true');
    await expect(alice.callRegion).toContainText('on hold');
    // alice's hold offer is sendonly, so bob answers recvonly and stops sending (RFC 3264 section 8.4): what alice
    // receives stops. (alice may still send silence from her muted track, so bob's inbound is no proof either way.)
    await alice.expectMediaStopped('audio');
    await alice.toggleHold();
    await expect(alice.button('Hold', alice.callRegion)).toHaveAttribute('aria-pressed', 'false');
    await alice.expectMediaFlowing('audio');
    await bob.expectMediaFlowing('audio');
  });

  test('mute and unmute during a call', async ({ alice, bob }) => {
    await alice.call(bob.account);
    await bob.answer();
    await bob.expectMediaFlowing('audio');
    await alice.toggleMute();
    await expect(alice.button('Mute', alice.callRegion)).toHaveAttribute('aria-pressed', 'true');
    await expect(alice.callRegion).toContainText('microphone muted');
    await alice.toggleMute();
    await expect(alice.button('Mute', alice.callRegion)).toHaveAttribute('aria-pressed', 'false');
    await bob.expectMediaFlowing('audio');
  });
});

test.describe('more call features', () => {
  test('video call with audio and video flowing both ways', async ({ alice, bob }) => {
    await alice.call(bob.account, { video: true });
    await bob.expectCall(alice.account, 'Ringing');
    await bob.answer();
    await alice.expectCall(bob.account, 'Connected');
    await bob.expectMediaFlowing('video');
    await alice.expectMediaFlowing('video');
    await alice.expectMediaFlowing('audio');
    // Both screens show the other's camera: frames decoded into the element (a stream held back would leave it empty).
    for (const phone of [alice, bob]) {
      const theirs = phone.callRegion.getByLabel('Their camera', { exact: true });
      await expect(theirs).toBeVisible();
      await expect.poll(() => theirs.evaluate((video: HTMLVideoElement) => video.videoWidth), { message: `${phone.account.name} shows the other's camera` }).toBeGreaterThan(0);
    }
    await bob.expectPlayingRemoteAudio();
  });

  test('a second incoming call while in a call puts the first on hold when answered', async ({ alice, bob, carol }) => {
    await alice.call(bob.account);
    await bob.answer();
    await bob.expectCall(alice.account, 'Connected');
    await carol.call(bob.account);
    await expect(bob.secondCaller).toContainText(carol.account.address);
    await bob.button('Answer', bob.secondCaller).click();
    await bob.expectCall(carol.account, 'Connected');
    await carol.expectCall(bob.account, 'Connected');
    await expect(bob.page.getByRole('region', { name: `On hold: ${alice.account.address}`, exact: true })).toBeVisible();
    await carol.expectMediaFlowing('audio');
  });

  test('DTMF keypad sends tones during a call', async ({ alice, bob }) => {
    await alice.call(bob.account);
    await bob.answer();
    await alice.expectCall(bob.account, 'Connected');
    await alice.button('Keypad', alice.callRegion).click();
    const keypad = alice.page.getByRole('group', { name: 'Keypad', exact: true });
    for (const k of ['1', '2', '#']) await alice.button(k, keypad).click();
    await expect(keypad.getByLabel('Tones sent')).toHaveText('12#');
    await alice.expectCall(bob.account, 'Connected');
  });

  test('blind transfer alice -> bob -> carol', async ({ alice, bob, carol }) => {
    await alice.call(bob.account);
    await bob.answer();
    await bob.expectCall(alice.account, 'Connected');
    await bob.transferTo(carol.account);
    await carol.expectCall(alice.account, 'Ringing');
    await carol.answer();
    await carol.expectCall(alice.account, 'Connected');
    await alice.expectCall(carol.account, 'Connected');
    await carol.expectMediaFlowing('audio');
    await alice.expectMediaFlowing('audio');
    await bob.expectCall(alice.account, 'Ended'); // alice hangs up on bob once carol answers
  });
});
