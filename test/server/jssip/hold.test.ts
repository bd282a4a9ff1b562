/**
 * re-INVITE inside an established JsSIP call, through the proxy in both directions: hold and unhold
 * (`session.hold()` / `unhold()`), each a complete offer/answer (re-INVITE, 200, ACK) routed by Record-Route.
 */
import { describe, expect, it } from 'vitest';
import { headerValues, isRequest, isResponse, sessionEvent, type NodeUa, type RTCSession } from '../../helpers/jssip-node.ts';
import { useJsSipServer } from './server-fixture.ts';
import { establish, peerOf } from './calls.ts';

const fixture = useJsSipServer();
const ua = fixture.ua;

const recordRoute = fixture.recordRoute;
const direction = (sdp: string) => /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m.exec(sdp)?.[1];
const bodyOf = (text: string) => text.slice(text.indexOf('\r\n\r\n') + 4);

/** Runs `act` (hold or unhold) on `from` and waits for its completion callback and the peer's event. */
async function reinvite(act: 'hold' | 'unhold', from: { ua: NodeUa; session: RTCSession }, to: { ua: NodeUa; session: RTCSession }, method: 'INVITE' | 'UPDATE' = 'INVITE') {
  const start = { from: from.ua.trace.entries.length, to: to.ua.trace.entries.length };
  const seen = sessionEvent<{ originator: string }>(to.session, act, 8_000, to.ua.trace);
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${act} did not complete\n${from.ua.trace.dump()}`)), 8_000);
    const started = from.session[act]({ useUpdate: method === 'UPDATE' }, () => {
      clearTimeout(timer);
      resolve();
    });
    if (!started) reject(new Error(`${act}() refused by JsSIP`));
  });
  const [peerEvent] = await Promise.all([seen, done]);
  expect(peerEvent.originator).toBe('remote');
  // The re-INVITE left `from` with our Record-Route as Route, reached `to`, was answered 200 and ACKed through us.
  const sent = from.ua.trace.find((e) => e.direction === 'out' && isRequest(e.text, method), start.from);
  expect(sent.length).toBe(1);
  expect(headerValues(sent[0]!.text, 'Route')).toEqual([recordRoute()]);
  const got = to.ua.trace.find((e) => e.direction === 'in' && isRequest(e.text, method), start.to);
  expect(got.length).toBe(1);
  expect(headerValues(got[0]!.text, 'CSeq')).toEqual(headerValues(sent[0]!.text, 'CSeq'));
  expect(bodyOf(got[0]!.text)).toBe(bodyOf(sent[0]!.text));
  const ok = from.ua.trace.find((e) => e.direction === 'in' && isResponse(e.text, method, 200), start.from);
  expect(ok.length).toBe(1);
  if (method === 'INVITE') await to.ua.trace.waitFor((e) => e.direction === 'in' && isRequest(e.text, 'ACK'), { from: start.to, what: 'ACK of the re-INVITE' });
  return { offer: bodyOf(got[0]!.text), answer: bodyOf(ok[0]!.text) };
}

describe('re-INVITE through the server', () => {
  it('alice holds and unholds bob: sendonly/recvonly then sendrecv, both ways through the proxy', async () => {
    const alice = await ua('alice');
    const bob = await ua('bob');
    const { caller, callee } = await establish(alice, bob);
    const a = { ua: alice, session: caller };
    const b = { ua: bob, session: callee };

    const held = await reinvite('hold', a, b);
    expect(direction(held.offer)).toBe('sendonly');
    expect(direction(held.answer)).toBe('recvonly');
    expect(caller.isOnHold()).toEqual({ local: true, remote: false });
    expect(callee.isOnHold()).toEqual({ local: false, remote: true });
    expect(peerOf(callee).signalingState).toBe('stable');

    const resumed = await reinvite('unhold', a, b);
    expect(direction(resumed.offer)).toBe('sendrecv');
    expect(direction(resumed.answer)).toBe('sendrecv');
    expect(caller.isOnHold()).toEqual({ local: false, remote: false });
    expect(callee.isOnHold()).toEqual({ local: false, remote: false });

    const ended = sessionEvent(callee, 'ended', 8_000, bob.trace);
    caller.terminate();
    await ended;
  });

  it('bob (the callee) holds alice: his re-INVITE reaches her WebSocket contact through the proxy', async () => {
    const alice = await ua('alice');
    const bob = await ua('bob');
    const { caller, callee } = await establish(alice, bob);
    const held = await reinvite('hold', { ua: bob, session: callee }, { ua: alice, session: caller });
    expect(direction(held.offer)).toBe('sendonly');
    expect(caller.isOnHold()).toEqual({ local: false, remote: true });
    await reinvite('unhold', { ua: bob, session: callee }, { ua: alice, session: caller });
    expect(caller.isOnHold()).toEqual({ local: false, remote: false });
    const ended = sessionEvent(caller, 'ended', 8_000, alice.trace);
    callee.terminate();
    await ended;
  });

  it('hold and unhold with UPDATE (RFC 3311) instead of re-INVITE also go through', async () => {
    const alice = await ua('alice');
    const bob = await ua('bob');
    const { caller, callee } = await establish(alice, bob);
    const a = { ua: alice, session: caller };
    const b = { ua: bob, session: callee };
    const held = await reinvite('hold', a, b, 'UPDATE');
    expect(direction(held.offer)).toBe('sendonly');
    expect(direction(held.answer)).toBe('recvonly');
    expect(callee.isOnHold()).toEqual({ local: false, remote: true });
    await reinvite('unhold', a, b, 'UPDATE');
    expect(callee.isOnHold()).toEqual({ local: false, remote: false });
    const ended = sessionEvent(callee, 'ended', 8_000, bob.trace);
    caller.terminate();
    await ended;
  });
});
