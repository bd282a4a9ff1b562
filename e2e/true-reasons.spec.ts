/**
 * True reasons (issue 17 deliverable 2): a call refused because the callee accepts only end-to-end encrypted calls
 * (488 with X-SIP-SECURE-REQUIRES) is explained as such to a caller who cannot encrypt, never as a microphone fault.
 * The table of every reason is test/stores/failure-reasons.test.ts.
 */
import { freshAccount } from './support/accounts.ts';
import { closePeople, openPerson } from './support/person.ts';
import { expect, test } from './fixtures.ts';

test.afterEach(closePeople);

test('refused for want of encryption: the caller without a key reads why and what to do', async ({ browser }) => {
  const [carol, ben] = [freshAccount('carol'), freshAccount('ben')];
  const callee = await openPerson(browser, ben);
  await callee.security.createKey(ben.keyPassphrase);
  await callee.security.security.getByRole('checkbox', { name: /Only end-to-end encrypted calls and messages/ }).check();
  const caller = await openPerson(browser, carol);
  await caller.phone.putOffKeyDialog();

  await caller.phone.call(ben);
  await expect(caller.phone.callRegion).toContainText(`${ben.address} accepts only end-to-end encrypted calls, and this one could not be encrypted: this device has no key (make one on the Security page).`);
  await expect(caller.phone.callRegion).not.toContainText('microphone');
});
