import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/stores/app-store.ts';
import { deviceSelectors } from '../../src/stores/devices-slice.ts';
import { createMemoryKeyValueStorage } from '../../src/services/settings-storage.ts';
import { deviceListsOf, type DeviceLists } from '../../src/services/media-devices.ts';
import { FAKE_DEVICES, FakeMediaDevices } from './fake-services.ts';
import { signedIn, testDeps } from './test-deps.ts';

const withoutMic2 = FAKE_DEVICES.filter((d) => d.deviceId !== 'mic-2');
/** What Chromium shows before any permission: one entry per kind, no id, no name. */
const hidden = [
  { kind: 'audioinput', deviceId: '', label: '' },
  { kind: 'videoinput', deviceId: '', label: '' },
] as const;

describe('devices slice', () => {
  it('lists the devices on sign-in, without the "default" pseudo-device, and names the default', async () => {
    const { store, deps } = await signedIn();
    await Promise.resolve();
    expect(deps.mediaDevices.lists).toBe(1);
    const s = store.getState();
    expect(deviceSelectors.list('audioInputId')(s)).toEqual([
      { id: 'mic-1', label: 'Fake Audio Input 1' },
      { id: 'mic-2', label: 'Fake Audio Input 2' },
    ]);
    expect(deviceSelectors.defaultName('audioInputId')(s)).toBe('Fake Default Audio Input');
    expect(deviceSelectors.list('audioOutputId')(s)).toEqual([{ id: 'out-1', label: 'Fake Audio Output 1' }]);
    expect(deviceSelectors.needsAccess(s)).toBe(false);
  });

  it('passes the chosen microphone and camera to calls and answers', async () => {
    const { store, sip } = await signedIn();
    await store.getState().refreshDevices();
    store.getState().chooseDevice('audioInputId', 'mic-2');
    store.getState().chooseDevice('videoInputId', 'cam-0');
    await store.getState().startCall('bob', { video: true });
    sip.emit('call', sip.callInfo({ id: 'in', direction: 'incoming', peer: 'sip:carol@sealphone.test' }));
    await store.getState().answer('in');
    expect(sip.mediaOptions).toEqual([
      { video: true, audioInputId: 'mic-2', videoInputId: 'cam-0' },
      { video: false, audioInputId: 'mic-2', videoInputId: 'cam-0' },
    ]);
  });

  it('remembers the choice on this device, and "System default" forgets it', async () => {
    const storage = createMemoryKeyValueStorage();
    const first = createAppStore(testDeps({ storage }));
    await first.getState().refreshDevices();
    first.getState().chooseDevice('audioInputId', 'mic-2');
    first.getState().chooseDevice('audioOutputId', 'out-1');
    expect(JSON.parse(storage.getItem('sealphone.devices.v1')!)).toEqual({
      audioinput: { id: 'mic-2', label: 'Fake Audio Input 2' },
      audiooutput: { id: 'out-1', label: 'Fake Audio Output 1' },
    });

    const second = createAppStore(testDeps({ storage }));
    expect(second.getState().devices).toMatchObject({ audioInputId: 'mic-2', audioOutputId: 'out-1', videoInputId: undefined });
    second.getState().chooseDevice('audioInputId', undefined);
    expect(createAppStore(testDeps({ storage })).getState().devices.audioInputId).toBeUndefined();
    expect(deviceSelectors.audioOutputId(createAppStore(testDeps({ storage })).getState())).toBe('out-1');
  });

  it('falls back to the default when the chosen device is gone, says so, and uses it again when it is back', async () => {
    const storage = createMemoryKeyValueStorage();
    const mediaDevices = new FakeMediaDevices(withoutMic2);
    storage.setItem('sealphone.devices.v1', JSON.stringify({ audioinput: { id: 'mic-2', label: 'Fake Audio Input 2' } }));
    const store = createAppStore(testDeps({ storage, mediaDevices }));
    await store.getState().refreshDevices();
    expect(store.getState().devices.audioInputId).toBeUndefined();
    expect(deviceSelectors.missing('audioInputId')(store.getState())).toEqual({ id: 'mic-2', label: 'Fake Audio Input 2' });
    expect(deviceSelectors.missing('videoInputId')(store.getState())).toBeUndefined();

    mediaDevices.change(FAKE_DEVICES);
    await Promise.resolve();
    await Promise.resolve();
    expect(store.getState().devices.audioInputId).toBe('mic-2');
    expect(deviceSelectors.missing('audioInputId')(store.getState())).toBeUndefined();
    // The choice itself was never dropped.
    expect(JSON.parse(storage.getItem('sealphone.devices.v1')!)).toEqual({ audioinput: { id: 'mic-2', label: 'Fake Audio Input 2' } });
  });

  it('keeps using a remembered device while the browser hides devices, and shows it by its remembered name', async () => {
    const storage = createMemoryKeyValueStorage();
    storage.setItem('sealphone.devices.v1', JSON.stringify({ audioinput: { id: 'mic-2', label: 'Fake Audio Input 2' } }));
    const store = createAppStore(testDeps({ storage, mediaDevices: new FakeMediaDevices([...hidden]) }));
    await store.getState().refreshDevices();
    const s = store.getState();
    expect(s.devices.audioInputId).toBe('mic-2');
    expect(deviceSelectors.missing('audioInputId')(s)).toBeUndefined();
    expect(deviceSelectors.unlisted('audioInputId')(s)).toEqual({ id: 'mic-2', label: 'Fake Audio Input 2' });
    expect(deviceSelectors.list('audioInputId')(s)).toEqual([]);
    expect(deviceSelectors.needsAccess(s)).toBe(true);
  });

  it('asks for access to show the names, and lists again once a call had the microphone', async () => {
    const mediaDevices = new FakeMediaDevices([...hidden]);
    const { store, sip } = await signedIn({ mediaDevices });
    mediaDevices.afterAccess = FAKE_DEVICES;
    await store.getState().allowDeviceAccess();
    expect(deviceSelectors.needsAccess(store.getState())).toBe(false);

    mediaDevices.devices = [...hidden];
    await store.getState().refreshDevices();
    const before = mediaDevices.lists;
    mediaDevices.devices = FAKE_DEVICES;
    sip.emit('localStream', 'c1', {} as MediaStream);
    await Promise.resolve();
    expect(mediaDevices.lists).toBe(before + 1);
    // Named now: later calls do not list again.
    await Promise.resolve();
    sip.emit('localStream', 'c2', {} as MediaStream);
    expect(mediaDevices.lists).toBe(before + 1);
  });

  it('names devices the browser leaves unnamed', async () => {
    const mediaDevices = new FakeMediaDevices([
      { kind: 'audioinput', deviceId: 'a', label: '' },
      { kind: 'audioinput', deviceId: 'b', label: '' },
      { kind: 'videoinput', deviceId: 'c', label: '' },
    ]);
    const store = createAppStore(testDeps({ mediaDevices }));
    await store.getState().refreshDevices();
    expect(deviceSelectors.list('audioInputId')(store.getState()).map((d) => d.label)).toEqual(['Microphone 1', 'Microphone 2']);
    expect(deviceSelectors.list('videoInputId')(store.getState()).map((d) => d.label)).toEqual(['Camera 1']);
  });

  it('has no speaker choice where the browser cannot switch speakers', async () => {
    const storage = createMemoryKeyValueStorage();
    storage.setItem('sealphone.devices.v1', JSON.stringify({ audiooutput: { id: 'out-1', label: 'Fake Audio Output 1' } }));
    const store = createAppStore(testDeps({ storage, mediaDevices: new FakeMediaDevices(FAKE_DEVICES, false) }));
    await store.getState().refreshDevices();
    expect(deviceSelectors.canChooseSpeaker(store.getState())).toBe(false);
    expect(deviceSelectors.audioOutputId(store.getState())).toBeUndefined();
    expect(deviceSelectors.missing('audioOutputId')(store.getState())).toBeUndefined();
  });

  it('applies only the latest of overlapping listings', async () => {
    const mediaDevices = new FakeMediaDevices();
    const answers: ((lists: DeviceLists) => void)[] = [];
    mediaDevices.list = () => new Promise((resolve) => answers.push(resolve));
    const store = createAppStore(testDeps({ mediaDevices }));
    const first = store.getState().refreshDevices();
    const second = store.getState().refreshDevices();
    answers[1]!(deviceListsOf(withoutMic2));
    answers[0]!(deviceListsOf(FAKE_DEVICES));
    await Promise.all([first, second]);
    expect(deviceSelectors.list('audioInputId')(store.getState()).map((d) => d.id)).toEqual(['mic-1']);
  });
});
