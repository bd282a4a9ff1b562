import { describe, expect, it } from 'vitest';
import { callSelectors, callStateText } from '../../src/stores/calls-slice.ts';
import { directorySelectors } from '../../src/stores/directory-slice.ts';
import { signedIn } from './test-deps.ts';

describe('calls slice', () => {
  it('calls a short name on the own domain and shows the call ringing', async () => {
    const { store, sip } = await signedIn();
    await store.getState().startCall('bob', { video: false });
    expect(sip.log.at(-1)).toBe('call sip:bob@sealphone.test video=false');
    const call = callSelectors.primary(store.getState());
    expect(call?.peer).toBe('sip:bob@sealphone.test');
    expect(callStateText(call!)).toBe('Ringing');
  });

  it('passes controls through to the SipClient', async () => {
    const { store, sip } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'in1', direction: 'incoming', peer: 'sip:bob@sealphone.test' }));
    await store.getState().answer('in1');
    sip.emit('call', sip.callInfo({ id: 'in1', direction: 'incoming', peer: 'sip:bob@sealphone.test', state: 'connected', connectedAt: 2000 }));
    store.getState().toggleMute('in1');
    await store.getState().toggleHold('in1');
    store.getState().sendDtmf('in1', '5');
    await store.getState().transfer('in1', 'carol');
    store.getState().hangUp('in1');
    expect(sip.log.slice(1)).toEqual(['answer in1', 'mute in1 true', 'hold in1 true', 'dtmf in1 5', 'transfer in1 sip:carol@sealphone.test', 'hangUp in1']);
  });

  it('declines with decline=true', async () => {
    const { store, sip } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'in1', direction: 'incoming', peer: 'sip:bob@sealphone.test' }));
    store.getState().decline('in1');
    expect(sip.log.at(-1)).toBe('hangUp in1 decline');
  });

  it('shows a second incoming call as waiting and holds the first when it is answered', async () => {
    const { store, sip } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'a', direction: 'outgoing', peer: 'sip:bob@sealphone.test', state: 'connected', connectedAt: 1500 }));
    sip.emit('call', sip.callInfo({ id: 'b', direction: 'incoming', peer: 'sip:carol@sealphone.test' }));
    expect(callSelectors.primary(store.getState())?.id).toBe('a');
    expect(callSelectors.waiting(store.getState()).map((c) => c.id)).toEqual(['b']);
    await store.getState().answer('b');
    expect(sip.log.slice(-2)).toEqual(['hold a true', 'answer b']);
  });

  it('records an ended call in the history once', async () => {
    const { store, sip } = await signedIn();
    const base = sip.callInfo({ id: 'a', direction: 'outgoing', peer: 'sip:bob@sealphone.test', connectedAt: 2000 });
    sip.emit('call', { ...base, state: 'connected' });
    sip.emit('call', { ...base, state: 'ended', endedAt: 12_000 });
    sip.emit('call', { ...base, state: 'ended', endedAt: 12_000 });
    expect(directorySelectors.calls(store.getState())).toEqual([
      { id: 'a', peer: 'sip:bob@sealphone.test', direction: 'outgoing', video: false, startedAt: 1000, durationSeconds: 10, outcome: 'answered' },
    ]);
    expect(callStateText(callSelectors.primary(store.getState())!)).toBe('Ended');
  });

  it('explains why a call ended unanswered', async () => {
    const { store, sip } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'a', direction: 'outgoing', peer: 'sip:bob@sealphone.test', state: 'ended', failure: { kind: 'busy', status: 486, detail: 'Busy Here' } }));
    expect(callStateText(callSelectors.primary(store.getState())!)).toBe('Ended · bob@sealphone.test is busy.');
    expect(directorySelectors.calls(store.getState())[0]?.outcome).toBe('declined');
  });

  it('drops ended calls when a new one starts', async () => {
    const { store, sip } = await signedIn();
    sip.emit('call', sip.callInfo({ id: 'a', direction: 'outgoing', peer: 'sip:bob@sealphone.test', state: 'ended' }));
    sip.emit('call', sip.callInfo({ id: 'b', direction: 'incoming', peer: 'sip:carol@sealphone.test' }));
    expect(store.getState().calls.order).toEqual(['b']);
  });

  it('refuses a target that is not an address with a sentence naming it (issue 17: not "They is not a known address.")', async () => {
    const { store, sip } = await signedIn();
    await store.getState().startCall('bob smith', { video: false });
    expect(sip.log.at(-1)).toMatch(/^signIn/);
    expect(callSelectors.failureText(store.getState())).toBe('“bob smith” is not a SIP address or phone number. Type a name like bob, bob@example.com or a number like +1 555 010 2030.');
  });

  it('calls a phone number written with spaces, brackets and dashes as +digits on the own domain', async () => {
    const { store, sip } = await signedIn();
    await store.getState().startCall('+1 (555) 010-2030', { video: false });
    expect(sip.log.at(-1)).toMatch(/^call sip:\+15550102030@sealphone\.test/);
  });
});
