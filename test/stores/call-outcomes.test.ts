/**
 * What the callee's screen keeps of calls it did not take part in (issue 17): a call answered on another device of
 * ours, a call or message refused for a security reason, a peer whose connection was lost. Through the store, with
 * the fake SipClient emitting what the JsSIP client would.
 */
import { describe, expect, it } from 'vitest';
import { failureOf } from '../../src/sip/call-session-events.ts';
import { callStateText } from '../../src/stores/calls-slice.ts';
import { directorySelectors } from '../../src/stores/directory-slice.ts';
import { outcomeWords } from '../../src/stores/recent-words.ts';
import { signedIn } from './test-deps.ts';

const ALICE = 'sip:alice@sealphone.test';

/** A CANCEL as JsSIP hands it to 'failed' (e.message): a request, no status code. */
const cancel = (reason?: string) => ({ getHeader: (name: string) => (name === 'Reason' ? reason : undefined) }) as never;

describe('a CANCEL and why it came (RFC 3326)', () => {
  it('with Reason SIP cause 200 the call was answered on another device', () => {
    expect(failureOf({ originator: 'remote', cause: 'Canceled', message: cancel('SIP;cause=200;text="Call completed elsewhere"') }).kind).toBe('answered-elsewhere');
  });
  it('without it, or with another cause, the caller hung up', () => {
    expect(failureOf({ originator: 'remote', cause: 'Canceled', message: cancel() }).kind).toBe('canceled');
    expect(failureOf({ originator: 'remote', cause: 'Canceled', message: cancel('Q.850;cause=16') }).kind).toBe('canceled');
  });
});

describe('Recent and the call panel', () => {
  it('an incoming call answered elsewhere is not missed', async () => {
    const { store, sip } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'in1', direction: 'incoming', peer: ALICE }));
    const ended = sip.callInfo({ id: 'in1', direction: 'incoming', peer: ALICE, state: 'ended', failure: { kind: 'answered-elsewhere', detail: 'SIP;cause=200' } });
    sip.emit('call', ended);
    expect(callStateText(ended)).toBe('Answered on another device');
    const [record] = directorySelectors.calls(store.getState());
    expect(record?.outcome).toBe('answered-elsewhere');
    expect(outcomeWords(record!)).toBe('Answered on another device');
  });

  it('an incoming call the caller gave up on is missed', async () => {
    const { store, sip } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'in1', direction: 'incoming', peer: ALICE }));
    sip.emit('call', sip.callInfo({ id: 'in1', direction: 'incoming', peer: ALICE, state: 'ended', failure: { kind: 'canceled', detail: 'Canceled' } }));
    expect(directorySelectors.calls(store.getState())[0]?.outcome).toBe('missed');
  });

  it('a refused call and a refused message are kept with their reason', async () => {
    const { store, sip } = await signedIn();
    sip.emit('refused', { id: 'c1 1 INVITE', what: 'call', peer: ALICE, video: false, reason: 'not-encrypted', at: 1000 });
    sip.emit('refused', { id: 'c2 1 MESSAGE', what: 'message', peer: ALICE, video: false, reason: 'headers-mismatch', at: 2000 });
    const words = directorySelectors.calls(store.getState()).map(outcomeWords);
    expect(words).toEqual([
      'Refused: alice@sealphone.test’s message did not match its signed headers (altered or replayed)',
      'Refused: alice@sealphone.test’s call was not end-to-end encrypted',
    ]);
  });

  it('a connected call whose peer vanished says the connection was lost', () => {
    const call = { id: 'o', direction: 'outgoing', peer: 'sip:bob@sealphone.test', video: false, state: 'ended', muted: false, onHold: false, remoteHold: false, startedAt: 0, connectedAt: 1, failure: { kind: 'connection-lost', detail: 'ice failed' } } as const;
    expect(callStateText(call)).toBe('Ended · Connection to bob@sealphone.test lost.');
  });

  it('a connected call the peer ended says who hung up, and stays an answered call', async () => {
    const { store, sip } = await signedIn();
    const ended = sip.callInfo({ id: 'o', direction: 'outgoing', peer: 'sip:bob@sealphone.test', state: 'ended', connectedAt: 1, failure: { kind: 'hung-up', detail: 'BYE' } });
    sip.emit('call', ended);
    expect(callStateText(ended)).toBe('Ended · bob@sealphone.test hung up.');
    expect(directorySelectors.calls(store.getState())[0]?.outcome).toBe('answered');
  });
});
