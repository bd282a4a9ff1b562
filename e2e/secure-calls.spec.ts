/**
 * End-to-end encrypted calls and messages between real browsers (issue 6), with the man-in-the-middle relay between
 * amy's browser and the server: the encrypted SDP wins over a tampered clear one, a stripped or damaged encrypted part
 * shows as "Not end-to-end encrypted" (with the downgrade warning once the pair had an encrypted call), a person
 * without a key still calls in clear, messages leave no readable copy on the wire, and the encrypted-only setting
 * refuses a clear call that the SealPhone caller then retries encrypted.
 */
import type { Browser } from '@playwright/test';
import { freshAccount, type Account } from './support/accounts.ts';
import { relayedText, rewrite, type MitmRelay, type RelayedMessage } from './support/mitm-relay.ts';
import { closePeople, openPerson, startRelay, type Person } from './support/person.ts';
import { expect, test } from './fixtures.ts';

test.afterEach(closePeople);

/** Signs in (through `serverUrl` when given) and, with a passphrase, makes and publishes a key. */
async function open(browser: Browser, account: Account, options: { serverUrl?: string; key: boolean }): Promise<Person> {
  const person = await openPerson(browser, account, options.serverUrl);
  if (options.key) await person.security.createKey(account.keyPassphrase);
  else await person.phone.putOffKeyDialog();
  return person;
}

/** amy through a fresh relay, ben directly; both with keys, each having seen the other's certificate verified. */
async function pair(browser: Browser, baseURL: string): Promise<{ amy: Person; ben: Person; a: Account; b: Account; relay: MitmRelay }> {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const relay = await startRelay(baseURL);
  const ben = await open(browser, b, { key: true });
  const amy = await open(browser, a, { serverUrl: relay.url, key: true });
  await amy.phone.openConversation(b);
  await expect(amy.security.peerCertificate).toHaveText('Certified by sealphone.test');
  await ben.phone.openConversation(a);
  await expect(ben.security.peerCertificate).toHaveText('Certified by sealphone.test');
  return { amy, ben, a, b, relay };
}

const callRegion = (p: Person) => p.phone.callRegion;
const sasOf = (p: Person) => callRegion(p).getByLabel('Short authentication string', { exact: true });

async function connect(caller: Person, callee: Person, callerAccount: Account, calleeAccount: Account): Promise<void> {
  await caller.phone.call(calleeAccount);
  await callee.phone.expectCall(callerAccount, 'Ringing');
  await callee.phone.answer();
  await caller.phone.expectCall(calleeAccount, 'Connected');
  await callee.phone.expectCall(callerAccount, 'Connected');
}

async function hangUp(caller: Person, callee: Person, calleeAccount: Account): Promise<void> {
  await caller.phone.hangUp();
  await caller.phone.expectCall(calleeAccount, 'Ended');
}

const isInitialInvite = (m: RelayedMessage & { text: string }) => m.direction === 'to-server' && m.startLine.startsWith('INVITE ') && !/\r\nTo:[^\r]*;tag=/i.test(m.text);

/** The clear application/sdp part of a multipart/alternative body (the relay's view: text). */
function clearPartOf(text: string): string {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(text)?.[1];
  if (!boundary) throw new Error('not multipart');
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  const part = body.split(`--${boundary}`).find((p) => /content-type:\s*application\/sdp/i.test(p));
  if (!part) throw new Error('no clear SDP part');
  return part.slice(part.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, '');
}

test('an encrypted call: both screens say so with the same short authentication string; media flows, also after hold and resume', async ({ browser, baseURL }) => {
  const { amy, ben, a, b, relay } = await pair(browser, baseURL!);
  await connect(amy, ben, a, b);
  await expect(callRegion(amy)).toContainText(`End-to-end encrypted · ${b.address}'s key, certified by sealphone.test`);
  await expect(callRegion(ben)).toContainText(`End-to-end encrypted · ${a.address}'s key, certified by sealphone.test`);
  await ben.phone.expectMediaFlowing();
  await amy.phone.expectMediaFlowing();
  await expect(sasOf(amy)).toHaveText(/^\w+ \w+ \w+ \w+$/);
  expect(await sasOf(ben).textContent()).toBe(await sasOf(amy).textContent());

  const invite = relay.log.find((m) => m.direction === 'to-server' && m.startLine.startsWith('INVITE '))!;
  expect(relayedText(invite)).toMatch(/Content-Type: multipart\/alternative/i);
  expect(relayedText(invite)).toMatch(/smime-type=auth-enveloped-data/i);
  const answer = relay.log.find((m) => m.direction === 'to-client' && m.startLine.startsWith('SIP/2.0 200') && /CSeq: \d+ INVITE/i.test(relayedText(m)))!;
  expect(relayedText(answer)).toMatch(/Content-Type: application\/pkcs7-mime/i);
  expect(relayedText(answer)).not.toMatch(/a=fingerprint/);

  await amy.phone.toggleHold();
  await ben.phone.expectMediaStopped();
  await amy.phone.toggleHold();
  await ben.phone.expectMediaFlowing();
  const reInvites = relay.log.filter((m) => m.direction === 'to-server' && m.startLine.startsWith('INVITE ') && /\r\nTo:[^\r]*;tag=/i.test(relayedText(m)));
  expect(reInvites.length).toBeGreaterThanOrEqual(2);
  for (const m of reInvites) expect(relayedText(m)).toMatch(/Content-Type: application\/pkcs7-mime/i);
  await expect(callRegion(amy)).toContainText('End-to-end encrypted');
  await hangUp(amy, ben, b);
});

test('the relay rewrites the fingerprint in the clear SDP: the encrypted SDP wins, and the call is still encrypted and correct', async ({ browser, baseURL }) => {
  const { amy, ben, a, b, relay } = await pair(browser, baseURL!);
  const forged = Array.from({ length: 32 }, () => 'AB').join(':');
  relay.alter((m) => (isInitialInvite(m) ? m.text.replace(/a=fingerprint:sha-256 [0-9A-F:]+/gi, `a=fingerprint:sha-256 ${forged}`) : undefined));
  await connect(amy, ben, a, b);
  expect(relay.log.some((m) => m.altered === 'changed')).toBe(true);
  await expect(callRegion(ben)).toContainText(`End-to-end encrypted · ${a.address}'s key, certified by sealphone.test`);
  await expect(callRegion(amy)).toContainText('End-to-end encrypted');
  await ben.phone.expectMediaFlowing();
  await amy.phone.expectMediaFlowing();
  await expect(sasOf(ben)).toHaveText(/^\w+ \w+ \w+ \w+$/);
  expect(await sasOf(amy).textContent()).toBe(await sasOf(ben).textContent());
});

test('the relay strips the encrypted part: both sides say not end-to-end encrypted, with the downgrade warning', async ({ browser, baseURL }) => {
  const { amy, ben, a, b, relay } = await pair(browser, baseURL!);
  await connect(amy, ben, a, b);
  await expect(callRegion(ben)).toContainText('End-to-end encrypted');
  await hangUp(amy, ben, b);

  relay.alter((m) =>
    isInitialInvite(m)
      ? rewrite(m.bytes, (message) => {
          const sdp = clearPartOf(m.text);
          message.headers.set('Content-Type', 'application/sdp');
          message.headers.delete('Content-Disposition');
          message.body = new TextEncoder().encode(sdp);
        })
      : undefined,
  );
  await connect(amy, ben, a, b);
  await expect(callRegion(ben)).toContainText('Not end-to-end encrypted: the caller did not encrypt the call');
  await expect(callRegion(amy)).toContainText('Not end-to-end encrypted: the peer answered without encryption');
  for (const p of [amy, ben]) await expect(callRegion(p).getByRole('alert')).toContainText('were end-to-end encrypted, this one is not');
  await ben.phone.expectMediaFlowing();
});

test('a flipped byte in the encrypted part: the callee falls back to the clear SDP and says why', async ({ browser, baseURL }) => {
  const { amy, ben, a, b, relay } = await pair(browser, baseURL!);
  relay.alter((m) => {
    if (!isInitialInvite(m)) return undefined;
    // Change one base64 character in the middle of the S/MIME part (the last part of the body).
    const at = m.text.lastIndexOf('smime.p7m');
    const start = m.text.indexOf('\r\n\r\n', at) + 4 + 200;
    const c = m.text[start]!;
    return m.text.slice(0, start) + (c === 'A' ? 'B' : 'A') + m.text.slice(start + 1);
  });
  await connect(amy, ben, a, b);
  await expect(callRegion(ben)).toContainText(/Not end-to-end encrypted: the encrypted part could not be decrypted/);
  await expect(callRegion(amy)).toContainText('Not end-to-end encrypted');
  await ben.phone.expectMediaFlowing();
});

test('carol has no key: her call to ben is clear, and both screens say why', async ({ browser }) => {
  const [c, b] = [freshAccount('cara'), freshAccount('ben')];
  const ben = await open(browser, b, { key: true });
  const cara = await open(browser, c, { key: false });
  await connect(cara, ben, c, b);
  await expect(callRegion(cara)).toContainText('Not end-to-end encrypted: you have no key on this device');
  await expect(callRegion(ben)).toContainText('Not end-to-end encrypted: the caller did not encrypt the call');
  await expect(callRegion(ben).getByRole('alert')).toHaveCount(0);
  await ben.phone.expectMediaFlowing();
  await cara.phone.expectMediaFlowing();
});

test('messages both ways are encrypted, and the relay never carries the secret text', async ({ browser, baseURL }) => {
  const { amy, ben, a, b, relay } = await pair(browser, baseURL!);
  const toBen = `the vault code is ${Math.random().toString(36).slice(2)}`;
  const toAmy = `and the alarm word is ${Math.random().toString(36).slice(2)}`;
  await amy.phone.sendMessage(b, toBen);
  await expect(ben.phone.message(toBen)).toContainText(`End-to-end encrypted, signed by ${a.address}`);
  await expect(amy.phone.message(toBen)).toContainText('Delivered');
  await expect(amy.phone.message(toBen)).toContainText('End-to-end encrypted');
  await ben.phone.sendMessage(a, toAmy);
  await expect(amy.phone.message(toAmy)).toContainText(`End-to-end encrypted, signed by ${b.address}`);
  const messages = relay.log.filter((m) => m.startLine.startsWith('MESSAGE '));
  expect(messages.length).toBeGreaterThanOrEqual(2);
  for (const m of relay.log) {
    const text = relayedText(m);
    expect(text).not.toContain(toBen);
    expect(text).not.toContain(toAmy);
  }
  for (const m of messages) expect(relayedText(m)).toMatch(/application\/pkcs7-mime/i);
});

test('ben accepts only encrypted calls: amy\'s clear offer is refused with X-SIP-SECURE-REQUIRES and her retry goes encrypted', async ({ browser, baseURL }) => {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const relay = await startRelay(baseURL!);
  const ben = await open(browser, b, { key: true });
  await ben.security.security.getByRole('checkbox', { name: /Only end-to-end encrypted calls and messages/ }).check();
  // amy does not get ben's certificate until ben has refused her once: her first offer goes clear.
  let refused = false;
  relay.alter((m) => {
    if (m.direction === 'to-client' && /^SIP\/2\.0 488 /.test(m.startLine)) refused = true;
    return !refused && m.direction === 'to-client' && m.startLine.startsWith('NOTIFY ') && /\r\nEvent: certificate/i.test(m.text) ? null : undefined;
  });
  const amy = await open(browser, a, { serverUrl: relay.url, key: true });
  await amy.phone.call(b);
  await ben.phone.expectCall(a, 'Ringing');
  const refusal = relay.log.find((m) => /^SIP\/2\.0 488 /.test(m.startLine))!;
  expect(relayedText(refusal)).toMatch(/X-SIP-SECURE-REQUIRES: smime\.sec\.sip\.iana/i);
  await ben.phone.answer();
  await amy.phone.expectCall(b, 'Connected');
  await expect(callRegion(ben)).toContainText(`End-to-end encrypted · ${a.address}'s key, certified by sealphone.test`);
  await expect(callRegion(amy)).toContainText(`End-to-end encrypted · ${b.address}'s key, certified by sealphone.test`);
  await ben.phone.expectMediaFlowing();
});
