/**
 * A call outlives its server's restart (issue 17): an in-dialog request the phone makes while its WebSocket is down
 * (JsSIP's session-timer refresh, a hold, a DTMF INFO) waits for the connection instead of ending the call. Before,
 * JsSIP's transaction failed at once on the closed transport (Transactions.js: `transport.send` false ->
 * `onTransportError`), the session ended on that side only, and the peer's next in-dialog requests got 481 from it.
 * The JsSIP SipClient in Node against a real server restarted on the same port (signalling only).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { installWebRtcStandIns } from '../helpers/jssip-node.ts';
import { removeDir, startTestServer } from '../helpers/test-server.ts';
import { makeClient, signIn, startServerAt } from './sip-client-harness.ts';

let release: () => void;
beforeAll(() => {
  release = installWebRtcStandIns();
});
afterAll(() => release());

it('an in-dialog request made while the server is down goes out once it is back, failed attempts between; the call goes on and ends cleanly', async () => {
  const seed = await startTestServer();
  await seed.stop();
  let current = await startServerAt(seed.dir, 0);
  let running = true;
  // After the restart alice's network lets her through only once bob is registered again, so that her held request
  // finds him (which of two phones comes back first is otherwise a race).
  let aliceGate: Promise<void> | undefined;
  let aliceAttempts = 0;
  const alice = makeClient('alice', { connectGate: () => aliceGate, onConnectAttempt: () => aliceAttempts++ });
  const bob = makeClient('bob');
  try {
    await Promise.all([signIn(alice, current), signIn(bob, current)]);
    const id = await alice.client.call('bob', { video: false });
    const incoming = await bob.waitFor('an incoming call', () => bob.calls.find((c) => c.direction === 'incoming' && c.state === 'ringing'));
    await bob.client.answer(incoming.id, { video: false });
    await alice.waitFor('connected', () => alice.calls.find((c) => c.id === id && c.state === 'connected'));
    await bob.waitFor('connected', () => bob.calls.find((c) => c.id === incoming.id && c.state === 'connected'));

    const port = current.httpPort;
    await current.stop();
    running = false;
    await alice.waitFor('reconnecting', () => (alice.client.connectionState === 'reconnecting' ? true : undefined));
    await bob.waitFor('bob reconnecting', () => (bob.client.registrationState !== 'registered' ? true : undefined));
    // The re-INVITE of a hold, as the session-timer refresh would be: made while nothing can carry it.
    const held = alice.client.setHold(id, true).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${alice.trace.dump()}`);
    });
    // Two reconnection attempts fail while it waits (JsSIP errors every client transaction on each of them).
    const attempts = aliceAttempts;
    await alice.waitFor('two failed attempts', () => (aliceAttempts >= attempts + 2 ? true : undefined), 10_000);
    aliceGate = bob.waitFor('bob registered again', () => (bob.client.registrationState === 'registered' ? true : undefined), 20_000).then(() => undefined);
    current = await startServerAt(current.dir, port);
    running = true;
    await held;
    await bob.waitFor('bob sees the hold', () => bob.calls.find((c) => c.id === incoming.id && c.remoteHold));
    expect(alice.calls.filter((c) => c.id === id).at(-1)).toMatchObject({ state: 'connected', onHold: true });

    bob.client.hangUp(incoming.id);
    const aliceEnd = await alice.waitFor('alice sees the hang-up', () => alice.calls.find((c) => c.id === id && c.state === 'ended'));
    expect(aliceEnd.failure?.kind).toBe('hung-up'); // bob's BYE: a hang-up, not a failure of the call
    const byeAnswer = await bob.trace.waitFor((e) => e.direction === 'in' && /^SIP\/2\.0 \d{3} /.test(e.text) && /\r\nCSeq: \d+ BYE\r\n/.test(e.text), { what: "the answer to bob's BYE" });
    expect(byeAnswer.text.split('\r\n')[0]).toBe('SIP/2.0 200 OK');
  } finally {
    await Promise.all([alice.client.signOut(), bob.client.signOut()]);
    if (running) await current.stop();
    removeDir(current.dir);
  }
}, 40_000);
