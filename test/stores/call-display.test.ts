/**
 * Every live call with its true state (issue 17 deliverable 1): a connected call behind the primary one is "on hold"
 * only when it is held; "Answering puts the current call on hold" only when a call is connected and not held; Call
 * is disabled while a call to that person is being placed.
 */
import { describe, expect, it } from 'vitest';
import type { AppState } from '../../src/stores/app-store.ts';
import { callSelectors } from '../../src/stores/calls-slice.ts';
import type { CallInfo } from '../../src/sip/sip-client.ts';

const call = (id: string, change: Partial<CallInfo>): CallInfo => ({ id, direction: 'outgoing', peer: 'sip:bob@sealphone.test', video: false, state: 'connected', muted: false, onHold: false, ...change }) as CallInfo;

function state(calls: CallInfo[]): AppState {
  return {
    session: { aor: 'alice@sealphone.test' },
    calls: { byId: Object.fromEntries(calls.map((c) => [c.id, c])), order: calls.map((c) => c.id), remoteStreams: {}, localStreams: {}, failure: null, refusedClear: null },
  } as unknown as AppState;
}

describe('call display', () => {
  it('a second connected call that is not held is shown live, not "on hold"', () => {
    const s = state([call('first', { onHold: false }), call('second', { onHold: false, peer: 'sip:carol@sealphone.test' })]);
    const others = callSelectors.others(s);
    expect(others.map((c) => [c.id, c.onHold])).toEqual([['first', false]]);
    expect(callSelectors.hasActiveCall(s)).toBe(true);
  });

  it('a held call behind the primary one is on hold; with only held calls nothing is "current"', () => {
    const s = state([call('held', { onHold: true }), call('active', { peer: 'sip:carol@sealphone.test' })]);
    expect(callSelectors.others(s).map((c) => [c.id, c.onHold])).toEqual([['held', true]]);
    const onlyHeld = state([call('held', { onHold: true }), call('ringing', { direction: 'incoming', state: 'ringing', peer: 'sip:carol@sealphone.test' })]);
    expect(callSelectors.hasActiveCall(onlyHeld)).toBe(false);
    expect(callSelectors.hasActiveCall(state([call('r', { direction: 'incoming', state: 'ringing' })]))).toBe(false);
  });

  it('placing: an outgoing call to that person, connecting or ringing, in any spelling of the address', () => {
    const s = state([call('out', { state: 'ringing' })]);
    for (const typed of ['bob', 'bob@sealphone.test', 'sip:bob@sealphone.test']) expect(callSelectors.placing(typed)(s)).toBe(true);
    expect(callSelectors.placing('carol')(s)).toBe(false);
    expect(callSelectors.placing('bob')(state([call('out', { state: 'connected' })]))).toBe(false);
    expect(callSelectors.placing('bob')(state([call('in', { direction: 'incoming', state: 'ringing' })]))).toBe(false);
    expect(callSelectors.placing('not an address!')(s)).toBe(false);
  });
});
