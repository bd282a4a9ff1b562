/** Recording fakes of the media-devices, ringer and notifications services, for store and UI tests. */
import { deviceListsOf, type DeviceInfoLike, type DeviceLists, type MediaDevicesService } from '../../src/services/media-devices.ts';
import type { Ringer, Tone } from '../../src/services/ringer.ts';
import type { AlertNotification, NotificationEnvironment, Notifications } from '../../src/services/notifications.ts';

/** Chromium's fake devices (`--use-fake-device-for-media-stream`), with short ids. */
export const FAKE_DEVICES: DeviceInfoLike[] = [
  { kind: 'audioinput', deviceId: 'default', label: 'Default - Fake Default Audio Input' },
  { kind: 'audioinput', deviceId: 'mic-1', label: 'Fake Audio Input 1' },
  { kind: 'audioinput', deviceId: 'mic-2', label: 'Fake Audio Input 2' },
  { kind: 'videoinput', deviceId: 'cam-0', label: 'fake_device_0' },
  { kind: 'audiooutput', deviceId: 'default', label: 'Fake Default Audio Output' },
  { kind: 'audiooutput', deviceId: 'out-1', label: 'Fake Audio Output 1' },
];

export class FakeMediaDevices implements MediaDevicesService {
  devices: DeviceInfoLike[];
  /** What the browser shows once access is allowed (requestAccess). */
  afterAccess: DeviceInfoLike[] | null = null;
  lists = 0;
  private listeners = new Set<() => void>();

  constructor(
    devices: DeviceInfoLike[] = FAKE_DEVICES,
    readonly canChooseSpeaker = true,
  ) {
    this.devices = devices;
  }
  async list(): Promise<DeviceLists> {
    this.lists++;
    return deviceListsOf(this.devices);
  }
  async requestAccess(): Promise<boolean> {
    if (!this.afterAccess) return false;
    this.devices = this.afterAccess;
    return true;
  }
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  /** Plugs devices in or out and fires `devicechange`. */
  change(devices: DeviceInfoLike[]): void {
    this.devices = devices;
    for (const l of this.listeners) l();
  }
}

export class RecordingRinger implements Ringer {
  readonly played: (Tone | null)[] = [];
  readonly volumes: number[] = [];
  play(tone: Tone | null): void {
    this.played.push(tone);
  }
  setVolume(volume: number): void {
    this.volumes.push(volume);
  }
}

export class FakeNotifications implements Notifications {
  env: NotificationEnvironment = { visible: true, permission: 'granted' };
  permissionRequests = 0;
  readonly shown: AlertNotification[] = [];
  readonly closed: string[] = [];
  environment(): NotificationEnvironment {
    return this.env;
  }
  requestPermission(): void {
    this.permissionRequests++;
  }
  show(notification: AlertNotification): void {
    this.shown.push(notification);
  }
  close(tag: string): void {
    this.closed.push(tag);
  }
}
