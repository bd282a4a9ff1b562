/**
 * Keys and certificates between real browsers (issue 5): every person gets a key and certificate, peers see each other
 * as verified, rotation and revocation reach watchers within seconds, a second device unlocks the same key, and a man
 * in the middle who changes a certificate NOTIFY is caught with the reason shown.
 */
import { freshAccount, type Account } from './support/accounts.ts';
import { rewrite } from './support/mitm-relay.ts';
import { closePeople, openPerson, startRelay, type Person } from './support/person.ts';
import { expect, test } from './fixtures.ts';

async function lookAt(person: Person, peer: Account): Promise<void> {
  await person.phone.openConversation(peer);
}

test.afterEach(closePeople);

test('each sees the other as certified by the domain, with the fingerprint the other shows for itself', async ({ browser }) => {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const amy = await openPerson(browser, a);
  const ben = await openPerson(browser, b);
  const amyFingerprint = await amy.security.createKey(a.keyPassphrase);
  const benFingerprint = await ben.security.createKey(b.keyPassphrase);
  await lookAt(amy, b);
  await expect(amy.security.peerCertificate).toHaveText('Certified by sealphone.test');
  await expect(amy.security.peerFingerprint).toHaveText(benFingerprint);
  await lookAt(ben, a);
  await expect(ben.security.peerCertificate).toHaveText('Certified by sealphone.test');
  await expect(ben.security.peerFingerprint).toHaveText(amyFingerprint);
});

test('a rotation reaches the watcher within 2 s, with the early-change warning; a revocation reads as one', async ({ browser }) => {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const amy = await openPerson(browser, a);
  const ben = await openPerson(browser, b);
  await amy.security.createKey(a.keyPassphrase);
  const first = await ben.security.createKey(b.keyPassphrase);
  await lookAt(amy, b);
  await expect(amy.security.peerFingerprint).toHaveText(first);

  const rotated = await ben.security.rotateKey(b.keyPassphrase);
  await expect(amy.security.peerFingerprint).toHaveText(rotated, { timeout: 2_000 });
  await expect(amy.phone.page.getByRole('alert')).toContainText('changed although the old one was valid until');

  await ben.security.revoke();
  await expect(amy.security.peerCertificate).toHaveText(`${b.address}'s key was revoked`, { timeout: 2_000 });
});

test('a second device unlocks the same key with the passphrase', async ({ browser }) => {
  const b = freshAccount('ben');
  const first = await openPerson(browser, b);
  const fingerprint = await first.security.createKey(b.keyPassphrase);
  const second = await openPerson(browser, b);
  await expect(second.security.unlockDialog).toBeVisible();
  await second.security.unlockDialog.getByRole('textbox', { name: 'Key passphrase', exact: true }).fill('not the passphrase');
  await second.security.unlockDialog.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(second.security.unlockDialog.getByRole('alert')).toHaveText('That passphrase does not open your key.', { timeout: 15_000 });
  expect(await second.security.unlockKey(b.keyPassphrase)).toBe(fingerprint);
});

test('a man in the middle changes the certificate NOTIFY: rejected, with the reason shown', async ({ browser, baseURL }) => {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const ben = await openPerson(browser, b);
  await ben.security.createKey(b.keyPassphrase);
  const relay = await startRelay(baseURL!);
  // Flip one byte inside the base64 certificate of every certificate NOTIFY on its way to amy.
  relay.alter((m) =>
    m.direction === 'to-client' && m.startLine.startsWith('NOTIFY ') && /\r\nEvent: certificate\r\n/i.test(m.text) && /\r\nContent-Length: [1-9]/i.test(m.text)
      ? rewrite(m.bytes, (message) => {
          const body = new Uint8Array(message.body);
          body[60] = body[60] === 0x41 ? 0x42 : 0x41;
          message.body = body;
        })
      : undefined,
  );
  const amy = await openPerson(browser, a, relay.url);
  await amy.security.createKey(a.keyPassphrase);
  await lookAt(amy, b);
  await expect(amy.security.peerCertificate).toHaveText(/^Rejected: The signature on the answer about sip:ben-[^ ]+ does not match the answer; it may have been changed on the way\.$/);
  expect(relay.log.some((m) => m.altered === 'changed')).toBe(true);
});

test('a man in the middle strips the Identity header: rejected as not signed', async ({ browser, baseURL }) => {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const ben = await openPerson(browser, b);
  await ben.security.createKey(b.keyPassphrase);
  const relay = await startRelay(baseURL!);
  relay.alter((m) =>
    m.direction === 'to-client' && m.startLine.startsWith('NOTIFY ') && /\r\nEvent: certificate\r\n/i.test(m.text)
      ? rewrite(m.bytes, (message) => message.headers.delete('Identity'))
      : undefined,
  );
  const amy = await openPerson(browser, a, relay.url);
  await amy.security.createKey(a.keyPassphrase);
  await lookAt(amy, b);
  await expect(amy.security.peerCertificate).toContainText('Rejected: The answer about');
  await expect(amy.security.peerCertificate).toContainText('is not signed by its domain');
});
