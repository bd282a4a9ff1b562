/**
 * Forking (RFC 3261 section 16.7) with JsSIP devices: bob on two UAs, both ring, the first 2xx wins and the other
 * device is cancelled; a decline on one device does not end the call while the other still rings; when every
 * device declines the caller gets the best response; a caller's CANCEL reaches every device.
 */
import JsSIP from 'jssip';
import { describe, expect, it } from 'vitest';
import { isRequest, isResponse, nextIncomingCall, sessionEvent } from '../../helpers/jssip-node.ts';
import { useJsSipServer } from './server-fixture.ts';
import { TEST_DOMAIN } from '../../helpers/test-server.ts';
import { answer, call, record, type SessionOutcome } from './calls.ts';

const fixture = useJsSipServer();
const ua = fixture.ua;

/** alice, and bob on two devices; alice calls bob and both devices ring. */
async function ringBoth() {
  const alice = await ua('alice');
  const bob1 = await ua('bob');
  const bob2 = await ua('bob');
  expect(fixture.server.server.sip!.location.lookup(`sip:bob@${TEST_DOMAIN}`).length).toBe(2);
  const in1 = nextIncomingCall(bob1);
  const in2 = nextIncomingCall(bob2);
  const outgoing = call(alice, 'bob');
  const aliceEvents = record(outgoing);
  const [ring1, ring2] = await Promise.all([in1, in2]);
  // Both 180s reach alice (two early dialogs) before anyone answers.
  await expect.poll(() => alice.trace.find((e) => e.direction === 'in' && isResponse(e.text, 'INVITE', 180)).length).toBe(2);
  return { alice, bob1, bob2, outgoing, aliceEvents, s1: ring1.session, s2: ring2.session };
}

describe('forking to every device of bob', () => {
  it('both ring; the first to answer wins, the other gets CANCEL and fails with Canceled', async () => {
    const { alice, bob1, bob2, outgoing, aliceEvents, s1, s2 } = await ringBoth();
    const loser = record(s1);
    const bob1Failed = sessionEvent<SessionOutcome>(s1, 'failed', 8_000, bob1.trace);
    const aliceConfirmed = sessionEvent(outgoing, 'confirmed', 8_000, alice.trace);
    const bob2Confirmed = sessionEvent(s2, 'confirmed', 8_000, bob2.trace);
    answer(s2);
    await Promise.all([aliceConfirmed, bob2Confirmed]);
    const fail = await bob1Failed;
    expect(fail.originator).toBe('remote');
    expect(fail.cause).toBe(JsSIP.C.causes.CANCELED);
    expect(bob1.trace.find((e) => e.direction === 'in' && isRequest(e.text, 'CANCEL')).length).toBe(1);
    expect(bob2.trace.find((e) => e.direction === 'in' && isRequest(e.text, 'CANCEL')).length).toBe(0);
    expect(loser.events).toEqual(['failed']);

    // The 487 of the cancelled branch is absorbed by the proxy: alice sees only the winner's final response.
    await new Promise((r) => setTimeout(r, 200));
    const finals = alice.trace.find((e) => e.direction === 'in' && /^SIP\/2\.0 [2-6]\d\d /.test(e.text) && isResponse(e.text, 'INVITE'));
    expect(finals.map((e) => e.text.slice(8, 11))).toEqual(['200']);

    // The established dialog is with bob2: alice's BYE ends bob2's session, bob1 sees nothing more.
    const bob2Ended = sessionEvent<SessionOutcome>(s2, 'ended', 8_000, bob2.trace);
    outgoing.terminate();
    expect((await bob2Ended).cause).toBe(JsSIP.C.causes.BYE);
    expect(bob1.trace.find((e) => e.direction === 'in' && isRequest(e.text, 'BYE')).length).toBe(0);
    expect(aliceEvents.events.filter((e) => e !== 'progress')).toEqual(['accepted', 'confirmed', 'ended']);
  });

  it('one device declines (486) while the other rings; the other answers and the call is up', async () => {
    const { alice, bob1, bob2, outgoing, s1, s2 } = await ringBoth();
    const aliceFailed = sessionEvent(outgoing, 'failed', 1_000).then(
      () => true,
      () => false,
    );
    s1.terminate({ status_code: 486 });
    await bob1.trace.waitFor((e) => e.direction === 'in' && isRequest(e.text, 'ACK'), { what: 'the proxy ACK for the 486' });
    await new Promise((r) => setTimeout(r, 200));
    expect(outgoing.isInProgress()).toBe(true);
    const aliceConfirmed = sessionEvent(outgoing, 'confirmed', 8_000, alice.trace);
    answer(s2);
    await aliceConfirmed;
    expect(await aliceFailed).toBe(false);
    const ended = sessionEvent(s2, 'ended', 8_000, bob2.trace);
    outgoing.terminate();
    await ended;
  });

  it('both devices decline: alice fails once, with one of their 4xx responses', async () => {
    const { alice, outgoing, s1, s2 } = await ringBoth();
    const aliceFailed = sessionEvent<SessionOutcome>(outgoing, 'failed', 8_000, alice.trace);
    s1.terminate({ status_code: 486 });
    s2.terminate({ status_code: 480 });
    const fail = await aliceFailed;
    await new Promise((r) => setTimeout(r, 200));
    const finals = alice.trace.find((e) => e.direction === 'in' && /^SIP\/2\.0 [2-6]\d\d /.test(e.text) && isResponse(e.text, 'INVITE'));
    expect(finals.length).toBe(1);
    // RFC 3261 16.7 step 6: the lowest class wins among 4xx; both are 4xx, either is correct, but it is one of them.
    expect([480, 486]).toContain(fail.message?.status_code);
    expect(fail.cause).toBe(fail.message?.status_code === 486 ? JsSIP.C.causes.BUSY : JsSIP.C.causes.UNAVAILABLE);
  });

  it('alice cancels while both ring: both devices get CANCEL', async () => {
    const { alice, bob1, bob2, outgoing, s1, s2 } = await ringBoth();
    const f1 = sessionEvent<SessionOutcome>(s1, 'failed', 8_000, bob1.trace);
    const f2 = sessionEvent<SessionOutcome>(s2, 'failed', 8_000, bob2.trace);
    const fa = sessionEvent<SessionOutcome>(outgoing, 'failed', 8_000, alice.trace);
    outgoing.terminate();
    const [a, b, c] = await Promise.all([f1, f2, fa]);
    expect(a.cause).toBe(JsSIP.C.causes.CANCELED);
    expect(b.cause).toBe(JsSIP.C.causes.CANCELED);
    expect(c.cause).toBe(JsSIP.C.causes.CANCELED);
    await alice.trace.waitFor((e) => e.direction === 'in' && isResponse(e.text, 'INVITE', 487), { what: '487 to the INVITE' });
  });
});
