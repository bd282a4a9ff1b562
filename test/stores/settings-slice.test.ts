import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/stores/app-store.ts';
import { networkSettingsInput, settingsSelectors } from '../../src/stores/settings-slice.ts';
import { describeFailure } from '../../src/stores/describe-failure.ts';
import { createMemoryKeyValueStorage } from '../../src/services/settings-storage.ts';
import { signedIn, testDeps } from './test-deps.ts';

const network = { stun: 'stun:127.0.0.1:9', turn: 'turn:127.0.0.1:3478?transport=udp', turnUsername: 'sealphone', turnCredential: 'secret', relayOnly: true };

describe('settings slice', () => {
  it('gives every call, outgoing and answered, the saved STUN and TURN servers', async () => {
    const { store, sip } = await signedIn();
    expect(store.getState().saveNetworkSettings(network)).toBe(true);
    await store.getState().startCall('bob', { video: false });
    sip.emit('call', sip.callInfo({ id: 'in', direction: 'incoming', peer: 'sip:carol@sealphone.test' }));
    await store.getState().answer('in');
    const ice = { servers: [{ urls: ['stun:127.0.0.1:9'] }, { urls: ['turn:127.0.0.1:3478?transport=udp'], username: 'sealphone', credential: 'secret' }], relayOnly: true };
    expect(sip.mediaOptions.map((o) => o.ice)).toEqual([ice, ice]);
  });

  it('keeps invalid servers out, says why, and leaves calls as they were', async () => {
    const { store, sip } = await signedIn();
    expect(store.getState().saveNetworkSettings({ ...network, stun: 'stun.example.com' })).toBe(false);
    expect(settingsSelectors.networkErrors(store.getState())?.stun).toContain('is not a STUN server address');
    await store.getState().startCall('bob', { video: false });
    expect(sip.mediaOptions[0]).not.toHaveProperty('ice');
  });

  it('remembers the servers, the ringtone volume and do not disturb on this device, and applies them at start', () => {
    const storage = createMemoryKeyValueStorage();
    const first = createAppStore(testDeps({ storage }));
    first.getState().saveNetworkSettings(network);
    first.getState().setRingtoneVolume(0.3);
    first.getState().setDoNotDisturb(true);
    const deps = testDeps({ storage });
    const again = createAppStore(deps);
    expect(networkSettingsInput(settingsSelectors.network(again.getState()))).toEqual(network);
    expect(deps.ringer.volumes).toEqual([0.3]);
    expect(deps.sip.log).toEqual(['doNotDisturb true']);
    expect(settingsSelectors.doNotDisturb(again.getState())).toBe(true);
  });

  it('tells the ringer a new volume at once', async () => {
    const { store, deps } = await signedIn();
    store.getState().setRingtoneVolume(0.6);
    expect(deps.ringer.volumes.at(-1)).toBe(0.6);
  });

  it('a call do not disturb refused goes to Recent only, noted as such, and never onto the screen', async () => {
    const { store, sip } = await signedIn();
    store.getState().setDoNotDisturb(true);
    expect(sip.log).toContain('doNotDisturb true');
    sip.emit('call', sip.callInfo({ id: 'dnd', direction: 'incoming', peer: 'sip:bob@sealphone.test', state: 'ended', failure: { kind: 'do-not-disturb', status: 486, detail: 'refused' } }));
    expect(store.getState().calls.byId).toEqual({});
    expect(store.getState().directory.calls[0]).toMatchObject({ id: 'dnd', direction: 'incoming', outcome: 'do-not-disturb' });
  });

  it("the caller's screen says the callee does not take calls now", () => {
    expect(describeFailure({ kind: 'do-not-disturb', status: 486, detail: '486 Busy Here' }, 'call', 'bob')).toBe('bob does not take calls now.');
  });
});
