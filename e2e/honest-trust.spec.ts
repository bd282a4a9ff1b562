/**
 * Honest trust (issue 17 deliverable 4) between real browsers and the real server: what the server vouched for reads
 * "Certified by <domain>", only the person's own comparison makes "Verified by you" (kept over a reload, taken back
 * with Unmark, not carried to a new key); a key change stays in the conversation until "I understand", also over a
 * reload, and its badge is not green; a revocation reads as one on both screens, with no interference warning and no
 * four words on the clear call that follows; and "Scan a fingerprint" reads a QR code from a fake camera (a Y4M drawn
 * with uqr) and says whether it matches.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { freshAccount, type Account } from './support/accounts.ts';
import { writeQrCamera } from './support/fingerprint-camera.ts';
import { closePeople, openPerson, type Person } from './support/person.ts';
import { TrustPage, hexOf, launchWithCamera, reloadAndSignIn } from './support/trust-page.ts';
import { expect, test } from './fixtures.ts';

test.afterEach(closePeople);

/** A person with a published key, and their trust page-object. */
async function withKey(browser: Browser, account: Account): Promise<Person & { trust: TrustPage; fingerprint: string }> {
  const person = await openPerson(browser, account);
  const fingerprint = await person.security.createKey(account.keyPassphrase);
  return { ...person, trust: new TrustPage(person.phone.page), fingerprint };
}

/** The green of a good state (styles.css `--ok`). */
const OK_GREEN = 'rgb(23, 104, 58)';

test('certified by the domain until compared; "Verified by you" kept over a reload, and taken back', async ({ browser }) => {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const amy = await withKey(browser, a);
  const ben = await withKey(browser, b);
  await amy.phone.openConversation(b);
  await expect(amy.security.peerCertificate).toHaveText('Certified by sealphone.test');
  await expect(amy.security.peerFingerprint).toHaveText(ben.fingerprint);

  await amy.trust.markVerified();
  await expect(amy.security.peerCertificate).toHaveText('Verified by you');

  await reloadAndSignIn(amy);
  await amy.phone.openConversation(b);
  await expect(amy.security.peerCertificate).toHaveText(/^Verified by you/);
  await amy.trust.unmark();
  await expect(amy.security.peerCertificate).toHaveText(/^Certified by sealphone\.test/);
});

test('a key change stays in the conversation until "I understand", also over a reload; its badge is not green; the mark is not carried to the new key', async ({ browser }) => {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const amy = await withKey(browser, a);
  const ben = await withKey(browser, b);
  await amy.phone.sendMessage(b, 'hello');
  await expect(amy.phone.message('hello')).toContainText('Delivered');
  await amy.trust.markVerified();
  await expect(amy.security.peerCertificate).toHaveText('Verified by you');
  await expect(amy.trust.badge(b)).toHaveText('Verified by you');

  const rotated = await ben.security.rotateKey(b.keyPassphrase);
  await expect(amy.security.peerFingerprint).toHaveText(rotated);
  await expect(amy.trust.keyChange).toBeVisible();
  await expect(amy.security.peerCertificate).toHaveText('Certified by sealphone.test');
  await expect(amy.trust.badge(b)).toHaveText('Key changed');
  await expect(amy.trust.badge(b)).not.toHaveCSS('color', OK_GREEN);

  await reloadAndSignIn(amy);
  await amy.phone.openConversation(b);
  await expect(amy.trust.keyChange).toBeVisible();
  await expect(amy.trust.badge(b)).toHaveText('Key changed');

  await amy.trust.acknowledgeKeyChange();
  await expect(amy.trust.keyChange).toHaveCount(0);
  await expect(amy.trust.badge(b)).toHaveText('Certified');
  await reloadAndSignIn(amy);
  await amy.phone.openConversation(b);
  await expect(amy.security.peerCertificate).toHaveText(/^Certified by sealphone\.test/);
  await expect(amy.trust.keyChange).toHaveCount(0);
});

test('the four words mark a key verified; a revocation reads as one on both screens; the clear call after it warns of no interference and shows no four words', async ({ browser }) => {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const amy = await withKey(browser, a);
  const ben = await withKey(browser, b);
  await amy.phone.openConversation(b);
  await expect(amy.security.peerCertificate).toHaveText('Certified by sealphone.test');
  await ben.phone.openConversation(a);
  await expect(ben.security.peerCertificate).toHaveText('Certified by sealphone.test');

  // An end-to-end encrypted call first: the words are there, and this device remembers the pair as encrypted.
  await amy.phone.call(b);
  await ben.phone.expectCall(a, 'Ringing');
  await ben.phone.answer();
  await expect(amy.phone.callRegion).toContainText(`End-to-end encrypted · ${b.address}'s key, certified by sealphone.test`);
  await expect(amy.phone.callRegion.getByLabel('Short authentication string', { exact: true })).toHaveText(/^\w+ \w+ \w+ \w+$/);
  // The words match (both screens show the same): amy marks ben's key from the call.
  expect(await amy.phone.callRegion.getByLabel('Short authentication string', { exact: true }).textContent()).toBe(
    await ben.phone.callRegion.getByLabel('Short authentication string', { exact: true }).textContent(),
  );
  await amy.trust.markVerified('Yes, the words match', amy.phone.callRegion);
  await expect(amy.phone.callRegion).toContainText(`End-to-end encrypted · ${b.address}'s key, verified by you`);
  await expect(amy.security.peerCertificate).toHaveText('Verified by you');
  await amy.phone.hangUp();
  await amy.phone.expectCall(b, 'Ended');

  await ben.security.revoke();
  await expect(ben.security.security).toContainText('You revoked this key.');
  await expect(amy.security.peerCertificate).toHaveText(`${b.address}'s key was revoked`);

  await amy.phone.call(b);
  await ben.phone.expectCall(a, 'Ringing');
  await ben.phone.answer();
  await amy.phone.expectCall(b, 'Connected');
  await expect(amy.phone.callRegion).toContainText('Not end-to-end encrypted');
  await expect(amy.phone.callRegion).toContainText(`${b.address}'s key was revoked, so this call is not end-to-end encrypted.`);
  await expect(ben.phone.callRegion).toContainText('You revoked your key, so this call is not end-to-end encrypted.');
  await ben.phone.expectMediaFlowing();
  for (const p of [amy, ben]) {
    await expect(p.phone.callRegion).not.toContainText('interfering');
    await expect(p.phone.callRegion.getByRole('alert')).toHaveCount(0);
    await expect(p.phone.callRegion.getByLabel('Short authentication string', { exact: true })).toHaveCount(0);
  }
});

test.describe('scan a fingerprint with the camera', () => {
  let cameraBrowser: Browser | null = null;
  test.afterEach(async () => {
    await closePeople();
    await cameraBrowser?.close();
    cameraBrowser = null;
  });

  /** ben with a key in the default browser; amy in a browser whose camera shows the QR code of `text(ben's key)`. */
  async function scanScene(browser: Browser, text: (benHex: string) => string) {
    const [a, b] = [freshAccount('amy'), freshAccount('ben')];
    const ben = await withKey(browser, b);
    const camera = writeQrCamera(join(mkdtempSync(join(tmpdir(), 'sealphone-camera-')), 'qr.y4m'), text(hexOf(ben.fingerprint)));
    cameraBrowser = await launchWithCamera(camera);
    const amy = await withKey(cameraBrowser, a);
    await amy.phone.openConversation(b);
    await expect(amy.security.peerCertificate).toHaveText('Certified by sealphone.test');
    await amy.trust.scanFingerprint();
    return { amy, b };
  }

  test("ben's QR code matches ben's key, and marks it verified by you", async ({ browser }) => {
    const { amy, b } = await scanScene(browser, (benHex) => `SHA256:${benHex}`);
    await expect(amy.trust.scanResult).toHaveText(`Matches ${b.address}'s key`, { timeout: 15_000 });
    await amy.trust.markVerified('Yes, mark it', amy.trust.security);
    await expect(amy.security.peerCertificate).toHaveText('Verified by you');
  });

  test('another key does not match', async ({ browser }) => {
    const { amy, b } = await scanScene(browser, (benHex) => `SHA256:${benHex.slice(0, -2)}${benHex.endsWith('00') ? '01' : '00'}`);
    await expect(amy.trust.scanResult).toHaveText(`Does not match ${b.address}'s key`, { timeout: 15_000 });
    await expect(amy.trust.security.getByRole('button', { name: 'Mark as verified', exact: true })).toHaveCount(0);
    await expect(amy.security.peerCertificate).toHaveText('Certified by sealphone.test');
  });
});
