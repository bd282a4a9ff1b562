/**
 * Keys and certificates between real browsers (issue 5): every person gets a key and certificate, peers see each other
 * as verified, rotation and revocation reach watchers within seconds, a second device unlocks the same key, and a man
 * in the middle who changes a certificate NOTIFY is caught with the reason shown.
 */
import type { Browser } from '@playwright/test';
import { freshAccount, type Account } from './support/accounts.ts';
import { startMitmRelay, rewrite, type MitmRelay } from './support/mitm-relay.ts';
import { SecurityPage } from './support/security-page.ts';
import { expect, PhonePage, test } from './fixtures.ts';

interface Person {
  phone: PhonePage;
  security: SecurityPage;
}

/** Opens a context, signs in (through `serverUrl` when given) and leaves the key dialog to the test. */
async function open(browser: Browser, account: Account, serverUrl?: string): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const phone = new PhonePage(page, account);
  await phone.open();
  if (serverUrl) await phone.textbox('Server').fill(serverUrl);
  await phone.fillSignIn();
  await expect(phone.registration).toContainText('Registered');
  return { phone, security: new SecurityPage(page) };
}

async function lookAt(person: Person, peer: Account): Promise<void> {
  await person.phone.openConversation(peer);
}

const people: Person[] = [];
let relay: MitmRelay | null = null;

test.afterEach(async () => {
  for (const p of people.splice(0)) await p.phone.page.context().close();
  await relay?.close();
  relay = null;
});

test('each sees the other as verified, with the fingerprint the other shows for itself', async ({ browser }) => {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const amy = await open(browser, a);
  const ben = await open(browser, b);
  people.push(amy, ben);
  const amyFingerprint = await amy.security.createKey(a.keyPassphrase);
  const benFingerprint = await ben.security.createKey(b.keyPassphrase);
  await lookAt(amy, b);
  await expect(amy.security.peerCertificate).toHaveText('Verified');
  await expect(amy.security.peerFingerprint).toHaveText(benFingerprint);
  await lookAt(ben, a);
  await expect(ben.security.peerCertificate).toHaveText('Verified');
  await expect(ben.security.peerFingerprint).toHaveText(amyFingerprint);
});

test('a rotation reaches the watcher within 2 s, with the early-change warning; a revocation shows No certificate', async ({ browser }) => {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const amy = await open(browser, a);
  const ben = await open(browser, b);
  people.push(amy, ben);
  await amy.security.createKey(a.keyPassphrase);
  const first = await ben.security.createKey(b.keyPassphrase);
  await lookAt(amy, b);
  await expect(amy.security.peerFingerprint).toHaveText(first);

  const rotated = await ben.security.rotateKey(b.keyPassphrase);
  await expect(amy.security.peerFingerprint).toHaveText(rotated, { timeout: 2_000 });
  await expect(amy.phone.page.getByRole('alert')).toContainText('changed although the old one was valid until');

  await ben.security.revoke();
  await expect(amy.security.peerCertificate).toHaveText('No certificate', { timeout: 2_000 });
});

test('a second device unlocks the same key with the passphrase', async ({ browser }) => {
  const b = freshAccount('ben');
  const first = await open(browser, b);
  people.push(first);
  const fingerprint = await first.security.createKey(b.keyPassphrase);
  const second = await open(browser, b);
  people.push(second);
  await expect(second.security.unlockDialog).toBeVisible();
  await second.security.unlockDialog.getByRole('textbox', { name: 'Key passphrase', exact: true }).fill('not the passphrase');
  await second.security.unlockDialog.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(second.security.unlockDialog.getByRole('alert')).toHaveText('That passphrase does not open your key.', { timeout: 15_000 });
  expect(await second.security.unlockKey(b.keyPassphrase)).toBe(fingerprint);
});

test('a man in the middle changes the certificate NOTIFY: rejected, with the reason shown', async ({ browser, baseURL }) => {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const ben = await open(browser, b);
  people.push(ben);
  await ben.security.createKey(b.keyPassphrase);
  relay = await startMitmRelay({ upstream: `${baseURL!.replace(/^http/, 'ws')}/sip` });
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
  const amy = await open(browser, a, relay.url);
  people.push(amy);
  await amy.security.createKey(a.keyPassphrase);
  await lookAt(amy, b);
  await expect(amy.security.peerCertificate).toHaveText(/^Rejected: The signature on the answer about sip:ben-[^ ]+ does not match the answer; it may have been changed on the way\.$/);
  expect(relay.log.some((m) => m.altered === 'changed')).toBe(true);
});

test('a man in the middle strips the Identity header: rejected as not signed', async ({ browser, baseURL }) => {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const ben = await open(browser, b);
  people.push(ben);
  await ben.security.createKey(b.keyPassphrase);
  relay = await startMitmRelay({ upstream: `${baseURL!.replace(/^http/, 'ws')}/sip` });
  relay.alter((m) =>
    m.direction === 'to-client' && m.startLine.startsWith('NOTIFY ') && /\r\nEvent: certificate\r\n/i.test(m.text)
      ? rewrite(m.bytes, (message) => message.headers.delete('Identity'))
      : undefined,
  );
  const amy = await open(browser, a, relay.url);
  people.push(amy);
  await amy.security.createKey(a.keyPassphrase);
  await lookAt(amy, b);
  await expect(amy.security.peerCertificate).toContainText('Rejected: The answer about');
  await expect(amy.security.peerCertificate).toContainText('is not signed by its domain');
});
