/**
 * JsSIP calls through the real server (signalling only; the media layer is the stand-in of jssip-node.ts): the
 * INVITE reaches the callee signed and record-routed, the offer/answer passes unaltered, ACK and BYE follow the
 * Record-Route back through the proxy to the `*.invalid` WebSocket contacts; CANCEL while ringing, and a decline.
 */
import JsSIP from 'jssip';
import { describe, expect, it } from 'vitest';
import { headerValues, isRequest, isResponse, nextIncomingCall, sessionEvent, startLine } from '../../helpers/jssip-node.ts';
import { useJsSipServer } from './server-fixture.ts';
import { answer, call, establish, peerOf, record, type SessionOutcome } from './calls.ts';
import { verifyReceivedIdentity } from './identity-check.ts';

const fixture = useJsSipServer();
const ua = fixture.ua;

const recordRoute = fixture.recordRoute;
const uriIn = (nameAddr: string) => /<([^>]+)>/.exec(nameAddr)?.[1] ?? nameAddr.split(';')[0]!;

describe('JsSIP INVITE through the server', () => {
  it('alice calls bob: signed, record-routed INVITE; answer; ACK and BYE routed through the proxy', async () => {
    const alice = await ua('alice');
    const bob = await ua('bob');
    const incomingP = nextIncomingCall(bob);
    const outgoing = call(alice, 'bob');
    const aliceEvents = record(outgoing);
    const incoming = await incomingP;
    const bobEvents = record(incoming.session);

    // The INVITE as bob's JsSIP saw it: Identity and our Record-Route.
    expect(incoming.request.method).toBe('INVITE');
    expect(incoming.request.getHeader('Identity')).toMatch(/^"[A-Za-z0-9+/=]+"$/);
    expect(incoming.request.getHeader('Identity-Info')).toMatch(/as\.cer>;alg=rsa-sha256$/);
    expect(incoming.request.getHeaders('Record-Route')).toEqual([recordRoute()]);
    const inviteOnWire = bob.trace.find((e) => e.direction === 'in' && isRequest(e.text, 'INVITE'));
    expect(inviteOnWire.length).toBe(1);
    expect(startLine(inviteOnWire[0]!.text)).toMatch(/^INVITE sip:[^@]+@[a-z0-9]+\.invalid;transport=ws SIP\/2\.0$/);
    await verifyReceivedIdentity(inviteOnWire[0]!.text, fixture.server); // covers the SDP offer bob got

    const aliceConfirmed = sessionEvent(outgoing, 'confirmed', 8_000, alice.trace);
    const bobConfirmed = sessionEvent(incoming.session, 'confirmed', 8_000, bob.trace);
    answer(incoming.session);
    await Promise.all([aliceConfirmed, bobConfirmed]);
    expect(outgoing.isEstablished()).toBe(true);
    expect(incoming.session.isEstablished()).toBe(true);

    // Offer and answer crossed the proxy byte for byte.
    expect(peerOf(incoming.session).remoteDescription?.sdp).toBe(peerOf(outgoing).localDescription?.sdp);
    expect(peerOf(outgoing).remoteDescription?.sdp).toBe(peerOf(incoming.session).localDescription?.sdp);
    expect(peerOf(outgoing).signalingState).toBe('stable');
    expect(peerOf(incoming.session).signalingState).toBe('stable');

    // ACK: sent by alice to bob's contact with our Record-Route as its Route, and delivered to bob by the proxy.
    const ack = alice.trace.find((e) => e.direction === 'out' && isRequest(e.text, 'ACK'));
    expect(ack.length).toBe(1);
    expect(headerValues(ack[0]!.text, 'Route')).toEqual([recordRoute()]);
    expect(startLine(ack[0]!.text)).toMatch(/\.invalid;transport=ws SIP\/2\.0$/);
    expect(bob.trace.find((e) => e.direction === 'in' && isRequest(e.text, 'ACK')).length).toBe(1);

    // BYE from alice: bob gets it (through the proxy: the Route is our Record-Route) and ends.
    const bobEnded = sessionEvent<SessionOutcome>(incoming.session, 'ended', 8_000, bob.trace);
    const aliceEnded = sessionEvent<SessionOutcome>(outgoing, 'ended', 8_000, alice.trace);
    outgoing.terminate();
    const [bobEnd, aliceEnd] = await Promise.all([bobEnded, aliceEnded]);
    expect(bobEnd.originator).toBe('remote');
    expect(bobEnd.cause).toBe(JsSIP.C.causes.BYE);
    expect(aliceEnd.originator).toBe('local');
    const bye = alice.trace.find((e) => e.direction === 'out' && isRequest(e.text, 'BYE'));
    expect(headerValues(bye[0]!.text, 'Route')).toEqual([recordRoute()]);
    expect(bob.trace.find((e) => e.direction === 'in' && isRequest(e.text, 'BYE')).length).toBe(1);
    await alice.trace.waitFor((e) => e.direction === 'in' && isResponse(e.text, 'BYE', 200), { what: '200 to BYE' });

    expect(aliceEvents.events).toEqual(['progress', 'accepted', 'confirmed', 'ended']);
    expect(bobEvents.events).toEqual(['accepted', 'confirmed', 'ended']);
  });

  it('bob hangs up: his BYE reaches alice at her *.invalid contact through the proxy', async () => {
    const alice = await ua('alice');
    const bob = await ua('bob');
    const { caller, callee } = await establish(alice, bob);
    const aliceEnded = sessionEvent<SessionOutcome>(caller, 'ended', 8_000, alice.trace);
    const bobEnded = sessionEvent<SessionOutcome>(callee, 'ended', 8_000, bob.trace);
    callee.terminate();
    const [aliceEnd] = await Promise.all([aliceEnded, bobEnded]);
    expect(aliceEnd.originator).toBe('remote');
    expect(aliceEnd.cause).toBe(JsSIP.C.causes.BYE);
    const bye = bob.trace.find((e) => e.direction === 'out' && isRequest(e.text, 'BYE'))[0]!;
    const aliceContact = uriIn(headerValues(alice.trace.find((e) => e.direction === 'out' && isRequest(e.text, 'INVITE'))[0]!.text, 'Contact')[0]!);
    expect(startLine(bye.text)).toBe(`BYE ${aliceContact} SIP/2.0`);
    expect(headerValues(bye.text, 'Route')).toEqual([recordRoute()]);
    await bob.trace.waitFor((e) => e.direction === 'in' && isResponse(e.text, 'BYE', 200), { what: '200 to BYE' });
  });

  it('alice cancels while bob rings: bob fails with Canceled, alice fails with Canceled', async () => {
    const alice = await ua('alice');
    const bob = await ua('bob');
    const incomingP = nextIncomingCall(bob);
    const outgoing = call(alice, 'bob');
    const ringing = sessionEvent<{ originator: string; response: { status_code: number } }>(outgoing, 'progress', 8_000, alice.trace);
    const incoming = await incomingP;
    const bobEvents = record(incoming.session);
    const progress = await ringing;
    expect(progress.originator).toBe('remote');
    expect(progress.response.status_code).toBe(180);

    const bobFailed = sessionEvent<SessionOutcome>(incoming.session, 'failed', 8_000, bob.trace);
    const aliceFailed = sessionEvent<SessionOutcome>(outgoing, 'failed', 8_000, alice.trace);
    outgoing.terminate();
    const [bobFail, aliceFail] = await Promise.all([bobFailed, aliceFailed]);
    expect(bobFail.originator).toBe('remote');
    expect(bobFail.cause).toBe(JsSIP.C.causes.CANCELED);
    expect(aliceFail.originator).toBe('local');
    expect(aliceFail.cause).toBe(JsSIP.C.causes.CANCELED);

    // On the wire: bob got the proxy's CANCEL and answered 487, which came back to alice, who ACKed it.
    expect(bob.trace.find((e) => e.direction === 'in' && isRequest(e.text, 'CANCEL')).length).toBe(1);
    expect(bob.trace.find((e) => e.direction === 'out' && isResponse(e.text, 'INVITE', 487)).length).toBe(1);
    await alice.trace.waitFor((e) => e.direction === 'in' && isResponse(e.text, 'CANCEL', 200), { what: '200 to CANCEL' });
    await alice.trace.waitFor((e) => e.direction === 'in' && isResponse(e.text, 'INVITE', 487), { what: '487 to the INVITE' });
    expect(bobEvents.events).toEqual(['failed']);
  });

  it('bob declines with 486: alice fails with Busy', async () => {
    const alice = await ua('alice');
    const bob = await ua('bob');
    const incomingP = nextIncomingCall(bob);
    const outgoing = call(alice, 'bob');
    const aliceFailed = sessionEvent<SessionOutcome>(outgoing, 'failed', 8_000, alice.trace);
    const incoming = await incomingP;
    const bobFailed = sessionEvent<SessionOutcome>(incoming.session, 'failed', 8_000, bob.trace);
    incoming.session.terminate({ status_code: 486 });
    const [aliceFail, bobFail] = await Promise.all([aliceFailed, bobFailed]);
    expect(aliceFail.originator).toBe('remote');
    expect(aliceFail.cause).toBe(JsSIP.C.causes.BUSY);
    expect(aliceFail.message?.status_code).toBe(486);
    expect(bobFail.originator).toBe('local');
    expect(bobFail.cause).toBe(JsSIP.C.causes.REJECTED);
  });

  it('a call to carol (not registered) fails with 480, to nobody@ with 404', async () => {
    const alice = await ua('alice');
    for (const [user, status, cause] of [
      ['carol', 480, JsSIP.C.causes.UNAVAILABLE],
      ['nobody', 404, JsSIP.C.causes.NOT_FOUND],
    ] as const) {
      const outgoing = call(alice, user);
      const fail = await sessionEvent<SessionOutcome>(outgoing, 'failed', 8_000, alice.trace);
      expect(fail.originator).toBe('remote');
      expect(fail.message?.status_code).toBe(status);
      expect(fail.cause).toBe(cause);
    }
  });

  it('two calls in a row between the same UAs both work', async () => {
    const alice = await ua('alice');
    const bob = await ua('bob');
    for (let i = 0; i < 2; i++) {
      const { caller, callee } = await establish(alice, bob);
      const ended = sessionEvent(callee, 'ended', 8_000, bob.trace);
      caller.terminate();
      await ended;
    }
    expect(bob.trace.find((e) => e.direction === 'in' && isRequest(e.text, 'BYE')).length).toBe(2);
  });

  it("bob's WebSocket drops while his phone rings: alice's call fails promptly instead of ringing forever", async () => {
    const alice = await ua('alice');
    const bob = await ua('bob');
    const incomingP = nextIncomingCall(bob);
    const outgoing = call(alice, 'bob');
    const ringing = sessionEvent(outgoing, 'progress', 8_000, alice.trace);
    await incomingP;
    await ringing;
    bob.socket.disconnect(); // the network goes away under JsSIP (it is not told)
    const fail = await sessionEvent<SessionOutcome>(outgoing, 'failed', 5_000, alice.trace);
    expect(fail.originator).toBe('remote');
    expect(fail.message?.status_code).toBeGreaterThanOrEqual(400);
  });

  // Found by this suite and fixed: the proxy once signed only out-of-dialog requests. docs/design.md "Identity": the
  // server signs "every request it forwards from an authenticated user after checking that the From names that user".
  it('in-dialog requests from an authenticated user (re-INVITE, BYE) are signed like the initial INVITE', async () => {
    const alice = await ua('alice');
    const bob = await ua('bob');
    const { caller, callee } = await establish(alice, bob);
    const mark = bob.trace.entries.length;
    await new Promise<void>((resolve, reject) => {
      if (!caller.hold({}, () => resolve())) reject(new Error('hold() refused'));
    });
    const reinvite = bob.trace.find((e) => e.direction === 'in' && isRequest(e.text, 'INVITE'), mark)[0];
    expect(reinvite, bob.trace.dump()).toBeDefined();
    const ended = sessionEvent(caller, 'ended', 8_000, alice.trace);
    callee.terminate();
    await ended;
    const bye = alice.trace.find((e) => e.direction === 'in' && isRequest(e.text, 'BYE'))[0]!;
    expect(headerValues(reinvite!.text, 'Identity'), `re-INVITE as bob got it:\n${reinvite!.text}`).toHaveLength(1);
    await verifyReceivedIdentity(reinvite!.text, fixture.server);
    expect(headerValues(bye.text, 'Identity'), `BYE as alice got it:\n${bye.text}`).toHaveLength(1);
    await verifyReceivedIdentity(bye.text, fixture.server);
  });
});
