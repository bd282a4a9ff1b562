/**
 * Device choice: the microphone and speaker chosen in "Audio and video" are the ones a call uses (proven on the
 * RTCPeerConnection's sender track and the <audio> element's sinkId), and the choice survives a reload.
 * Chromium's fake devices: "Fake Audio Input 1/2" besides the default, "Fake Audio Output 1/2", "fake_device_0".
 */
import { expect, test, type PhonePage } from './fixtures.ts';

async function callAndConnect(caller: PhonePage, callee: PhonePage): Promise<void> {
  await caller.call(callee.account);
  await callee.expectCall(caller.account, 'Ringing');
  await callee.answer();
  await caller.expectCall(callee.account, 'Connected');
}

test('the chosen microphone and speaker are used for calls, and remembered on this device', async ({ alice, bob }) => {
  await alice.openDeviceSettings();
  const mic = alice.deviceSelect('Microphone');
  const speaker = alice.deviceSelect('Speaker');
  await expect(mic).toHaveValue('');
  await expect(alice.deviceSelect('Camera')).toHaveValue('');
  await mic.selectOption({ label: 'Fake Audio Input 2' });
  await speaker.selectOption({ label: 'Fake Audio Output 1' });
  const micId = await mic.inputValue();
  const speakerId = await speaker.inputValue();
  expect(micId).not.toBe('');
  expect(micId).not.toBe('default');

  await callAndConnect(alice, bob);
  expect(await alice.sentDeviceIds('audio')).toEqual([micId]);
  await expect.poll(() => alice.callRegion.locator('audio').evaluate((el: HTMLAudioElement) => el.sinkId)).toBe(speakerId);
  await bob.expectMediaFlowing('audio');
  await alice.hangUp();

  await alice.page.reload();
  await alice.signIn();
  await alice.openDeviceSettings();
  await expect(mic).toHaveValue(micId);
  await expect(speaker).toHaveValue(speakerId);

  await callAndConnect(alice, bob);
  expect(await alice.sentDeviceIds('audio')).toEqual([micId]);

  // Back to the default: the next call uses it.
  await alice.hangUp();
  await mic.selectOption('');
  await callAndConnect(alice, bob);
  expect(await alice.sentDeviceIds('audio')).toEqual(['default']);
});

test('a transferred call keeps the chosen microphone: alice, sent to carol by bob, calls her from it', async ({ alice, bob, carol }) => {
  await alice.openDeviceSettings();
  const mic = alice.deviceSelect('Microphone');
  await mic.selectOption({ label: 'Fake Audio Input 2' });
  const micId = await mic.inputValue();
  await callAndConnect(alice, bob);
  expect(await alice.sentDeviceIds('audio')).toEqual([micId]);

  await bob.transferTo(carol.account);
  await carol.expectCall(alice.account, 'Ringing');
  await carol.answer();
  await alice.expectCall(carol.account, 'Connected');
  await carol.expectMediaFlowing('audio');
  // Once the call with bob is gone, the one connection left (to carol) sends from the chosen microphone.
  await expect.poll(() => alice.sentDeviceIds('audio')).toEqual([micId]);
});

test('device settings at 360 px, with the keyboard', async ({ alice }, testInfo) => {
  await alice.page.setViewportSize({ width: 360, height: 740 });
  await alice.deviceSettings.locator('summary').focus();
  await alice.page.keyboard.press('Enter');
  const mic = alice.deviceSelect('Microphone');
  await expect(mic).toBeVisible();
  await alice.page.keyboard.press('Tab');
  await expect(mic).toBeFocused();
  await alice.page.keyboard.press('Tab');
  await expect(alice.deviceSelect('Camera')).toBeFocused();
  await alice.page.keyboard.press('Tab');
  await expect(alice.deviceSelect('Speaker')).toBeFocused();
  expect(await alice.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await alice.deviceSettings.screenshot({ path: testInfo.outputPath('phone-device-settings.png') });
});
