/**
 * A hostile server or relay on the way (issue 16 deliverable 5; seed 000 section 2.2, RFC 6072 section 10): for each
 * attack, what the victim's screen says and what the man-in-the-middle relay saw. The relay stands for whatever sits
 * between a browser and the other party: it withholds, rewrites, replays and forges.
 */
import { networkInterfaces } from 'node:os';
import type { Browser } from '@playwright/test';
import { freshAccount, type Account } from './support/accounts.ts';
import { relayedText, type MitmRelay, type RelayedMessage } from './support/mitm-relay.ts';
import { closePeople, openPerson, startRelay, type Person } from './support/person.ts';
import { PhonePage } from './support/phone-page.ts';
import { expect, test } from './fixtures.ts';

test.afterEach(closePeople);

async function withKey(browser: Browser, account: Account, serverUrl?: string): Promise<Person> {
  const person = await openPerson(browser, account, serverUrl);
  await person.security.createKey(account.keyPassphrase);
  return person;
}

/** amy direct and ben through the relay, both with keys, amy holding ben's verified certificate. */
async function benBehindRelay(browser: Browser, baseURL: string): Promise<{ amy: Person; ben: Person; a: Account; b: Account; relay: MitmRelay }> {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const relay = await startRelay(baseURL);
  const amy = await withKey(browser, a);
  const ben = await withKey(browser, b, relay.url);
  await amy.phone.openConversation(b);
  await expect(amy.security.peerCertificate).toHaveText('Certified by sealphone.test');
  return { amy, ben, a, b, relay };
}

const encryptedOnly = (p: Person) => p.security.security.getByRole('checkbox', { name: /Only end-to-end encrypted calls and messages/ });
const isCertificateNotify = (m: RelayedMessage & { text: string }) => m.direction === 'to-client' && m.startLine.startsWith('NOTIFY ') && /\r\nEvent: certificate/i.test(m.text);
const toClientMessage = (m: RelayedMessage) => m.direction === 'to-client' && m.startLine.startsWith('MESSAGE ');
const withBranch = (text: string, branch: string): string => text.replace(/;branch=[^\r;,]*/, `;branch=${branch}`);
const header = (text: string, name: string): string | undefined => new RegExp(`\\r\\n${name}: ([^\\r]*)`, 'i').exec(text)?.[1];

test('withheld certificate, encrypted-only on: no INVITE and no MESSAGE text leave; clear only by an explicit click', async ({ browser, baseURL }) => {
  const [a, b] = [freshAccount('amy'), freshAccount('ben')];
  const relay = await startRelay(baseURL!);
  relay.alter((m) => (isCertificateNotify(m) ? null : undefined)); // the server "never answers" about ben's certificate
  const ben = await withKey(browser, b);
  const amy = await withKey(browser, a, relay.url);
  await encryptedOnly(amy).check();

  await amy.phone.call(b);
  const dialerAlert = amy.phone.page.getByRole('alert').filter({ hasText: 'Not called' });
  await expect(dialerAlert).toContainText(`the server did not provide ${b.address}’s certificate`);
  await expect(amy.phone.page.getByRole('button', { name: 'Call without end-to-end encryption' })).toBeVisible();

  const secret = `the vault code is ${Math.random().toString(36).slice(2)}`;
  await amy.phone.sendMessage(b, secret);
  await expect(amy.phone.message(secret)).toContainText('Not sent: the server did not provide');
  await amy.phone.page.waitForTimeout(500);
  expect(relay.log.filter((m) => m.direction === 'to-server' && /^(INVITE|MESSAGE) /.test(m.startLine))).toEqual([]);
  for (const m of relay.log) expect(relayedText(m)).not.toContain(secret);

  // The explicit choice: it goes, clear, and both screens say so.
  await amy.phone.message(secret).getByRole('button', { name: 'Send without end-to-end encryption' }).click();
  await expect(ben.phone.message(secret)).toContainText('Not end-to-end encrypted');
  await expect(amy.phone.message(secret)).toContainText('Delivered');
  await amy.phone.page.getByRole('button', { name: 'Call without end-to-end encryption' }).click();
  await ben.phone.expectCall(a, 'Ringing');
  await expect(amy.phone.callRegion).toContainText('Not end-to-end encrypted');
  await amy.phone.hangUp();
});

test('a replayed encrypted MESSAGE is refused and shown once; one whose Call-ID is rewritten is refused', async ({ browser, baseURL }) => {
  const { amy, ben, a, b, relay } = await benBehindRelay(browser, baseURL!);

  const first = `meet at ${Math.random().toString(36).slice(2)}`;
  await amy.phone.sendMessage(b, first);
  await expect(ben.phone.message(first)).toContainText(`End-to-end encrypted, signed by ${a.address}`);
  const captured = relay.log.find(toClientMessage)!;
  const text = relayedText(captured);
  relay.inject('to-client', captured.connection, withBranch(text, `z9hG4bKreplay${Date.now()}`));
  const refusal = await relay.waitFor((m) => m.direction === 'to-server' && /^SIP\/2\.0 403 /.test(m.startLine));
  expect(header(relayedText(refusal), 'Warning')).toMatch(/replay/);
  await ben.phone.page.waitForTimeout(500);
  await expect(ben.phone.conversation.getByText(first)).toHaveCount(1);

  // A relay that moves an encrypted body into a message with another Call-ID: refused, and amy is told.
  relay.alter((m) => (toClientMessage(m) && !m.injected ? relayedText(m).replace(/\r\nCall-ID: [^\r]*/i, '\r\nCall-ID: moved-by-the-relay') : undefined));
  const second = `and bring ${Math.random().toString(36).slice(2)}`;
  await amy.phone.sendMessage(b, second);
  await expect(amy.phone.message(second)).toContainText('Not delivered');
  await ben.phone.page.waitForTimeout(300);
  await expect(ben.phone.conversation.getByText(second)).toHaveCount(0);
});

test('a replayed encrypted re-INVITE (hold) is refused; the call goes on', async ({ browser, baseURL }) => {
  const { amy, ben, a, b, relay } = await benBehindRelay(browser, baseURL!);
  await amy.phone.call(b);
  await ben.phone.expectCall(a, 'Ringing');
  await ben.phone.answer();
  await amy.phone.expectCall(b, 'Connected');
  await expect(ben.phone.callRegion).toContainText(`End-to-end encrypted · ${a.address}'s key, certified by sealphone.test`);
  await amy.phone.toggleHold();
  const reInvite = await relay.waitFor((m) => m.direction === 'to-client' && m.startLine.startsWith('INVITE ') && /\r\nTo:[^\r]*;tag=/i.test(relayedText(m)));
  await expect(ben.phone.callRegion).toContainText('they put you on hold');
  relay.inject('to-client', reInvite.connection, withBranch(relayedText(reInvite), `z9hG4bKreplay${Date.now()}`));
  const refusal = await relay.waitFor((m) => m.direction === 'to-server' && /^SIP\/2\.0 403 /.test(m.startLine) && /CSeq: \d+ INVITE/i.test(relayedText(m)));
  expect(header(relayedText(refusal), 'Warning')).toMatch(/replay/);
  await amy.phone.toggleHold();
  await expect(ben.phone.callRegion).not.toContainText('they put you on hold');
  await ben.phone.expectMediaFlowing();
  await amy.phone.hangUp();
});

test('unsigned and badly signed credential NOTIFYs (a forged deactivation, an emptied credential) change nothing and are reported', async ({ browser, baseURL }) => {
  const a = freshAccount('amy');
  const relay = await startRelay(baseURL!);
  const amy = await withKey(browser, a, relay.url);
  const fingerprint = await amy.security.publishedFingerprint();
  const notify = relay.log.find((m) => m.direction === 'to-client' && m.startLine.startsWith('NOTIFY ') && /\r\nEvent: credential/i.test(relayedText(m)))!;
  const text = relayedText(notify);
  const cseq = Number(/\r\nCSeq: (\d+)/i.exec(text)![1]);
  const forged = (n: number, state: string): string => {
    const head = text
      .slice(0, text.indexOf('\r\n\r\n'))
      .split('\r\n')
      .filter((line) => !/^(Identity|Identity-Info|Content-Type|Content-Length|Subscription-State|CSeq):/i.test(line));
    return [withBranch(head.join('\r\n'), `z9hG4bKforged${n}`), `CSeq: ${cseq + n} NOTIFY`, `Subscription-State: ${state}`, 'Content-Length: 0', '', ''].join('\r\n');
  };
  // Badly signed: the server's own Identity, Identity-Info and Date kept, the credential taken out of the body.
  const signedHead = text
    .slice(0, text.indexOf('\r\n\r\n'))
    .split('\r\n')
    .filter((line) => !/^(Content-Type|Content-Length|CSeq):/i.test(line));
  relay.inject('to-client', notify.connection, [withBranch(signedHead.join('\r\n'), 'z9hG4bKbadsig'), `CSeq: ${cseq + 50} NOTIFY`, 'Content-Length: 0', '', ''].join('\r\n'));
  await expect(amy.security.security).toContainText('does not match the answer');
  await expect(amy.security.ownFingerprint).toHaveText(fingerprint);

  // Unsigned: a forged deactivation (JsSIP then subscribes again: a new, signed NOTIFY, which changes nothing either)
  // and an empty credential.
  relay.inject('to-client', notify.connection, forged(100, 'terminated;reason=deactivated'));
  relay.inject('to-client', notify.connection, forged(101, 'active;expires=600'));
  await expect(amy.security.security).toContainText('A change to your key was ignored because the server did not prove it');
  await expect(amy.security.security).toContainText('not signed');
  await expect(amy.security.ownFingerprint).toHaveText(fingerprint);
  await expect(amy.security.security.getByRole('status')).toHaveText(/^Published/);
});

test('a credential change ends the other device\'s subscription; it authenticates again and is asked to unlock the new key', async ({ browser, baseURL }) => {
  const a = freshAccount('amy');
  const relay = await startRelay(baseURL!);
  const first = await withKey(browser, a);
  const second = await openPerson(browser, a, relay.url);
  await second.security.unlockKey(a.keyPassphrase);
  const before = relay.log.length;
  await first.security.rotateKey(a.keyPassphrase);
  const ended = await relay.waitFor((m) => relay.log.indexOf(m) >= before && m.direction === 'to-client' && m.startLine.startsWith('NOTIFY ') && /\r\nSubscription-State: terminated;reason=deactivated/i.test(relayedText(m)));
  expect(header(relayedText(ended), 'Content-Length')).toBe('0');
  // Subscribing again takes the password: the server challenges the new SUBSCRIBE even on the registered connection.
  await relay.waitFor((m) => relay.log.indexOf(m) > relay.log.indexOf(ended) && m.direction === 'to-client' && /^SIP\/2\.0 401 /.test(m.startLine) && /CSeq: \d+ SUBSCRIBE/i.test(relayedText(m)));
  await expect(second.security.unlockDialog).toBeVisible();
});

test('plain ws:// to another machine: nothing leaves the browser, the credential package included', async ({ browser, baseURL }) => {
  const address = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .find((i) => i.family === 'IPv4' && !i.internal)?.address;
  test.skip(address === undefined, 'this machine has no IPv4 address other than loopback');
  const a = freshAccount('amy');
  const relay: MitmRelay = await startRelay(baseURL!, { host: '0.0.0.0', urlHost: address! });
  // The web app's Content-Security-Policy (connect-src) allows ws:// to this machine only, so the browser does not even
  // open the connection; were it open, the app itself would refuse the credential package over it
  // (services/credential-transport.ts, test/services/credential-transport.test.ts).
  const context = await browser.newContext();
  const phone = new PhonePage(await context.newPage(), a);
  await phone.open();
  await phone.textbox('Server').fill(relay.url);
  await phone.fillSignIn();
  await phone.page.waitForTimeout(3000);
  await expect(phone.registration).not.toContainText('Registered');
  expect(relay.log).toEqual([]);
  await context.close();
});
