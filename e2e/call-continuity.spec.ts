/**
 * Continuity of calls (issue 17): what the callee's screen keeps of an attempt it refused for a security reason, what
 * leaving or reloading the page does to a live call (a warning first; then a clean BYE or CANCEL, and the call kept in
 * Recent), and a peer that vanishes mid-call (detected from the media within seconds, ended with a BYE, said as
 * "Connection to … lost").
 */
import { freshAccount } from './support/accounts.ts';
import { closePeople, openPerson } from './support/person.ts';
import { acceptLeaving, asksBeforeLeaving, connect, openDevice, recentEntry, vanish } from './support/calls-continuity.ts';
import { expect, test } from './fixtures.ts';

test.afterEach(closePeople);

test.describe('refused for a security reason: the callee keeps the attempt', () => {
  async function encryptedOnlyCallee(browser: import('@playwright/test').Browser) {
    const [carol, ben] = [freshAccount('carol'), freshAccount('ben')];
    const callee = await openPerson(browser, ben);
    await callee.security.createKey(ben.keyPassphrase);
    await callee.security.security.getByRole('checkbox', { name: /Only end-to-end encrypted calls and messages/ }).check();
    const caller = await openDevice(browser, carol);
    return { carol, ben, caller, callee };
  }

  test('a clear call: Recent says it was refused and why', async ({ browser }) => {
    const { carol, ben, caller, callee } = await encryptedOnlyCallee(browser);
    await caller.phone.call(ben);
    await expect(caller.phone.callRegion).toContainText('accepts only end-to-end encrypted calls');
    await expect(recentEntry(callee.phone.page, carol)).toContainText(`Refused: ${carol.address}’s call was not end-to-end encrypted`);
  });

  test('a clear message: Recent says it was refused and why', async ({ browser }) => {
    const { carol, ben, caller, callee } = await encryptedOnlyCallee(browser);
    await caller.phone.sendMessage(ben, 'hello in clear');
    await expect(caller.phone.message('hello in clear')).toContainText('accepts only end-to-end encrypted messages');
    await expect(recentEntry(callee.phone.page, carol)).toContainText(`Refused: ${carol.address}’s message was not end-to-end encrypted`);
  });
});

test.describe('leaving the page during a call', () => {
  test('asks first; a reload then hangs up cleanly and the call stays in Recent', async ({ browser }) => {
    const [amy, dan] = [freshAccount('amy'), freshAccount('dan')];
    const caller = await openDevice(browser, amy);
    const callee = await openDevice(browser, dan);
    await connect(caller, callee);

    expect(await asksBeforeLeaving(caller.phone.page), 'closing the page mid-call asks first').toBe(true);
    await caller.phone.expectCall(dan, 'Connected');

    const leaving = acceptLeaving(caller.phone.page);
    await caller.phone.page.reload();
    expect(leaving.count()).toBe(1);
    // The BYE sent in pagehide (" hung up."), or, when the browser dropped it, the media going silent ("Connection
    // to … lost"): within seconds either way, never the minutes of silence before (src/ui/page-leave.ts).
    await expect(callee.phone.callRegion).toContainText(`Ended · `, { timeout: 15_000 });
    await expect(callee.phone.callRegion).toContainText(new RegExp(`${amy.address} hung up\\.|Connection to ${amy.address} lost\\.`));
    await expect(callee.phone.button('Hang up', callee.phone.callRegion)).toHaveCount(0);

    await caller.phone.signIn();
    await expect(recentEntry(caller.phone.page, dan)).toContainText('outgoing');
    await expect(recentEntry(caller.phone.page, dan)).not.toContainText(/missed|failed|canceled/);
  });

  test('a reload while the call rings cancels it: the callee stops ringing and keeps a missed call', async ({ browser }) => {
    const [amy, dan] = [freshAccount('amy'), freshAccount('dan')];
    const caller = await openDevice(browser, amy);
    const callee = await openDevice(browser, dan);
    await caller.phone.call(dan);
    await callee.phone.expectCall(amy, 'Ringing');

    acceptLeaving(caller.phone.page);
    await caller.phone.page.reload();
    await expect(callee.phone.button('Answer', callee.phone.callRegion)).toHaveCount(0);
    await expect(recentEntry(callee.phone.page, amy)).toContainText('missed');

    await caller.phone.signIn();
    await expect(recentEntry(caller.phone.page, dan)).toContainText('outgoing');
  });
});

test('a peer that vanishes mid-call: the call ends within seconds as "Connection to … lost"', async ({ browser }) => {
  const [amy, dan] = [freshAccount('amy'), freshAccount('dan')];
  const caller = await openDevice(browser, amy);
  const callee = await openDevice(browser, dan);
  await connect(caller, callee);

  await vanish(callee.phone.page);
  await expect(caller.phone.callRegion).toContainText(`Connection to ${dan.address} lost`, { timeout: 15_000 });
  await expect(caller.phone.button('Hang up', caller.phone.callRegion)).toHaveCount(0);
  await expect(recentEntry(caller.phone.page, dan)).toContainText('outgoing');
});
