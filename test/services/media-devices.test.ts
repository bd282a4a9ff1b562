import { describe, expect, it } from 'vitest';
import { createBrowserMediaDevices, deviceListsOf } from '../../src/services/media-devices.ts';

describe('deviceListsOf', () => {
  it('lists devices per kind, leaves out the default and communications pseudo-devices, and names the default', () => {
    const lists = deviceListsOf([
      { kind: 'audioinput', deviceId: 'default', label: 'Default - Built-in Microphone' },
      { kind: 'audioinput', deviceId: 'communications', label: 'Communications - Headset' },
      { kind: 'audioinput', deviceId: 'a1', label: 'Built-in Microphone' },
      { kind: 'audioinput', deviceId: 'a2', label: 'Headset' },
      { kind: 'audioinput', deviceId: 'a2', label: 'Headset' },
      { kind: 'videoinput', deviceId: 'v1', label: 'FaceTime HD Camera' },
      { kind: 'audiooutput', deviceId: 'o1', label: 'Speakers' },
    ]);
    expect(lists).toEqual({
      audioinput: [
        { id: 'a1', label: 'Built-in Microphone' },
        { id: 'a2', label: 'Headset' },
      ],
      videoinput: [{ id: 'v1', label: 'FaceTime HD Camera' }],
      audiooutput: [{ id: 'o1', label: 'Speakers' }],
      defaults: { audioinput: 'Built-in Microphone' },
      exposed: true,
      named: true,
    });
  });

  it('names unnamed devices "Microphone 1", "Camera 1", "Speaker 2"', () => {
    const lists = deviceListsOf([
      { kind: 'audioinput', deviceId: 'a1', label: '' },
      { kind: 'videoinput', deviceId: 'v1', label: '' },
      { kind: 'audiooutput', deviceId: 'o1', label: 'Speakers' },
      { kind: 'audiooutput', deviceId: 'o2', label: '' },
    ]);
    expect(lists.audioinput).toEqual([{ id: 'a1', label: 'Microphone 1' }]);
    expect(lists.videoinput).toEqual([{ id: 'v1', label: 'Camera 1' }]);
    expect(lists.audiooutput.map((d) => d.label)).toEqual(['Speakers', 'Speaker 2']);
    expect(lists).toMatchObject({ exposed: true, named: false });
  });

  it('before any permission (no ids): nothing to choose, and nothing can be found missing', () => {
    const lists = deviceListsOf([
      { kind: 'audioinput', deviceId: '', label: '' },
      { kind: 'videoinput', deviceId: '', label: '' },
    ]);
    expect(lists).toMatchObject({ audioinput: [], videoinput: [], exposed: false, named: false });
  });
});

class FakeMediaDevicesApi extends EventTarget {
  requests: MediaStreamConstraints[] = [];
  stopped = 0;
  refuse = new Set<string>();
  async enumerateDevices() {
    return [{ kind: 'audioinput', deviceId: 'a1', label: 'Mic', groupId: 'g', toJSON: () => ({}) }] as MediaDeviceInfo[];
  }
  async getUserMedia(constraints: MediaStreamConstraints) {
    this.requests.push(constraints);
    if (this.refuse.has(constraints.video ? 'video' : 'audio')) throw new DOMException('no', 'NotAllowedError');
    return { getTracks: () => [{ stop: () => this.stopped++ }] } as unknown as MediaStream;
  }
}

describe('browser media devices', () => {
  it('lists through enumerateDevices and reports devicechange until unsubscribed', async () => {
    const api = new FakeMediaDevicesApi();
    const service = createBrowserMediaDevices(api as unknown as MediaDevices, true);
    expect(service.canChooseSpeaker).toBe(true);
    expect((await service.list()).audioinput).toEqual([{ id: 'a1', label: 'Mic' }]);
    let changes = 0;
    const off = service.onChange(() => changes++);
    api.dispatchEvent(new Event('devicechange'));
    off();
    api.dispatchEvent(new Event('devicechange'));
    expect(changes).toBe(1);
  });

  it('asks for access with microphone and camera, then the microphone alone, and lets go of the tracks', async () => {
    const api = new FakeMediaDevicesApi();
    const service = createBrowserMediaDevices(api as unknown as MediaDevices, false);
    api.refuse.add('video');
    expect(await service.requestAccess()).toBe(true);
    expect(api.requests).toEqual([{ audio: true, video: true }, { audio: true }]);
    expect(api.stopped).toBe(1);
    api.refuse.add('audio');
    expect(await service.requestAccess()).toBe(false);
  });

  it('without navigator.mediaDevices (insecure page): no devices, no access', async () => {
    const service = createBrowserMediaDevices(undefined, false);
    expect(await service.list()).toMatchObject({ audioinput: [], exposed: false });
    expect(await service.requestAccess()).toBe(false);
    expect(() => service.onChange(() => undefined)()).not.toThrow();
  });
});
