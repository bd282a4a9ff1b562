/**
 * The server dies during a session (SIGKILL, as in a crash) and comes back: the softphones say so, reconnect with a
 * short jittered backoff (src/sip/reconnect-policy.ts), register again by themselves within 5 s of the server being
 * ready, and messages flow again. A call whose media kept flowing survives the restart: its dialog lives in the two
 * phones, and the restarted server, a record-routing proxy without dialog state, forwards its in-dialog requests
 * (the session-timer refresh, the BYE) to the re-registered phones (RFC 3261 sections 16.4 and 16.12). A server of
 * the test's own (e2e/support/own-server.ts).
 */
import { account, createAccount, type Account } from './support/accounts.ts';
import { startOwnServer, type OwnServer } from './support/own-server.ts';
import { cseqMethodOf, headerOf, methodOf, SipWire, statusOf } from './support/sip-wire.ts';
import { expect, PhonePage, test } from './fixtures.ts';

let server: OwnServer;

test.beforeEach(async () => {
  server = await startOwnServer('restart');
});

test.afterEach(async () => {
  await server.dispose();
});

/** A phone of `who` signed in to the test's server, its SIP frames recorded. */
async function signedIn(browser: import('@playwright/test').Browser, who: Account): Promise<{ phone: PhonePage; wire: SipWire }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const wire = new SipWire(page);
  const phone = new PhonePage(page, who);
  await phone.open(server.url);
  await expect(phone.textbox('Server')).toHaveValue(`ws://127.0.0.1:${server.port}/sip`);
  await phone.signIn();
  return { phone, wire };
}

/**
 * Kills the server, waits until every phone noticed and has tried in vain three times (an outage of some seconds, as
 * a supervisor's restart takes), starts it again; returns when it accepts connections.
 */
async function restartServer(phones: { phone: PhonePage; wire: SipWire }[]): Promise<number> {
  await server.kill();
  const before = phones.map((p) => p.wire.sockets);
  for (const p of phones) await expect(p.phone.registration).toHaveText('Connection lost, reconnecting…');
  for (const [i, p] of phones.entries()) {
    await expect.poll(() => p.wire.sockets - before[i]!, { message: `${p.phone.account.name} tried again three times`, timeout: 30_000 }).toBeGreaterThanOrEqual(3);
  }
  await server.start();
  return Date.now();
}

/** The bound: every phone registered again within 5 s of the restarted server accepting connections. */
async function expectRegisteredWithin5s(phones: PhonePage[], ready: number): Promise<void> {
  const took: string[] = [];
  for (const p of phones) {
    const left = Math.max(0, 5_000 - (Date.now() - ready));
    await expect(p.registration, `${p.account.name} registered again within 5 s of the restart`).toHaveText('Registered', { timeout: left });
    took.push(`${p.account.name} ${Date.now() - ready} ms`);
  }
  console.log(`registered again after the restart (upper bounds, phones checked in turn): ${took.join(', ')}`);
}

test('the server restarted during a session: both clients register again by themselves within 5 s', async ({ browser }) => {
  const alice = createAccount(account('alice'), server.db);
  const bob = createAccount(account('bob'), server.db);
  const aliceSide = await signedIn(browser, alice);
  const bobSide = await signedIn(browser, bob);
  const [a, b] = [aliceSide.phone, bobSide.phone];

  const ready = await restartServer([aliceSide, bobSide]);
  await expectRegisteredWithin5s([a, b], ready);

  await a.sendMessage(bob, 'Back after the restart');
  await expect(a.message('Back after the restart')).toContainText('Delivered');
  await expect(b.message('Back after the restart')).toBeVisible();
  for (const p of [a, b]) await p.page.context().close();
});

test('a call whose media keeps flowing survives a server restart: a hold made during the outage, the session refresh and the hang-up go through', async ({ browser }) => {
  // The refresh comes at half the Session-Expires of RFC 4028 (JsSIP: 90 s, and never less than 60 s): the test has
  // to outlast it.
  test.setTimeout(180_000);
  const alice = createAccount(account('alice'), server.db);
  const bob = createAccount(account('bob'), server.db);
  const { phone: a, wire: aWire } = await signedIn(browser, alice);
  const { phone: b, wire: bWire } = await signedIn(browser, bob);

  await a.call(bob);
  await b.expectCall(alice, 'Ringing');
  await b.answer();
  await a.expectCall(bob, 'Connected');
  await b.expectCall(alice, 'Connected');
  await a.expectMediaFlowing('audio');
  await b.expectMediaFlowing('audio');
  const invite = aWire.find((f) => f.direction === 'sent' && methodOf(f.text) === 'INVITE')[0]!;
  const callId = headerOf(invite.text, 'Call-ID');
  const inDialog = (f: { text: string }): boolean => headerOf(f.text, 'Call-ID') === callId;

  // The server dies; alice puts bob on hold while nothing can carry the re-INVITE (as a session refresh falling due
  // in the outage would be sent). Before issue 17 her call ended there and then, and bob's next requests got 481.
  await server.kill();
  for (const p of [a, b]) await expect(p.registration).toHaveText('Connection lost, reconnecting…');
  await a.toggleHold();
  await server.start();
  const ready = Date.now();
  await expectRegisteredWithin5s([a, b], ready);
  await expect(a.button('Hold', a.callRegion)).toHaveAttribute('aria-pressed', 'true');
  await a.expectCall(bob, 'Connected');
  await b.expectMediaStopped('audio');
  await a.toggleHold();
  await expect(a.button('Hold', a.callRegion)).toHaveAttribute('aria-pressed', 'false');
  await b.expectMediaFlowing('audio');
  const afterResume = { a: aWire.frames.length, b: bWire.frames.length };

  // The refresher's timer-driven UPDATE (JsSIP's refresh method, RFC 4028 section 7.4) reaches the peer through the
  // new server and is answered 2xx, not 481: both dialogs are alive.
  const refresh = (f: { direction: string; text: string }): boolean => f.direction === 'sent' && inDialog(f) && methodOf(f.text) === 'UPDATE' && headerOf(f.text, 'Session-Expires') !== undefined;
  const refreshed = await Promise.race([
    aWire.waitFor('a session refresh', refresh, { from: afterResume.a, timeout: 70_000 }).then((f) => ({ wire: aWire, frame: f, from: afterResume.a })),
    bWire.waitFor('a session refresh', refresh, { from: afterResume.b, timeout: 70_000 }).then((f) => ({ wire: bWire, frame: f, from: afterResume.b })),
  ]);
  const cseq = headerOf(refreshed.frame.text, 'CSeq');
  const answer = await refreshed.wire.waitFor(
    'the final response to the session refresh',
    (f) => f.direction === 'received' && inDialog(f) && headerOf(f.text, 'CSeq') === cseq && (statusOf(f.text) ?? 0) >= 200,
    { from: refreshed.from },
  );
  expect(statusOf(answer.text), `the refresh (${cseq}) was answered`).toBe(200);

  await a.expectCall(bob, 'Connected');
  await b.expectCall(alice, 'Connected');
  await a.expectMediaFlowing('audio');
  await b.expectMediaFlowing('audio');

  await a.hangUp();
  await a.expectCall(bob, 'Ended');
  await b.expectCall(alice, 'Ended');
  const bye = await aWire.waitFor('the BYE', (f) => f.direction === 'sent' && inDialog(f) && methodOf(f.text) === 'BYE', { from: afterResume.a });
  const byeCseq = headerOf(bye.text, 'CSeq');
  const byeAnswer = await aWire.waitFor('the answer to the BYE', (f) => f.direction === 'received' && cseqMethodOf(f.text) === 'BYE' && headerOf(f.text, 'CSeq') === byeCseq && (statusOf(f.text) ?? 0) >= 200);
  expect(statusOf(byeAnswer.text)).toBe(200);
  await expect(b.callRegion).toContainText(`Ended · ${alice.address} hung up.`); // a hang-up, not a failure or a lost connection
  for (const p of [a, b]) await p.page.context().close();
});
