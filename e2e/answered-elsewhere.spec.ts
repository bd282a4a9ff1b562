/**
 * A call answered on another device of the callee (issue 17): the forking proxy cancels the other branches with
 * `Reason: SIP;cause=200;text="Call completed elsewhere"` (RFC 3326 section 2, RFC 3261 section 16.7 step 10), and
 * the device that did not answer says so, stops ringing and keeps no missed call. A caller who hangs up while both
 * ring still leaves a missed call on each.
 */
import { freshAccount } from './support/accounts.ts';
import { closePeople } from './support/person.ts';
import { openDevice, recentEntry } from './support/calls-continuity.ts';
import { expect, test } from './fixtures.ts';

test.afterEach(closePeople);

async function ringTwoDevices(browser: import('@playwright/test').Browser) {
  const [amy, dan] = [freshAccount('amy'), freshAccount('dan')];
  const caller = await openDevice(browser, amy);
  const desk = await openDevice(browser, dan);
  const pocket = await openDevice(browser, dan);
  await caller.phone.call(dan);
  await desk.phone.expectCall(amy, 'Ringing');
  await pocket.phone.expectCall(amy, 'Ringing');
  return { amy, dan, caller, desk, pocket };
}

test('answered on the other device: this one says so, stops ringing, and keeps no missed call', async ({ browser }) => {
  const { amy, dan, caller, desk, pocket } = await ringTwoDevices(browser);
  await pocket.phone.answer();
  await caller.phone.expectCall(dan, 'Connected');
  await pocket.phone.expectCall(amy, 'Connected');

  await expect(desk.phone.callRegion).toContainText('Answered on another device');
  await expect(desk.phone.callRegion).not.toContainText('Ended');
  await expect(desk.phone.button('Answer', desk.phone.callRegion)).toHaveCount(0);
  await expect(recentEntry(desk.phone.page, amy)).toContainText('Answered on another device');
  await expect(recentEntry(desk.phone.page, amy)).not.toContainText('missed');
  await pocket.phone.expectMediaFlowing();
});

test('the caller hangs up while both ring: each device keeps a missed call', async ({ browser }) => {
  const { amy, caller, desk, pocket } = await ringTwoDevices(browser);
  await caller.phone.hangUp();
  for (const device of [desk, pocket]) {
    await expect(device.phone.button('Answer', device.phone.callRegion)).toHaveCount(0);
    await expect(recentEntry(device.phone.page, amy)).toContainText('missed');
    await expect(device.phone.callRegion).not.toContainText('Answered on another device');
  }
});
